import Link from 'next/link';
import { KIND_LABELS, type DocumentKind } from '../../lib/text/document';
import { formatDateline, formatInZone } from '../../lib/text/dates';
import { releasedDocuments } from '../../server/queries/newsroom';
import { getServices } from '../../server/registry';
import { organisation } from '../../server/commands/organisation';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Newsroom' };

export default async function NewsroomPage() {
  const { storage } = getServices();
  const org = await organisation(getServices());
  const released = await releasedDocuments(storage);
  return (
    <main className="page">
      <h1>Newsroom</h1>
      {released.length === 0 ? (
        <p className="empty">Nothing has been released yet.</p>
      ) : (
        <ul className="releases">
          {released.map((doc) => (
            <li key={doc.id}>
              <p className="eyebrow">
                {KIND_LABELS[doc.kind as DocumentKind] ?? doc.kind} · {formatInZone(doc.publishedAt, org.timeZone)}
                {doc.superseded && <span className="superseded"> · Superseded</span>}
              </p>
              <h2 lang={doc.language}>
                <Link href={`/newsroom/${doc.id}`}>{doc.title}</Link>
              </h2>
              {doc.dateline && (
                <p className="dateline" lang={doc.language}>
                  {formatDateline(doc.dateline, doc.language)}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
