'use client';

import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';

/** Email and password sign-in (and single sign-on when configured). */
export function SignInForm({ next, sso, initialError }: { next: string; sso: string | null; initialError: string | null }) {
  const [error, setError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
    });
    if (result?.ok && !result.error) {
      window.location.assign(next);
      return;
    }
    setBusy(false);
    setError('That email and password do not match an active account. Check them and try again.');
  }

  return (
    <form onSubmit={submit} className="stack">
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required autoFocus />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      {sso && (
        <button type="button" onClick={() => void signIn('oidc', { callbackUrl: next })}>
          Sign in with {sso}
        </button>
      )}
    </form>
  );
}
