import Link from 'next/link';
import { redirect } from 'next/navigation';
import { ImportForm } from '../../../components/ImportForm';
import { NewDocumentForm } from '../../../components/NewDocumentForm';
import { decide } from '../../../lib/policies';
import { KIND_LABELS } from '../../../lib/text/document';
import { DOCUMENT_STATES, STATE_LABELS, type DocumentState } from '../../../lib/workflow/states';
import { waitingFor, type WaitingReason } from '../../../server/queries/inbox';
import { currentUser } from '../../../server/next/http';
import { listDocuments } from '../../../server/queries/documents';
import { getServices } from '../../../server/registry';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Documents' };

const REASONS: Record<WaitingReason, string> = { approve: 'To approve', review: 'To review', publish: 'To publish', revise: 'Changes requested' };

export default async function DocumentsPage({ searchParams }: { searchParams: Promise<{ state?: string }> }) {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=/documents');
  const { storage, env } = getServices();
  const { state } = await searchParams;
  const filter = (DOCUMENT_STATES as readonly string[]).includes(state ?? '') && state !== 'archived' ? state : null;
  const [all, waiting] = await Promise.all([listDocuments(storage, user), waitingFor(storage, user)]);
  const documents = filter ? all.filter((d) => d.state === filter) : all;
  const time = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: env.ORG_TIMEZONE });
  return (
    <main className="page">
      <div className="page-head">
        <h1>Documents</h1>
      </div>
      {decide(user, 'create') === 'allow' && (
        <>
          <NewDocumentForm />
          <ImportForm />
        </>
      )}
      {waiting.length > 0 && (
        <section className="waiting" aria-labelledby="waiting-title">
          <h2 id="waiting-title">Waiting for you</h2>
          <ul>
            {waiting.map((w) => (
              <li key={w.document.id}>
                <span className="reason">{REASONS[w.reason]}</span>
                <Link href={`/documents/${w.document.id}`} lang={w.document.language}>
                  {w.document.title}
                </Link>
                {w.due && <span className="muted"> · due {w.due}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      <form className="filters" role="search" aria-label="Filter documents">
        <label>
          State
          <select name="state" defaultValue={filter ?? ''}>
            <option value="">All states</option>
            {DOCUMENT_STATES.filter((s) => s !== 'archived').map((s) => (
              <option key={s} value={s}>
                {STATE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Filter</button>
      </form>
      {documents.length === 0 ? (
        <p className="empty">{filter ? 'No documents in this state.' : 'No documents yet.'}</p>
      ) : (
        <table className="documents">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Kind</th>
              <th scope="col">Language</th>
              <th scope="col">State</th>
              <th scope="col">Last edit</th>
            </tr>
          </thead>
          <tbody>
            {documents.map((doc) => (
              <tr key={doc.id}>
                <td>
                  <Link href={`/documents/${doc.id}`} lang={doc.language}>
                    {doc.title}
                  </Link>
                </td>
                <td>{KIND_LABELS[doc.kind]}</td>
                <td>{doc.language}</td>
                <td>
                  <span className={`state state-${doc.state}`}>{STATE_LABELS[doc.state as DocumentState] ?? doc.state}</span>
                </td>
                <td>
                  {time.format(new Date(doc.updatedAt))} ({env.ORG_TIMEZONE}){doc.updatedBy ? ` · ${doc.updatedBy.name}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
