import { titled } from '@/i18n/metadata';
import { AppLink } from '@/components/AppLink';
import { redirect } from 'next/navigation';
import { MarkReadButton } from '@/components/MarkReadButton';
import { getLocale, getTranslations } from 'next-intl/server';
import { dateLocale, formatInZone } from '@/lib/text/dates';
import { currentUser } from '@/server/next/http';
import { notificationsFor } from '@/server/queries/inbox';
import { getServices } from '@/server/registry';
import { organisation } from '@/server/commands/organisation';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('Notifications');

/** The actions a notification names (`NotificationsPage.actions.<action>`); any other is named as it is. */
const ACTIONS = new Set(['submit', 'withdraw', 'request_changes', 'endorse', 'approve', 'publish', 'reopen', 'archive', 'unarchive', 'mention']);

/**
 * The signed-in user's notifications, newest first. Each is one sentence in the interface
 * language (`NotificationsPage`), whose word order is the language's: the person and the
 * document's title are slotted in, marked translate="no"; times in the interface language.
 */
export default async function NotificationsPage() {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=/notifications');
  const { storage } = getServices();
  const org = await organisation(getServices());
  const notes = await notificationsFor(storage, user, 100);
  const t = await getTranslations('NotificationsPage');
  const title = await getTranslations('Notifications');
  const locale = dateLocale(await getLocale());
  return (
    <main className="page">
      <div className="page-head">
        <h1>{title('title')}</h1>
        {notes.some((n) => !n.read) && <MarkReadButton upTo={notes[0]!.id} />}
      </div>
      {notes.length === 0 ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        <ul className="notes">
          {notes.map((n) => (
            <li key={n.id} className={n.read ? 'read' : 'unread'}>
              {t.rich(ACTIONS.has(n.action) ? `actions.${n.action}` : 'actions.other', {
                actor: n.actor ?? t('someone'),
                action: n.action,
                title: n.title,
                who: (chunks) => (
                  <span className="who" translate={n.actor ? 'no' : undefined}>
                    {chunks}
                  </span>
                ),
                doc: (chunks) =>
                  n.href ? (
                    <AppLink href={n.href} translate="no">
                      {chunks}
                    </AppLink>
                  ) : (
                    <span translate="no">{chunks}</span>
                  ),
              })}
              {n.comment && <q translate="no">{n.comment}</q>}
              <time dateTime={n.at}>{formatInZone(n.at, org.timeZone, locale)}</time>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
