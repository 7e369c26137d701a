import { notFound } from 'next/navigation';
import { DocumentBody, type PMJson } from '../../../components/DocumentBody';
import { KIND_LABELS, type DocumentKind } from '../../../lib/text/document';
import { formatDateline, formatInZone } from '../../../lib/text/dates';
import { releasedDocument } from '../../../server/queries/newsroom';
import { getServices } from '../../../server/registry';
import { organisation } from '../../../server/commands/organisation';

export const dynamic = 'force-dynamic';

export default async function ReleasedDocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { storage } = getServices();
  const org = await organisation(getServices());
  const doc = await releasedDocument(storage, id);
  if (!doc) notFound();
  return (
    <main className="page release">
      <article lang={doc.language}>
        {/* Interface words are English: upper-casing them with the document's rules would give "DECLARATİON". */}
        <p className="eyebrow" lang="en">
          {KIND_LABELS[doc.kind as DocumentKind] ?? doc.kind} · {formatInZone(doc.publishedAt, org.timeZone)}
        </p>
        {doc.superseded && (
          <p className="banner" role="note" lang="en">
            Superseded: this text is being revised. It stands until the next release.
          </p>
        )}
        <h1>{doc.title}</h1>
        {doc.dateline && <p className="dateline">{formatDateline(doc.dateline, doc.language)}</p>}
        <DocumentBody content={doc.content as PMJson} language={doc.language} />
        <p className="fingerprint" lang="en">
          Version {doc.versionId} · SHA-256 {doc.contentHash.slice(0, 16)}…
        </p>
      </article>
    </main>
  );
}
