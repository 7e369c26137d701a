import Link from 'next/link';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { SignOutButton } from '../../components/SignOutButton';
import { currentUser } from '../../server/next/http';
import { notificationsFor } from '../../server/queries/inbox';
import { getServices } from '../../server/registry';

export const dynamic = 'force-dynamic';

/** The signed-in workspace: header with the organisation, the user and sign-out. */
export default async function WorkspaceLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect('/signin');
  const { env, storage } = getServices();
  const unread = (await notificationsFor(storage, user)).filter((n) => !n.read).length;
  return (
    <div className="shell">
      <header className="topbar">
        <Link href="/documents" className="brand">
          {env.ORG_NAME}
          {env.ORG_NAME !== 'Communiqué' && <span className="brand-product">Communiqué</span>}
        </Link>
        <nav className="who" aria-label="Account">
          <Link href="/notifications" className="notifications-link">
            Notifications{unread > 0 && <span className="count" aria-label={`${unread} unread`}>{unread}</span>}
          </Link>
          {user.role === 'admin' && <Link href="/admin/people">People</Link>}
          {user.role === 'admin' && <Link href="/admin/settings">Settings</Link>}
          <Link href="/account" className="account-link">
            {user.name} <span className="role">{user.role}</span>
          </Link>
          <SignOutButton />
        </nav>
      </header>
      {children}
    </div>
  );
}
