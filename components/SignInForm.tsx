'use client';

import { getCsrfToken, signIn } from 'next-auth/react';
import { useLocale, useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { dateLocale, formatInZone } from '@/lib/text/dates';

type SignInResult = { ok: true } | { ok: false; status: number; retryAfterSeconds: number };

/**
 * next-auth's credentials sign-in, as its `signIn()` posts it, but keeping what `signIn()`
 * drops: the status and Retry-After of a throttled attempt (429), so the page can say when
 * to try again.
 */
async function signInWithPassword(email: string, password: string, callbackUrl: string): Promise<SignInResult> {
  const csrfToken = (await getCsrfToken()) ?? '';
  const res = await fetch('/api/auth/callback/credentials', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl, json: 'true' }),
  });
  const data = (await res.json().catch(() => ({}))) as { url?: string };
  const failed = !res.ok || !data.url || new URL(data.url, window.location.origin).searchParams.has('error');
  if (!failed) return { ok: true };
  return { ok: false, status: res.ok ? 401 : res.status, retryAfterSeconds: Number(res.headers.get('Retry-After')) || 0 };
}

/** When to try again after too many failed sign-ins, as a moment in the organisation's time (the one format). */
function retryMoment(retryAfterSeconds: number, timeZone: string, locale: string): string {
  return formatInZone(new Date(Date.now() + (retryAfterSeconds + 60) * 1000), timeZone, dateLocale(locale));
}

/** Email and password sign-in (and single sign-on when configured). */
export function SignInForm({ next, sso, initialError, timeZone }: { next: string; sso: string | null; initialError: string | null; timeZone: string }) {
  const t = useTranslations('SignInForm');
  const locale = useLocale();
  const [error, setError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    let result: SignInResult;
    try {
      result = await signInWithPassword(String(form.get('email') ?? '').trim(), String(form.get('password') ?? ''), next);
    } catch {
      setBusy(false);
      setError(t('unreachable'));
      return;
    }
    if (result.ok) {
      window.location.assign(next);
      return;
    }
    setBusy(false);
    setError(
      result.status === 429
        ? t('tooMany', { at: retryMoment(result.retryAfterSeconds, timeZone, locale) })
        : result.status >= 500
          ? t('serverDown')
          : t('mismatch'),
    );
  }

  return (
    <form onSubmit={submit} className="stack" aria-label={t('form')}>
      <label>
        {t('email')}
        <input
          name="email"
          type="email"
          autoComplete="username"
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'signin-error' : undefined}
        />
      </label>
      <label>
        {t('password')}
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'signin-error' : undefined}
        />
      </label>
      {error && (
        <p role="alert" className="error" id="signin-error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('busy') : t('submit')}
      </button>
      {sso && (
        <button type="button" className="secondary" onClick={() => void signIn('oidc', { callbackUrl: next })}>
          {t('sso', { sso })}
        </button>
      )}
    </form>
  );
}
