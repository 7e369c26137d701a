import Link from 'next/link';
import type { DocumentKind } from '@/lib/text/document';
import { formatDateline, formatInZone } from '@/lib/text/dates';
import { exportLabels } from '@/lib/text/export-labels';
import { releasedDocuments } from '@/server/queries/newsroom';
import { getServices } from '@/server/registry';
import { organisation } from '@/server/commands/organisation';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Newsroom' };

/** Every released statement, newest first; each item's kind and date in its own language. */
export default async function NewsroomPage() {
  const { storage } = getServices();
  const org = await organisation(getServices());
  const released = await releasedDocuments(storage);
  return (
    <main className="page newsroom-page">
      <h1>Newsroom</h1>
      <p className="lede">Statements, speeches and press releases of {org.name}, newest first.</p>
      {released.length === 0 ? (
        <p className="empty">Nothing has been released yet.</p>
      ) : (
        <ul className="releases">
          {released.map((doc) => {
            const labels = exportLabels(doc.language);
            return (
              <li key={doc.id} lang={doc.language}>
                <p className="eyebrow">
                  <span className="kind">{labels.kinds[doc.kind as DocumentKind] ?? doc.kind}</span>
                  <time dateTime={doc.publishedAt}>{formatInZone(doc.publishedAt, org.timeZone, doc.language)}</time>
                </p>
                <h2>
                  <Link href={`/newsroom/${doc.id}`}>{doc.title}</Link>
                </h2>
                {doc.dateline && <p className="dateline">{formatDateline(doc.dateline, doc.language)}</p>}
                {doc.superseded && <p className="superseded">{labels.superseded}</p>}
              </li>
            );
          })}
        </ul>
      )}
    </main>
  );
}
