'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';

type Mode = 'immediate' | 'digest' | 'none';

/** The choices, each with its words in the catalogues (`MailSettings.<mode>`, `MailSettings.<mode>Hint`). */
const MODES: Mode[] = ['immediate', 'digest', 'none'];

/**
 * The signed-in person's choice of mail (PUT /api/me/mail): every event at once, a daily
 * digest at an hour of the organisation's time zone, or none. The server validates it.
 */
export function MailSettings({ mode, digestHour, enabled, timeZone }: { mode: Mode; digestHour: number; enabled: boolean; timeZone: string }) {
  const t = useTranslations('MailSettings');
  const [chosen, setChosen] = useState<Mode>(mode);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setMessage(null);
    setBusy(true);
    try {
      const res = await fetch('/api/me/mail', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ mode: chosen, digestHour: Number(form.get('digestHour') ?? digestHour) }),
      });
      const data = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
      if (!res.ok) throw new Error(data.error?.message ?? t('refused', { status: res.status }));
      setMessage({ kind: 'ok', text: t('saved') });
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : t('failed') });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={save} className="stack" aria-label={t('form')}>
      {!enabled && <p className="notice">{t('disabled')}</p>}
      <fieldset className="choices">
        <legend>{t('legend')}</legend>
        {MODES.map((mode) => (
          <div key={mode}>
            <label className="check">
              <input type="radio" name="mode" value={mode} checked={chosen === mode} onChange={() => setChosen(mode)} /> {t(mode)}
            </label>
            <p className="hint">{t(`${mode}Hint`)}</p>
          </div>
        ))}
      </fieldset>
      {chosen === 'digest' && (
        <label>
          {t('digestAt', { timeZone })}
          <select name="digestHour" defaultValue={String(digestHour)}>
            {Array.from({ length: 24 }, (_, h) => (
              <option key={h} value={h}>
                {`${String(h).padStart(2, '0')}:00`}
              </option>
            ))}
          </select>
        </label>
      )}
      <div>
        <button type="submit" className="primary" disabled={busy}>
          {t('save')}
        </button>
      </div>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error' : 'notice'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
