import { titled } from '@/i18n/metadata';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { MarkReadButton } from '@/components/MarkReadButton';
import { formatInZone } from '@/lib/text/dates';
import { currentUser } from '@/server/next/http';
import { notificationsFor } from '@/server/queries/inbox';
import { getServices } from '@/server/registry';
import { organisation } from '@/server/commands/organisation';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('Notifications');

const WORDS: Record<string, string> = {
  submit: 'submitted for review',
  withdraw: 'withdrew from review',
  request_changes: 'requested changes to',
  endorse: 'reviewed, with no changes,',
  approve: 'approved',
  publish: 'published',
  reopen: 'reopened',
  archive: 'archived',
  unarchive: 'restored',
  mention: 'mentioned you in a comment on',
};

export default async function NotificationsPage() {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=/notifications');
  const { storage } = getServices();
  const org = await organisation(getServices());
  const notes = await notificationsFor(storage, user, 100);
  return (
    <main className="page">
      <div className="page-head">
        <h1>Notifications</h1>
        {notes.some((n) => !n.read) && <MarkReadButton upTo={notes[0]!.id} />}
      </div>
      {notes.length === 0 ? (
        <p className="empty">Nothing yet. You will be told here when a document you work on moves.</p>
      ) : (
        <ul className="notes">
          {notes.map((n) => (
            <li key={n.id} className={n.read ? 'read' : 'unread'}>
              <span className="who">{n.actor ?? 'Someone'}</span> {WORDS[n.action] ?? n.action} {n.href ? <Link href={n.href}>{n.title}</Link> : n.title}
              {n.comment && <q>{n.comment}</q>}
              <time dateTime={n.at}>{formatInZone(n.at, org.timeZone)}</time>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
