import { isPublic } from '@/lib/policies';
import type { DocumentRecord, Storage, VersionRecord } from '@/server/storage/types';

export interface ReleasedDocument {
  id: string;
  title: string;
  kind: string;
  language: string;
  dateline: { place: string; date: string | null } | null;
  publishedAt: string;
  /** True when the document was reopened after release: this copy stands until the next one. */
  superseded: boolean;
  versionId: string;
  contentHash: string;
  content: unknown;
}

/**
 * What the public newsroom shows: released versions whose embargo has passed, newest
 * first. Nothing else about a document is visible without sign-in, and nothing at all
 * before its embargo (restricted documents included: released means public).
 */
export async function releasedDocuments(storage: Storage, now = new Date()): Promise<ReleasedDocument[]> {
  const released: ReleasedDocument[] = [];
  for (const doc of await storage.listDocuments()) {
    if (!isPublic(doc, now)) continue;
    const version = await storage.findVersion(doc.id, doc.publishedVersionId);
    if (!version) continue;
    released.push(toReleased(doc, version));
  }
  return released.sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
}

/**
 * The released documents whose public text has exactly this content hash: the same rule as
 * the newsroom (isPublic, archived documents left out), found by one indexed query.
 */
export async function releasedWithHash(storage: Storage, contentHash: string, now = new Date()): Promise<ReleasedDocument[]> {
  const released: ReleasedDocument[] = [];
  for (const doc of await storage.listDocumentsPublishedWithHash(contentHash)) {
    if (!isPublic(doc, now)) continue;
    const version = await storage.findVersion(doc.id, doc.publishedVersionId);
    if (version?.contentHash === contentHash) released.push(toReleased(doc, version));
  }
  return released.sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
}

function toReleased(doc: DocumentRecord & { publishedVersionId: string; publishedAt: Date }, version: VersionRecord): ReleasedDocument {
  return {
    id: doc.id,
    title: version.meta.title,
    kind: version.meta.kind,
    language: version.meta.language,
    dateline: version.meta.datelinePlace || version.meta.datelineDate ? { place: version.meta.datelinePlace ?? '', date: version.meta.datelineDate } : null,
    publishedAt: (doc.embargoUntil && doc.embargoUntil > doc.publishedAt ? doc.embargoUntil : doc.publishedAt).toISOString(),
    superseded: doc.state !== 'published',
    versionId: version.id,
    contentHash: version.contentHash,
    content: JSON.parse(version.contentJson) as unknown,
  };
}

/** One released document, or null (404) when it is not released or still under embargo. */
export async function releasedDocument(storage: Storage, id: string, now = new Date()): Promise<ReleasedDocument | null> {
  return (await releasedDocuments(storage, now)).find((d) => d.id === id) ?? null;
}

/** A released language version of a statement, as its newsroom page links it (`hreflang`). */
export interface ReleasedLanguage {
  id: string;
  language: string;
  title: string;
}

/**
 * The other language versions of a released document that are public too (issue 23), in the
 * group's order. A group published together is released at one instant, so they appear
 * together; a version published on its own appears only once its own embargo has passed.
 */
export async function releasedLanguages(storage: Storage, id: string, now = new Date()): Promise<ReleasedLanguage[]> {
  const group = await storage.findLanguageGroup(id);
  const languages: ReleasedLanguage[] = [];
  for (const member of group?.members ?? []) {
    if (member.documentId === id) continue;
    const doc = await storage.findDocument(member.documentId);
    if (!doc || doc.state === 'archived' || !isPublic(doc, now)) continue;
    const version = await storage.findVersion(doc.id, doc.publishedVersionId);
    if (version) languages.push({ id: doc.id, language: version.meta.language, title: version.meta.title });
  }
  return languages;
}
