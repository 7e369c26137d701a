'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';

async function post(url: string, body?: unknown): Promise<string | null> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.ok) return null;
  const data = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  return data?.error?.message ?? `The server refused (${res.status}).`;
}

/** Restores a version for everyone, after a confirmation that says what will happen. */
export function RestoreButton({ documentId, versionId, label }: { documentId: string; versionId: string; label: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="restore">
      <button
        type="button"
        className="primary"
        disabled={busy}
        onClick={async () => {
          if (!window.confirm(`Make “${label}” the current text for everyone? The text as it is now is kept as a version.`)) return;
          setBusy(true);
          const problem = await post(`/api/documents/${documentId}/versions/${versionId}/restore`);
          setBusy(false);
          if (problem) setError(problem);
          else router.push(`/documents/${documentId}`);
        }}
      >
        {busy ? 'Restoring…' : 'Restore this version'}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Saves the current text as a named version ("Sent to legal"). */
export function NameVersionForm({ documentId }: { documentId: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const target = event.currentTarget;
    const label = String(new FormData(target).get('label') ?? '');
    const problem = await post(`/api/documents/${documentId}/versions`, { label });
    if (problem) setMessage({ kind: 'error', text: problem });
    else {
      target.reset();
      setMessage({ kind: 'ok', text: `Saved as “${label}”.` });
      router.refresh();
    }
  }
  return (
    <form onSubmit={submit} className="name-version" aria-label="Save a named version">
      <label>
        Save this text as a version
        <input name="label" required maxLength={200} placeholder="Sent to legal" />
      </label>
      <button type="submit">Save version</button>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error' : 'notice'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
