'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';

interface Props {
  documentId: string;
  restricted: boolean;
  members: { email: string; name: string }[];
}

/** Restrict a document to named members (admins always see it), or open it again. Words: `AccessPanel`. */
export function AccessPanel({ documentId, restricted, members }: Props) {
  const t = useTranslations('AccessPanel');
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
      setError(data?.error?.message ?? t('failed'));
      return;
    }
    setSaved(true);
    router.refresh();
  }

  return (
    <details className="panel">
      <summary>{t('summary', { restricted: String(restricted) })}</summary>
      <form onSubmit={save} className="stack">
        <label className="check">
          <input type="checkbox" name="restricted" defaultChecked={restricted} /> {t('membersOnly')}
        </label>
        <label>
          {t('members')}
          <textarea name="members" rows={3} translate="no" defaultValue={members.map((m) => m.email).join('\n')} />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {saved && <p role="status">{t('saved')}</p>}
        <button type="submit">{t('save')}</button>
      </form>
    </details>
  );
}
