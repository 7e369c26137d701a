'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { DOCUMENT_KINDS, KIND_LABELS, type DocumentKind } from '@/lib/text/document';

/**
 * Which kinds of document need a reviewer's "Reviewed" of the submitted text before an
 * approver may approve it (admins; PUT /api/settings/endorsement). Off for every kind by
 * default.
 */
export function EndorsementSettings({ requiredFor }: { requiredFor: string[] }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const chosen = DOCUMENT_KINDS.filter((kind) => form.get(kind) === 'on');
    setMessage(null);
    setBusy(true);
    try {
      const res = await fetch('/api/settings/endorsement', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ requiredFor: chosen }),
      });
      const data = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
      if (!res.ok) throw new Error(data.error?.message ?? `The server refused (${res.status}).`);
      setMessage({
        kind: 'ok',
        text: chosen.length
          ? `Saved: ${chosen.map((k: DocumentKind) => KIND_LABELS[k]).join(', ')} now need${chosen.length === 1 ? 's' : ''} a “Reviewed” before approval.`
          : 'Saved: no kind needs a “Reviewed” before approval.',
      });
      router.refresh();
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : 'That did not work. Try again.' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={save} className="stack" aria-label="Reviewed before approval">
      <fieldset className="choices">
        <legend>Needs a “Reviewed” before approval</legend>
        {DOCUMENT_KINDS.map((kind) => (
          <label key={kind} className="check">
            <input type="checkbox" name={kind} defaultChecked={requiredFor.includes(kind)} />
            {KIND_LABELS[kind]}
          </label>
        ))}
      </fieldset>
      <div>
        <button type="submit" className="primary" disabled={busy}>
          Save
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
