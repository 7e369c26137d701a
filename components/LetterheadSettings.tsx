'use client';

import { useTranslations } from 'next-intl';
import type { FormEvent } from 'react';
import { OutcomeLine, useAdminRequest } from './AdminRequest';
import { FileField } from './FileField';

interface Logo {
  type: 'png' | 'svg';
  bytes: number;
  size: { width: number; height: number } | null;
  updatedAt: string;
  updatedBy: string | null;
}

/**
 * Upload or remove the letterhead logo printed on every PDF and DOCX export (admins only).
 * Words: `LetterheadSettings`. `setAt`: when the logo was set, written by the page (the
 * organisation's zone, the interface language), since Node's and Chromium's ICU word some
 * months differently and the browser would not hydrate the server's words.
 */
export function LetterheadSettings({ logo, setAt, maxBytes }: { logo: Logo | null; setAt: string | null; maxBytes: number }) {
  const t = useTranslations('LetterheadSettings');
  const { outcome, setOutcome, busy, send } = useAdminRequest();
  const maxKilobytes = maxBytes / 1024;

  function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) return setOutcome({ kind: 'error', text: t('chooseFile') });
    if (file.size > maxBytes) return setOutcome({ kind: 'error', text: t('tooLarge', { kilobytes: maxKilobytes }) });
    const target = event.currentTarget;
    void send('/api/settings/logo', { method: 'POST', body: form }, () => t('set')).then((done) => done && target.reset());
  }

  return (
    <div className="stack">
      <section aria-label={t('current')}>
        {logo ? (
          <>
            {/* eslint-disable-next-line @next/next/no-img-element -- an admin-only preview of the stored bytes */}
            <img src={`/api/settings/logo?v=${encodeURIComponent(logo.updatedAt)}`} alt={t('alt')} style={{ maxHeight: '4rem', maxWidth: '100%' }} />
            <p>
              {t('details', { type: logo.type.toUpperCase(), kilobytes: Math.ceil(logo.bytes / 1024) })}
              {logo.size ? `, ${logo.size.width} × ${logo.size.height}` : ''} —{' '}
              {t.rich(logo.updatedBy ? 'setBy' : 'setOn', {
                person: logo.updatedBy ?? '',
                when: setAt ?? logo.updatedAt,
                who: (chunks) => <span translate="no">{chunks}</span>,
                time: (chunks) => <time dateTime={logo.updatedAt}>{chunks}</time>,
              })}
            </p>
            <button type="button" disabled={busy} onClick={() => void send('/api/settings/logo', { method: 'DELETE' }, () => t('removed'))}>
              {t('remove')}
            </button>
          </>
        ) : (
          <p>{t('none')}</p>
        )}
      </section>
      <form onSubmit={upload} className="new-document" aria-label={t('uploadForm')}>
        <FileField className="grow" label={t('file', { kilobytes: maxKilobytes })} name="file" accept="image/png,image/svg+xml,.png,.svg" required />
        <button type="submit" className="primary" disabled={busy}>
          {t(logo ? 'replace' : 'upload')}
        </button>
      </form>
      <OutcomeLine outcome={outcome} />
    </div>
  );
}
