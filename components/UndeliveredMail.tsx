'use client';

import { useTranslations } from 'next-intl';
import { OutcomeLine, useAdminRequest } from './AdminRequest';

export interface UndeliveredRow {
  id: number;
  to: string;
  message: string;
  title: string | null;
  attempts: number;
  lastError: string | null;
  failedAt: string | null;
}

/**
 * Mails given up after every attempt (admins), with the SMTP server's answer (as it said it,
 * marked translate="no"), each with a button that puts it back in the queue
 * (POST /api/mail/undelivered/<id>/retry). Words: `UndeliveredMail`; what each mail was about
 * in `topics`, one per message of server/mail/messages.ts (a message without one is shown by its key).
 */
export function UndeliveredMail({ mails }: { mails: UndeliveredRow[] }) {
  const t = useTranslations('UndeliveredMail');
  const { outcome, busy, send } = useAdminRequest();

  const retry = (id: number) => void send(`/api/mail/undelivered/${id}/retry`, { method: 'POST' }, () => t('sent'));

  if (!mails.length) return <p>{t('none')}</p>;
  return (
    <div className="stack">
      <div style={{ overflowX: 'auto' }}>
        <table className="documents">
          <thead>
            <tr>
              <th scope="col">{t('to')}</th>
              <th scope="col">{t('about')}</th>
              <th scope="col">{t('attempts')}</th>
              <th scope="col">{t('serverSaid')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('retry')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {mails.map((m) => (
              <tr key={m.id}>
                <td className="title-cell">
                  <strong translate="no">{m.to}</strong>
                </td>
                <td data-label={t('about')}>
                  {t.has(`topics.${m.message}`) ? t(`topics.${m.message}`) : <span translate="no">{m.message}</span>}
                  {m.title && (
                    <>
                      : <span translate="no">{m.title}</span>
                    </>
                  )}
                </td>
                <td data-label={t('attempts')}>{m.attempts}</td>
                <td data-label={t('serverSaidShort')}>
                  <code translate="no">{m.lastError ?? '—'}</code>
                </td>
                <td className="title-cell">
                  <button type="button" onClick={() => void retry(m.id)} disabled={busy}>
                    {t('sendAgain')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <OutcomeLine outcome={outcome} />
    </div>
  );
}
