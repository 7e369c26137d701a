import { abilities, can, mayBeNamedReviewer } from '@/lib/policies';
import { pendingEmbargo, quorumFor } from '@/lib/workflow/states';
import type { DocumentKind, DocumentView, SearchMatch } from '@/lib/text/document';
import { defaultCollation, parseDocumentListQuery, titleCollator, type DocumentListQuery } from '@/lib/text/document-list';
import { searchTerms, snippetOf, type SearchTerms } from '@/lib/text/fold';
import type { DocumentState } from '@/lib/workflow/states';
import type { SessionUser } from '@/server/auth/session';
import { userName } from '@/server/auth/session';
import { listEndorsements } from '@/server/commands/endorsements';
import { authorizeDocument } from '@/server/commands/guard';
import type { Services } from '@/server/registry';
import type { DocumentRecord, SearchHit, Storage } from '@/server/storage/types';
import { documentFactsFor } from '@/server/history/round-editors';
import { withOpenSuggestions } from './suggestions';
import { staleLanguageVersions } from './languages';

/**
 * Presents a stored document as the API and the pages show it, with the actor's abilities.
 * With `live` (one document's page or GET), approval also waits for open suggestions in the
 * text (issue 21); lists leave them to the transition's own check rather than load each text.
 */
export async function presentDocument(
  storage: Storage,
  actor: SessionUser,
  doc: DocumentRecord,
  names = new Map<string, string>(),
  live?: Pick<Services, 'collab'>,
): Promise<DocumentView> {
  const person = async (id: string | null) => (id ? { id, name: (await userName(storage, id, names)) ?? 'Former user' } : null);
  const approvals = doc.reviewRound > 0 && doc.state !== 'draft' ? await storage.listApprovals(doc.id, doc.reviewRound) : [];
  const commented = await storage.latestAudit(doc.id, { withComment: true });
  return {
    id: doc.id,
    title: doc.title,
    kind: doc.kind,
    language: doc.language,
    state: doc.state,
    dateline: doc.datelinePlace || doc.datelineDate ? { place: doc.datelinePlace ?? '', date: doc.datelineDate } : null,
    // Only a release still ahead shows its embargo (a released, reopened or pulled-back text none).
    embargoUntil: pendingEmbargo(doc, new Date())?.toISOString() ?? null,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
    createdBy: await person(doc.createdBy),
    updatedBy: await person(doc.updatedBy),
    submittedBy: doc.state === 'draft' ? null : await person(doc.submittedBy),
    submittedAt: doc.state === 'draft' ? null : (doc.submittedAt?.toISOString() ?? null),
    approvals: {
      count: approvals.length,
      quorum: quorumFor(doc.kind),
      approvers: (await Promise.all(approvals.map((a) => person(a.approverId)))).filter((p): p is { id: string; name: string } => p !== null),
    },
    endorsements: await Promise.all(
      (await listEndorsements(storage, doc)).map(async (e) => ({
        by: { id: e.reviewerId, name: (await userName(storage, e.reviewerId, names)) ?? 'Former user' },
        contentHash: e.contentHash,
        versionId: e.versionId,
        at: e.at,
      })),
    ),
    publishedVersionId: doc.publishedVersionId,
    publishedAt: doc.publishedAt?.toISOString() ?? null,
    lastComment: commented
      ? {
          action: commented.action,
          text: String(commented.detail.comment),
          by: (await userName(storage, commented.actorId, names)) ?? 'Former user',
          at: commented.at,
        }
      : null,
    openThreads: (await storage.countOpenThreads([doc.id])).get(doc.id) ?? 0,
    abilities: abilities(
      actor,
      live ? await withOpenSuggestions(live, await documentFactsFor(storage, actor, doc)) : await documentFactsFor(storage, actor, doc),
    ),
  };
}

/** The documents the actor may see (restricted ones only to members and admins), not archived. */
async function visibleDocuments(storage: Storage, actor: SessionUser): Promise<DocumentRecord[]> {
  return (await storage.listDocuments()).filter((doc) => can(actor, 'read', doc));
}

/** A search's best hit per document (title before dateline before body before released), and its terms. */
interface SearchMatches {
  terms: SearchTerms | null;
  best: Map<string, SearchHit>;
}

const FIELD_ORDER: readonly SearchMatch['field'][] = ['title', 'dateline', 'body', 'released', 'thread'];

/** At most this many indexed texts are considered per search (a few per document; their texts are not read). */
const SEARCH_ROWS = 5000;

/**
 * Searches the index for `q` (null when there is no search): which documents match, and in
 * which field best. Visibility is decided afterwards, on the documents themselves
 * (`visibleDocuments`); only the results shown have their passage read (`quoteMatches`).
 */
async function searchMatches(storage: Storage, q: string | null): Promise<SearchMatches | null> {
  if (!q) return null;
  const terms = searchTerms(q);
  const best = new Map<string, SearchHit>();
  if (!terms) return { terms, best }; // nothing to look for in a search without a letter or digit
  for (const hit of await storage.searchDocuments(terms, SEARCH_ROWS)) {
    const known = best.get(hit.documentId);
    if (!known || FIELD_ORDER.indexOf(hit.field) < FIELD_ORDER.indexOf(known.field)) best.set(hit.documentId, hit);
  }
  return { terms, best };
}

/** The passage that matched in each of `docs` (read from the index only for these). */
async function quoteMatches(storage: Storage, matches: SearchMatches | null, docs: readonly DocumentRecord[]): Promise<Map<string, SearchMatch>> {
  const quoted = new Map<string, SearchMatch>();
  if (!matches?.terms) return quoted;
  const hits = docs.map((doc) => matches.best.get(doc.id)).filter((hit): hit is SearchHit => hit !== undefined);
  const texts = await storage.readSearchTexts(hits.map((h) => h.entryId));
  for (const hit of hits) {
    const text = texts.get(hit.entryId) ?? '';
    const snippet = snippetOf(text, matches.terms);
    // The index matched every term in this text; the snippet marks what it can show.
    quoted.set(hit.documentId, { field: hit.field, snippet: snippet?.text ?? text.slice(0, 200), highlights: snippet?.highlights ?? [] });
  }
  return quoted;
}

/**
 * The visible documents that match `query`'s search and filters, in its order. Titles are
 * compared with Intl.Collator in `collation`'s alphabet; ties keep the newest edit first.
 */
function matching(docs: DocumentRecord[], query: DocumentListQuery, collation: string, matches: SearchMatches | null): DocumentRecord[] {
  const found = docs.filter(
    (doc) =>
      (!query.kind || doc.kind === query.kind) &&
      (!query.state || doc.state === query.state) &&
      (!query.language || doc.language === query.language || doc.language.startsWith(`${query.language}-`)) &&
      (!matches || matches.best.has(doc.id)),
  );
  const newestFirst = (a: DocumentRecord, b: DocumentRecord) => b.updatedAt.getTime() - a.updatedAt.getTime() || (a.id < b.id ? -1 : 1);
  if (query.sort === 'updated') return found.sort(newestFirst);
  const collator = titleCollator(collation);
  const direction = query.sort === 'title-desc' ? -1 : 1;
  return found.sort((a, b) => direction * collator.compare(a.title, b.title) || newestFirst(a, b));
}

/**
 * The documents the actor may see, searched, filtered and sorted by `query` (GET
 * /api/documents?q=&kind=&language=&state=&sort=&collation=), every match, as full metadata.
 */
export async function listDocuments(
  storage: Storage,
  actor: SessionUser,
  query: DocumentListQuery = parseDocumentListQuery({}).query,
  acceptLanguage: string | null = null,
): Promise<DocumentView[]> {
  const names = new Map<string, string>();
  const matches = await searchMatches(storage, query.q);
  const docs = matching(await visibleDocuments(storage, actor), query, defaultCollation(query, acceptLanguage), matches);
  const quoted = await quoteMatches(storage, matches, docs);
  return Promise.all(
    docs.map(async (doc) => {
      const view = await presentDocument(storage, actor, doc, names);
      const match = quoted.get(doc.id);
      return match ? { ...view, match } : view;
    }),
  );
}

/** One row of the documents page. */
export interface DocumentListItem {
  id: string;
  title: string;
  kind: DocumentKind;
  language: string;
  state: DocumentState;
  dateline: { place: string; date: string | null } | null;
  updatedAt: string;
  updatedBy: { id: string; name: string } | null;
  /** The people who have the document open right now. */
  present: { id: string; name: string }[];
  /** Comment threads not resolved. */
  openThreads: number;
  /** Where the search matched (null without a search). */
  match: SearchMatch | null;
  /** A language version whose master's text changed since it was aligned (issue 23). */
  masterChanged: boolean;
}

export interface DocumentListPage {
  items: DocumentListItem[];
  /** Matches over all pages, and how many documents the actor may see at all. */
  total: number;
  visible: number;
  page: number;
  pages: number;
  pageSize: number;
  /** The alphabet the titles were ordered in. */
  collation: string;
}

export const LIST_PAGE_SIZE = 50;

/**
 * One page of the documents page: the matches of `query`, `LIST_PAGE_SIZE` at a time, each
 * with who is in it now (the collaboration server's live connections). Only the rows shown
 * are presented, so a secretariat with hundreds of documents renders fifty rows.
 */
export async function documentListPage(
  services: Pick<Services, 'storage' | 'collab'>,
  actor: SessionUser,
  query: DocumentListQuery,
  acceptLanguage: string | null,
): Promise<DocumentListPage> {
  const { storage, collab } = services;
  const visible = await visibleDocuments(storage, actor);
  const collation = defaultCollation(query, acceptLanguage);
  const matches = await searchMatches(storage, query.q);
  const found = matching(visible, query, collation, matches);
  const pages = Math.max(1, Math.ceil(found.length / LIST_PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const names = new Map<string, string>();
  const person = async (id: string) => ({ id, name: (await userName(storage, id, names)) ?? 'Former user' });
  const shown = found.slice((page - 1) * LIST_PAGE_SIZE, page * LIST_PAGE_SIZE);
  const open = await storage.countOpenThreads(shown.map((doc) => doc.id));
  const quoted = await quoteMatches(storage, matches, shown);
  const stale = await staleLanguageVersions(
    storage,
    collab,
    shown.map((doc) => doc.id),
  );
  const items = await Promise.all(
    shown.map(async (doc) => ({
      id: doc.id,
      title: doc.title,
      kind: doc.kind,
      language: doc.language,
      state: doc.state,
      dateline: doc.datelinePlace || doc.datelineDate ? { place: doc.datelinePlace ?? '', date: doc.datelineDate } : null,
      updatedAt: doc.updatedAt.toISOString(),
      updatedBy: doc.updatedBy ? await person(doc.updatedBy) : null,
      present: await Promise.all(collab.presentUserIds(doc.id).map(person)),
      openThreads: open.get(doc.id) ?? 0,
      match: quoted.get(doc.id) ?? null,
      masterChanged: stale.has(doc.id),
    })),
  );
  return { items, total: found.length, visible: visible.length, page, pages, pageSize: LIST_PAGE_SIZE, collation };
}

/**
 * Who is in each visible document right now: `{documentId: [{id, name}]}`, only documents
 * someone has open. The documents page polls it to keep "Here now" live.
 */
export async function presenceInVisibleDocuments(
  services: Pick<Services, 'storage' | 'collab'>,
  actor: SessionUser,
): Promise<Record<string, { id: string; name: string }[]>> {
  const names = new Map<string, string>();
  const result: Record<string, { id: string; name: string }[]> = {};
  for (const doc of await visibleDocuments(services.storage, actor)) {
    const ids = services.collab.presentUserIds(doc.id);
    if (ids.length === 0) continue;
    result[doc.id] = await Promise.all(ids.map(async (id) => ({ id, name: (await userName(services.storage, id, names)) ?? 'Former user' })));
  }
  return result;
}

/** One document's metadata; 404 when unknown or not visible to the actor. */
export async function getDocument(storage: Storage, actor: SessionUser, documentId: string, live?: Pick<Services, 'collab'>): Promise<DocumentView> {
  const { doc } = await authorizeDocument(storage, actor, documentId, 'read');
  return presentDocument(storage, actor, doc, new Map(), live);
}

/** The people who could be named to review or approve this document (for the submit dialog). */
export async function possibleReviewers(storage: Storage, actor: SessionUser, documentId: string): Promise<{ email: string; name: string; role: string }[]> {
  const { doc } = await authorizeDocument(storage, actor, documentId, 'read');
  return (await storage.listUsers())
    .filter((u) => u.active && u.id !== actor.id && mayBeNamedReviewer(u, doc, actor.id))
    .map((u) => ({ email: u.email, name: u.name, role: u.role }));
}
