import { getLocale, getTranslations } from 'next-intl/server';
import en from '@/messages/en.json';
import { dateLocale, formatInZone } from '@/lib/text/dates';
import type { AuditStatus, AuditView } from '@/server/queries/audit';

/** The audit actions an activity line names (`DocumentPage.actions.<action>`, dots as underscores); any other "changed it". */
const NAMED = new Set(Object.keys(en.DocumentPage.actions));

/** The message of an audit entry: one sentence per action, so each language keeps its own word order around the person. */
function messageOf(e: AuditView): { key: string; values: Record<string, string> } {
  if (e.action === 'export' && typeof e.detail.format === 'string')
    return { key: 'actions.export_as', values: { format: e.detail.format === 'docx' ? 'Word' : e.detail.format.toUpperCase() } };
  if (e.action === 'publish' && e.detail.to === 'published' && e.detail.embargoUntil) return { key: 'actions.publish_embargoed', values: {} };
  const name = e.action.replace(/\./g, '_');
  return { key: NAMED.has(name) ? `actions.${name}` : 'actions.other', values: {} };
}

/** Lines shown before "N earlier entries". */
const RECENT = 12;

type Translate = Awaited<ReturnType<typeof getTranslations<'DocumentPage'>>>;

/** Activity lines, in the order given (newest first). */
function ActivityList({ entries, timeZone, locale, t }: { entries: AuditView[]; timeZone: string; locale: string; t: Translate }) {
  return (
    <ol className="activity">
      {entries.map((e) => {
        const { key, values } = messageOf(e);
        return (
          <li key={e.seq}>
            {t.rich(key as 'actions.other', {
              ...values,
              name: e.actor?.name ?? t('someone'),
              who: (chunks) => (
                <span className="who" translate={e.actor ? 'no' : undefined}>
                  {chunks}
                </span>
              ),
            })}
            {typeof e.detail.comment === 'string' && <q translate="no">{e.detail.comment}</q>}
            <time dateTime={e.at}>{formatInZone(e.at, timeZone, locale)}</time>
          </li>
        );
      })}
    </ol>
  );
}

/**
 * The Activity panel of the document page: what people did in its sign-off, newest first,
 * the newest dozen lines and the rest folded, in words people use (the audit log's codes stay in the API), and whether the sign-off
 * record verifies; its head hash only for those who may see it (`status.head`: admins).
 * Names, comments and hashes are as written, marked translate="no"; times in the interface language.
 */
export async function ActivityPanel({ audit, status, timeZone }: { audit: AuditView[]; status: AuditStatus; timeZone: string }) {
  const t = await getTranslations('DocumentPage');
  const locale = dateLocale(await getLocale());
  const newest = [...audit].reverse();
  return (
    <section className="panel" aria-labelledby="activity-title">
      <h2 id="activity-title">{t('activity')}</h2>
      {audit.length === 0 ? (
        <p className="muted">{t('noActivity')}</p>
      ) : (
        <>
          {/* Newest first: what just happened is what people look for. */}
          <ActivityList entries={newest.slice(0, RECENT)} timeZone={timeZone} locale={locale} t={t} />
          {newest.length > RECENT && (
            // A text exported every day for a year keeps every line, one click away.
            <details className="activity-earlier">
              <summary>{t('earlierActivity', { count: newest.length - RECENT })}</summary>
              <ActivityList entries={newest.slice(RECENT)} timeZone={timeZone} locale={locale} t={t} />
            </details>
          )}
        </>
      )}
      <p className={status.checking ? 'chain checking' : status.intact ? 'chain ok' : 'chain broken'} role="status">
        {status.checking ? t('chainChecking') : status.intact ? t('chainIntact') : t('chainBroken')}
        {/* The technical detail (where the chain broke, its head) only for those who may see the head: admins. */}
        {status.head && (
          <span className="muted">
            {' '}
            {!status.intact && status.problem && (
              <>{t.rich('brokenAt', { problem: status.problem, detail: (chunks) => <code translate="no">{chunks}</code> })} </>
            )}
            {t.rich('auditHead', {
              hash: status.head.hash.slice(0, 16),
              entries: status.head.entries,
              code: (chunks) => (
                <code title={status.head?.hash} translate="no">
                  {chunks}
                </code>
              ),
            })}
          </span>
        )}
      </p>
    </section>
  );
}
