'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';

/** Posts, and answers null, or the server's sentence, or `refused` with the status. */
async function post(url: string, refused: (status: number) => string, body?: unknown): Promise<string | null> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.ok) return null;
  const data = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  return data?.error?.message ?? refused(res.status);
}

/** Restores a version for everyone, after a confirmation that says what will happen (`VersionActions`). */
export function RestoreButton({ documentId, versionId, label }: { documentId: string; versionId: string; label: string }) {
  const router = useRouter();
  const t = useTranslations('VersionActions');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="restore">
      <button
        type="button"
        className="primary"
        disabled={busy}
        onClick={async () => {
          if (!window.confirm(t('confirm', { label }))) return;
          setBusy(true);
          const problem = await post(`/api/documents/${documentId}/versions/${versionId}/restore`, (status) => t('refused', { status }));
          setBusy(false);
          if (problem) setError(problem);
          else router.push(`/documents/${documentId}`);
        }}
      >
        {busy ? t('restoring') : t('restore')}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Saves the current text as a named version ("Sent to legal"; `VersionActions`). */
export function NameVersionForm({ documentId }: { documentId: string }) {
  const router = useRouter();
  const t = useTranslations('VersionActions');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const target = event.currentTarget;
    const label = String(new FormData(target).get('label') ?? '');
    const problem = await post(`/api/documents/${documentId}/versions`, (status) => t('refused', { status }), { label });
    if (problem) setMessage({ kind: 'error', text: problem });
    else {
      target.reset();
      setMessage({ kind: 'ok', text: t('saved', { label }) });
      router.refresh();
    }
  }
  return (
    <form onSubmit={submit} className="name-version" aria-label={t('form')}>
      <label>
        {t('field')}
        <input name="label" required maxLength={200} placeholder={t('placeholder')} />
      </label>
      <button type="submit">{t('save')}</button>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error' : 'notice'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
