import { SearchSnippet } from '@/components/SearchSnippet';
import Link from 'next/link';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { HereNow, PresencePoller } from '@/components/HereNow';
import { ImportForm } from '@/components/ImportForm';
import { NewDocumentForm } from '@/components/NewDocumentForm';
import { can } from '@/lib/policies';
import { formatDateline, formatDatelineDate, formatInZone, INTERFACE_LOCALE } from '@/lib/text/dates';
import { COMMON_LANGUAGES, DOCUMENT_KINDS, KIND_LABELS } from '@/lib/text/document';
import { LISTED_STATES, LIST_SORTS, SORT_LABELS, languageName, parseDocumentListQuery, type DocumentListQuery } from '@/lib/text/document-list';
import { STATE_LABELS } from '@/lib/workflow/states';
import { currentUser } from '@/server/next/http';
import { documentListPage } from '@/server/queries/documents';
import { waitingFor, type WaitingReason } from '@/server/queries/inbox';
import { getServices } from '@/server/registry';
import { organisation } from '@/server/commands/organisation';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Documents' };

const REASONS: Record<WaitingReason, string> = { approve: 'To approve', review: 'To review', publish: 'To publish', revise: 'Changes requested' };

/** The list URL with `changes` applied to the current query (for pages and "clear"). */
function listHref(query: DocumentListQuery, changes: Partial<Record<keyof DocumentListQuery, string | number | null>>): string {
  const params = new URLSearchParams();
  const merged: Record<string, string | number | null> = { ...query, ...changes };
  for (const key of ['q', 'kind', 'language', 'state', 'sort', 'collation', 'page'] as const) {
    const value = merged[key];
    if (value === null || value === undefined || value === '') continue;
    if ((key === 'sort' && value === 'updated') || (key === 'page' && value === 1)) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `/documents?${text}` : '/documents';
}

/**
 * The documents the signed-in user may see: search in titles, datelines and texts (each
 * result with the passage that matched), filters for kind, language and
 * state, ordering by last edit or by title in a chosen alphabet, fifty to a page, and who is
 * in each document now (kept live by polling). Everything is a plain GET form, so it works
 * from the keyboard and without JavaScript, and every view has its own URL.
 */
export default async function DocumentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=/documents');
  const services = getServices();
  const { storage } = services;
  const org = await organisation(services);
  const acceptLanguage = (await headers()).get('accept-language');
  const { query } = parseDocumentListQuery(await searchParams);
  const [list, waiting] = await Promise.all([documentListPage(services, user, query, acceptLanguage), waitingFor(storage, user)]);
  const mayCreate = can(user, 'create');
  const filtered = Boolean(query.q || query.kind || query.language || query.state);
  const languages = [...COMMON_LANGUAGES.map((l) => l.tag)];
  if (query.language && !languages.includes(query.language)) languages.push(query.language);

  return (
    <main className="page page-wide">
      <div className="page-head">
        <div>
          <h1>Documents</h1>
          <p className="lede">{list.visible === 1 ? 'One document you can open.' : `${list.visible} documents you can open.`}</p>
        </div>
        {mayCreate && (
          <div className="page-actions">
            <NewDocumentForm />
          </div>
        )}
      </div>

      <div className={mayCreate ? 'with-side' : undefined}>
        <div className="list-column">
          {waiting.length > 0 && (
            <section className="panel waiting" aria-labelledby="waiting-title">
              <h2 id="waiting-title">Waiting for you</h2>
              <ul>
                {waiting.map((w) => (
                  <li key={w.document.id}>
                    <span className="reason">{REASONS[w.reason]}</span>
                    <Link href={`/documents/${encodeURIComponent(w.document.id)}`} lang={w.document.language}>
                      {w.document.title}
                    </Link>
                    {w.due && <span className="muted"> · due {formatDatelineDate(w.due, INTERFACE_LOCALE)}</span>}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {/* biome-ignore lint/a11y/useSemanticElements: <search> is too new for every browser the secretariat uses; a form with role=search is announced the same */}
          <form className="filters" role="search" aria-label="Search and filter documents" method="get" action="/documents">
            <label className="search-field">
              Search
              <input type="search" name="q" defaultValue={query.q ?? ''} placeholder="Words in the title or the text" maxLength={200} />
            </label>
            <label>
              Kind
              <select name="kind" defaultValue={query.kind ?? ''}>
                <option value="">All kinds</option>
                {DOCUMENT_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {KIND_LABELS[kind]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Language
              <select name="language" defaultValue={query.language ?? ''}>
                <option value="">All languages</option>
                {languages.map((tag) => (
                  <option key={tag} value={tag} lang={tag}>
                    {languageName(tag)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              State
              <select name="state" defaultValue={query.state ?? ''}>
                <option value="">All states</option>
                {LISTED_STATES.map((s) => (
                  <option key={s} value={s}>
                    {STATE_LABELS[s]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Order
              <select name="sort" defaultValue={query.sort}>
                {LIST_SORTS.map((s) => (
                  <option key={s} value={s}>
                    {SORT_LABELS[s]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Alphabet
              <select name="collation" defaultValue={query.collation ?? ''} aria-describedby="alphabet-hint">
                <option value="">Automatic</option>
                {COMMON_LANGUAGES.map((l) => (
                  <option key={l.tag} value={l.tag} lang={l.tag}>
                    {l.name}
                  </option>
                ))}
              </select>
            </label>
            <p id="alphabet-hint" className="visually-hidden">
              The alphabet titles are ordered in. Automatic uses the language filter, else your browser’s language: now {languageName(list.collation)}.
            </p>
            <div className="filter-actions">
              <button type="submit">Apply</button>
              {(filtered || query.sort !== 'updated' || query.collation) && (
                <Link href="/documents" className="button-link subtle">
                  Clear
                </Link>
              )}
            </div>
          </form>

          {(filtered || query.sort !== 'updated') && (
            <p className="result-count" role="status">
              {filtered && (
                <span data-testid="result-count">
                  {list.total} of {list.visible} {list.visible === 1 ? 'document matches' : 'documents match'}.{' '}
                </span>
              )}
              {query.sort !== 'updated' && (
                <span>
                  Titles in <span lang={list.collation}>{languageName(list.collation)}</span> alphabetical order.
                </span>
              )}
            </p>
          )}

          {list.items.length === 0 ? (
            <div className="empty">
              {filtered ? (
                <p>
                  No document matches these filters. <Link href="/documents">Show every document</Link> or change the search.
                </p>
              ) : mayCreate ? (
                <p>No documents yet. Start one with “New document”, or import a Markdown or Word file.</p>
              ) : (
                <p>No documents are shared with you yet. When a colleague creates one, it appears here.</p>
              )}
            </div>
          ) : (
            <div className="table-wrap">
              <table className="documents">
                <caption className="visually-hidden">
                  Documents{filtered ? ', filtered' : ''}, ordered by {SORT_LABELS[query.sort].toLowerCase()}
                </caption>
                <thead>
                  <tr>
                    <th scope="col" aria-sort={query.sort === 'title' ? 'ascending' : query.sort === 'title-desc' ? 'descending' : undefined}>
                      Title
                    </th>
                    <th scope="col">Kind</th>
                    <th scope="col">Language</th>
                    <th scope="col">State</th>
                    <th scope="col" aria-sort={query.sort === 'updated' ? 'descending' : undefined}>
                      Last edit
                    </th>
                    <th scope="col">Here now</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((doc) => (
                    <tr key={doc.id} data-testid="document-row">
                      <td className="title-cell">
                        <Link href={`/documents/${encodeURIComponent(doc.id)}`} lang={doc.language} className="doc-title">
                          {doc.title}
                        </Link>
                        <OpenThreads count={doc.openThreads} />
                        {doc.masterChanged && (
                          <span
                            className="thread-badge language-stale-badge"
                            data-testid="master-changed"
                            title="The master text changed since this language version was aligned with it"
                          >
                            master changed
                          </span>
                        )}
                        {doc.dateline && (
                          <span className="dateline-small" lang={doc.language}>
                            {formatDateline(doc.dateline, doc.language)}
                          </span>
                        )}
                        {doc.match && <SearchSnippet match={doc.match} language={doc.language} />}
                      </td>
                      <td data-label="Kind">{KIND_LABELS[doc.kind]}</td>
                      <td data-label="Language">
                        <span lang={doc.language}>{languageName(doc.language)}</span>
                      </td>
                      <td data-label="State">
                        <span className={`state state-${doc.state}`}>{STATE_LABELS[doc.state] ?? doc.state}</span>
                      </td>
                      <td className="edited" data-label="Last edit">
                        <time dateTime={doc.updatedAt}>{formatInZone(doc.updatedAt, org.timeZone)}</time>
                        {doc.updatedBy && <span className="by">{doc.updatedBy.name}</span>}
                      </td>
                      <td data-testid="here-now" data-label="Here now">
                        <HereNow documentId={doc.id} initial={doc.present} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {list.pages > 1 && (
            <nav className="pager" aria-label="Pages">
              {list.page > 1 ? <Link href={listHref(query, { page: list.page - 1 })}>← Previous</Link> : <span />}
              <span>
                Page {list.page} of {list.pages}
              </span>
              {list.page < list.pages ? <Link href={listHref(query, { page: list.page + 1 })}>Next →</Link> : <span />}
            </nav>
          )}
          <PresencePoller />
        </div>

        {mayCreate && (
          <aside className="side-column" aria-label="Import">
            {mayCreate && (
              <section className="panel" aria-labelledby="import-title">
                <h2 id="import-title">Import a file</h2>
                <p className="hint">A Markdown or Word file becomes a new draft; you are told about anything it could not keep.</p>
                <ImportForm />
              </section>
            )}
          </aside>
        )}
      </div>
    </main>
  );
}

/** "2 open comments" beside a title, when there are any. */
function OpenThreads({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <span className="thread-badge" data-testid="open-threads-count">
      {count === 1 ? '1 open comment' : `${count} open comments`}
    </span>
  );
}
