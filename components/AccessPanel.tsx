'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';

interface Props {
  documentId: string;
  restricted: boolean;
  members: { email: string; name: string }[];
}

/** Restrict a document to named members (admins always see it), or open it again. */
export function AccessPanel({ documentId, restricted, members }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const emails = String(form.get('members') ?? '')
      .split(/[\s,;]+/)
      .map((e) => e.trim())
      .filter(Boolean);
    setError(null);
    setSaved(false);
    const res = await fetch(`/api/documents/${documentId}/access`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ restricted: form.get('restricted') === 'on', members: emails }),
    });
    if (!res.ok) {
      const data = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      setError(data?.error?.message ?? 'The access list could not be saved.');
      return;
    }
    setSaved(true);
    router.refresh();
  }

  return (
    <details className="panel">
      <summary>Access {restricted ? '· restricted' : ''}</summary>
      <form onSubmit={save} className="stack">
        <label className="check">
          <input type="checkbox" name="restricted" defaultChecked={restricted} /> Only members (and admins) can see this document
        </label>
        <label>
          Members’ emails
          <textarea name="members" rows={3} defaultValue={members.map((m) => m.email).join('\n')} />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {saved && <p role="status">Saved.</p>}
        <button type="submit">Save access</button>
      </form>
    </details>
  );
}
