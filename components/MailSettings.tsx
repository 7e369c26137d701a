'use client';

import { useState, type FormEvent } from 'react';

type Mode = 'immediate' | 'digest' | 'none';

const CHOICES: { mode: Mode; label: string; hint: string }[] = [
  { mode: 'immediate', label: 'Every mail at once', hint: 'A short mail for each thing that concerns you.' },
  { mode: 'digest', label: 'One summary a day', hint: 'Everything of the day in one mail, at the hour you choose.' },
  { mode: 'none', label: 'No mail', hint: 'You see everything in Notifications only.' },
];

/**
 * The signed-in person's choice of mail (PUT /api/me/mail): every event at once, a daily
 * digest at an hour of the organisation's time zone, or none. The server validates it.
 */
export function MailSettings({ mode, digestHour, enabled, timeZone }: { mode: Mode; digestHour: number; enabled: boolean; timeZone: string }) {
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
      if (!res.ok) throw new Error(data.error?.message ?? `The server refused (${res.status}).`);
      setMessage({ kind: 'ok', text: 'Saved.' });
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : 'That did not work. Try again.' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={save} className="stack" aria-label="Mail">
      {!enabled && <p className="notice">This installation sends no mail yet (an administrator sets SMTP_URL). Your choice is kept for when it does.</p>}
      <fieldset className="choices">
        <legend>Mail about documents that concern you</legend>
        {CHOICES.map((c) => (
          <div key={c.mode}>
            <label className="check">
              <input type="radio" name="mode" value={c.mode} checked={chosen === c.mode} onChange={() => setChosen(c.mode)} /> {c.label}
            </label>
            <p className="hint">{c.hint}</p>
          </div>
        ))}
      </fieldset>
      {chosen === 'digest' && (
        <label>
          Summary at ({timeZone})
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
          Save mail choice
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
