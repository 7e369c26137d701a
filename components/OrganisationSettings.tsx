'use client';

import { useTranslations } from 'next-intl';
import { useId, useState, type FormEvent } from 'react';
import { jsonRequest, OutcomeLine, useAdminRequest } from './AdminRequest';

/** The zones the browser knows, for the time zone field's suggestions. */
function knownZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
}

/**
 * The organisation's name and time zone (admins): the name heads every export, the app's
 * header, the newsroom and the verify page; every time is shown in the zone. The server
 * checks both (PUT /api/settings/organisation) and answers a refusal with a sentence.
 * Words: `OrganisationSettings`.
 */
export function OrganisationSettings({ name, timeZone, maxName }: { name: string; timeZone: string; maxName: number }) {
  const t = useTranslations('OrganisationSettings');
  const zonesId = useId();
  const { outcome, busy, send } = useAdminRequest();
  const [zones] = useState(knownZones);

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = { name: String(form.get('name') ?? ''), timeZone: String(form.get('timeZone') ?? '') };
    void send('/api/settings/organisation', jsonRequest('PUT', body), () => t('saved'));
  }

  return (
    <form onSubmit={save} className="stack" aria-label={t('form')}>
      <div className="field-row">
        <label>
          {t('name')}
          <input name="name" defaultValue={name} required maxLength={maxName} autoComplete="organization" />
        </label>
        <label>
          {t('timeZone')}
          <input name="timeZone" defaultValue={timeZone} required list={zonesId} spellCheck={false} autoComplete="off" />
          <datalist id={zonesId}>
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </label>
      </div>
      <div>
        <button type="submit" className="primary" disabled={busy}>
          {t('save')}
        </button>
      </div>
      <OutcomeLine outcome={outcome} />
    </form>
  );
}
