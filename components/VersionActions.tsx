'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';

async function post(refused: (status: number) => string, url: string, body?: unknown): Promise<string | null> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.ok) return null;
  const data = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  return data?.error?.message ?? refused(res.status);
}

/** Restores a version for everyone, after a confirmation that says what will happen. */
export function RestoreButton({ documentId, versionId, label }: { documentId: string; versionId: string; label: string }) {
  const t = useTranslations('VersionActions');
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
          if (!window.confirm(t('confirmRestore', { label }))) return;
          setBusy(true);
          const problem = await post((status) => t('refused', { status }), `/api/documents/${documentId}/versions/${versionId}/restore`);
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

/** Saves the current text as a named version ("Sent to legal"). */
export function NameVersionForm({ documentId }: { documentId: string }) {
  const t = useTranslations('VersionActions');
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const target = event.currentTarget;
    const label = String(new FormData(target).get('label') ?? '');
    const problem = await post((status) => t('refused', { status }), `/api/documents/${documentId}/versions`, { label });
    if (problem) setMessage({ kind: 'error', text: problem });
    else {
      target.reset();
      setMessage({ kind: 'ok', text: t('savedAs', { label }) });
      router.refresh();
    }
  }
  return (
    <form onSubmit={submit} className="name-version" aria-label={t('formLabel')}>
      <label>
        {t('nameLabel')}
        <input name="label" required maxLength={200} placeholder={t('namePlaceholder')} />
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
