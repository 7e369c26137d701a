import Link from 'next/link';
import { redirect } from 'next/navigation';
import { NewDocumentForm } from '../../components/NewDocumentForm';
import { decide } from '../../lib/policies';
import { KIND_LABELS } from '../../lib/text/document';
import { STATE_LABELS, type DocumentState } from '../../lib/workflow/states';
import { currentUser } from '../../server/next/http';
import { listDocuments } from '../../server/queries/documents';
import { getServices } from '../../server/registry';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Documents' };

export default async function DocumentsPage() {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=/documents');
  const { storage, env } = getServices();
  const documents = await listDocuments(storage, user);
  const time = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: env.ORG_TIMEZONE });
  return (
    <main className="page">
      <div className="page-head">
        <h1>Documents</h1>
      </div>
      {decide(user, 'create') === 'allow' && <NewDocumentForm />}
      {documents.length === 0 ? (
        <p className="empty">No documents yet.</p>
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
