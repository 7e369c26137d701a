'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';

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
 */
export function OrganisationSettings({ name, timeZone, maxName }: { name: string; timeZone: string; maxName: number }) {
  const router = useRouter();
  const zonesId = useId();
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [zones] = useState(knownZones);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setMessage(null);
    setBusy(true);
    try {
      const res = await fetch('/api/settings/organisation', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: String(form.get('name') ?? ''), timeZone: String(form.get('timeZone') ?? '') }),
      });
      const data = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
      if (!res.ok) throw new Error(data.error?.message ?? `The server refused (${res.status}).`);
      setMessage({ kind: 'ok', text: 'Saved: the next page and export use them.' });
      router.refresh();
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : 'That did not work. Try again.' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={save} className="stack" aria-label="Organisation">
      <div className="field-row">
        <label>
          Name
          <input name="name" defaultValue={name} required maxLength={maxName} autoComplete="organization" />
        </label>
        <label>
          Time zone
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
          Save name and time zone
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
