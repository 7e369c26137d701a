import Link from 'next/link';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { MainMenu } from '@/components/MainMenu';
import { NavLink } from '@/components/NavLink';
import { OrganisationTimeProvider } from '@/components/OrganisationTime';
import { can } from '@/lib/policies';
import { roleLabel } from '@/lib/text/roles';
import { SignOutButton } from '@/components/SignOutButton';
import { currentUser } from '@/server/next/http';
import { notificationsFor } from '@/server/queries/inbox';
import { getServices } from '@/server/registry';
import { organisation } from '@/server/commands/organisation';

export const dynamic = 'force-dynamic';

/** Two letters for the signed-in user's badge: "Daniyar Seitkali" → "DS". */
function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toLocaleUpperCase();
}

/**
 * The signed-in workspace: a skip link, the header with the organisation's name, the
 * navigation (the current page marked), the user with their role, and sign-out.
 */
export default async function WorkspaceLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect('/signin');
  if (user.mustChangePassword) redirect('/choose-password');
  const { storage } = getServices();
  const org = await organisation(getServices());
  const unread = (await notificationsFor(storage, user)).filter((n) => !n.read).length;
  return (
    <div className="shell">
      <a href="#content" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link href="/documents" className="brand">
            <span className="brand-mark" aria-hidden="true">
              {initials(org.name)}
            </span>
            <span className="brand-text">
              <span className="brand-org">{org.name}</span>
              {org.name !== 'Communiqué' && <span className="brand-product">Communiqué</span>}
            </span>
          </Link>
          <MainMenu>
            <NavLink href="/documents">Documents</NavLink>
            <NavLink href="/notifications" className="notifications-link">
              Notifications
              {unread > 0 && (
                <span className="count">
                  {unread}
                  <span className="visually-hidden"> unread</span>
                </span>
              )}
            </NavLink>
            {can(user, 'manage_users') && <NavLink href="/admin/people">People</NavLink>}
            {can(user, 'manage_settings') && <NavLink href="/admin/settings">Settings</NavLink>}
            <Link href="/newsroom" className="nav-link">
              Newsroom
            </Link>
          </MainMenu>
          <div className="who">
            <Link href="/account" className="account-link" title="Your account">
              <span className="avatar small" aria-hidden="true">
                {initials(user.name)}
              </span>
              <span className="account-name">{user.name}</span>
              <span className="role">{roleLabel(user.role)}</span>
            </Link>
            <SignOutButton />
          </div>
        </div>
      </header>
      <div id="content" className="content" tabIndex={-1}>
        <OrganisationTimeProvider timeZone={org.timeZone}>{children}</OrganisationTimeProvider>
      </div>
    </div>
  );
}
