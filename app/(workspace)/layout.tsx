import { AppLink } from '@/components/AppLink';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { MainMenu } from '@/components/MainMenu';
import { NavLink } from '@/components/NavLink';
import { OrganisationTimeProvider } from '@/components/OrganisationTime';
import { can } from '@/lib/policies';
import { initials } from '@/lib/text/case';
import { SignOutButton } from '@/components/SignOutButton';
import { LanguagePicker } from '@/components/LanguagePicker';
import { getLocale, getTranslations } from 'next-intl/server';
import { languageChoices } from '@/server/i18n/catalogues';
import { offeredLocales } from '@/server/next/locale';
import { currentUser } from '@/server/next/http';
import { notificationsFor } from '@/server/queries/inbox';
import { getServices } from '@/server/registry';
import { ClientMessages } from '@/i18n/ClientMessages';
import { earlySocketScript } from '@/components/editor/early-socket';
import { scriptNonce } from '@/server/next/nonce';
import { organisation } from '@/server/commands/organisation';

export const dynamic = 'force-dynamic';

/**
 * The signed-in workspace: a skip link, the header with the organisation's name, the
 * navigation (the current page marked), the user with their role, the interface language,
 * and sign-out. Every word is from the catalogues (messages/<locale>.json, `Header`).
 */
export default async function WorkspaceLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect('/signin');
  if (user.mustChangePassword) redirect('/choose-password');
  const { storage } = getServices();
  const org = await organisation(getServices());
  const unread = (await notificationsFor(storage, user)).filter((n) => !n.read).length;
  const locale = await getLocale();
  const t = await getTranslations('Header');
  const roles = await getTranslations('roles');
  // The choice stands in the header on a wide screen and in the opened menu on a phone (app/globals.css).
  const languages = languageChoices(offeredLocales());
  const nonce = await scriptNonce();
  const page = (
    <div className="shell">
      {/* On a document's page, the text's socket opens while the scripts load, not after hydration (early-socket.ts). */}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: our own script; its one input, the user's id, is JSON with no "<" (early-socket.ts) */}
      <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: earlySocketScript(user.id) }} />
      <a href="#content" className="skip-link">
        {t('skipToContent')}
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <AppLink href="/documents" className="brand">
            <span className="brand-mark" aria-hidden="true" translate="no">
              {initials(org.name, locale)}
            </span>
            <span className="brand-text">
              <span className="brand-org" translate="no">
                {org.name}
              </span>
              {org.name !== 'Communiqué' && <span className="brand-product">Communiqué</span>}
            </span>
          </AppLink>
          <MainMenu label={t('menu')} navLabel={t('workspace')}>
            <NavLink href="/documents">{t('documents')}</NavLink>
            <NavLink href="/notifications" className="notifications-link">
              {t('notifications')}
              {unread > 0 && (
                <span className="count">
                  <span aria-hidden="true">{unread}</span>
                  <span className="visually-hidden">{t('unread', { count: unread })}</span>
                </span>
              )}
            </NavLink>
            {can(user, 'manage_users') && <NavLink href="/admin/people">{t('people')}</NavLink>}
            {can(user, 'manage_settings') && <NavLink href="/admin/settings">{t('settings')}</NavLink>}
            <AppLink href="/newsroom" className="nav-link">
              {t('newsroom')}
            </AppLink>
            <LanguagePicker choices={languages} signedIn className="menu-language" />
          </MainMenu>
          <div className="who">
            <LanguagePicker choices={languages} signedIn className="header-language" />
            <AppLink href="/account" className="account-link" title={t('yourAccount')}>
              <span className="avatar small" aria-hidden="true" translate="no">
                {initials(user.name, locale)}
              </span>
              <span className="account-name" translate="no">
                {user.name}
              </span>
              <span className="role">{roles(user.role)}</span>
            </AppLink>
            <SignOutButton label={t('signOut')} />
          </div>
        </div>
      </header>
      <div id="content" className="content" tabIndex={-1}>
        <OrganisationTimeProvider timeZone={org.timeZone}>{children}</OrganisationTimeProvider>
      </div>
    </div>
  );
  // Everything here, the header too, reads the `workspace` part's messages (i18n/client-namespaces.ts).
  return <ClientMessages scope="workspace">{page}</ClientMessages>;
}
