'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';

/**
 * Changes the signed-in person's own password; `email` lets password managers file the new
 * one under the right account. With `then`, a successful change goes on to that page.
 */
export function ChangePasswordForm({ email, then }: { email: string; then?: string }) {
  const t = useTranslations('ChangePasswordForm');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    if (form.get('next') !== form.get('repeat')) {
      setMessage({ kind: 'error', text: t('differ') });
      return;
    }
    const res = await fetch('/api/me/password', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ current: form.get('current'), next: form.get('next') }),
    });
    const data = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
    if (!res.ok) {
      setMessage({ kind: 'error', text: data.error?.message ?? t('failed') });
      return;
    }
    target.reset();
    if (then) {
      window.location.assign(then);
      return;
    }
    setMessage({ kind: 'ok', text: t('changed') });
  }

  return (
    <form onSubmit={submit} className="stack narrow-form">
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <label>
        {then ? t('given') : t('current')}
        <input name="current" type="password" autoComplete="current-password" required />
      </label>
      <label>
        {t('next')}
        <input name="next" type="password" autoComplete="new-password" minLength={10} required />
      </label>
      <label>
        {t('repeat')}
        <input name="repeat" type="password" autoComplete="new-password" minLength={10} required />
      </label>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error' : 'notice'}>
          {message.text}
        </p>
      )}
      <button type="submit" className="primary">
        {t('submit')}
      </button>
    </form>
  );
}
