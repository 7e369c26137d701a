'use client';

import { useLocale, useTranslations } from 'next-intl';
import type { FormEvent } from 'react';
import { dateLocale } from '@/lib/text/dates';
import { DOCUMENT_KINDS } from '@/lib/text/document';
import { formatList } from '@/lib/text/locale-patterns';
import { jsonRequest, OutcomeLine, useAdminRequest } from './AdminRequest';

/**
 * Which kinds of document need a reviewer's "Reviewed" of the submitted text before an
 * approver may approve it (admins; PUT /api/settings/endorsement). Off for every kind by
 * default. Words: `EndorsementSettings`, the kinds' names from `kinds`.
 */
export function EndorsementSettings({ requiredFor }: { requiredFor: string[] }) {
  const t = useTranslations('EndorsementSettings');
  const kinds = useTranslations('kinds');
  const locale = dateLocale(useLocale());
  const { outcome, busy, send } = useAdminRequest();

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const chosen = DOCUMENT_KINDS.filter((kind) => form.get(kind) === 'on');
    void send('/api/settings/endorsement', jsonRequest('PUT', { requiredFor: chosen }), () =>
      chosen.length
        ? t('saved', {
            kinds: formatList(
              chosen.map((kind) => kinds(kind)),
              locale,
            ),
            count: chosen.length,
          })
        : t('savedNone'),
    );
  }

  return (
    <form onSubmit={save} className="stack" aria-label={t('form')}>
      <fieldset className="choices">
        <legend>{t('legend')}</legend>
        {DOCUMENT_KINDS.map((kind) => (
          <label key={kind} className="check">
            <input type="checkbox" name={kind} defaultChecked={requiredFor.includes(kind)} />
            {kinds(kind)}
          </label>
        ))}
      </fieldset>
      <div>
        <button type="submit" className="primary" disabled={busy}>
          {t('save')}
        </button>
      </div>
      <OutcomeLine outcome={outcome} />
    </form>
  );
}
