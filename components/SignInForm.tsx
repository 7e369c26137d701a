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
    let result: Awaited<ReturnType<typeof signIn>>;
    try {
      result = await signIn('credentials', {
        email: String(form.get('email') ?? '').trim(),
        password: String(form.get('password') ?? ''),
        redirect: false,
      });
    } catch {
      setBusy(false);
      setError('The server could not be reached. Check your connection and try again.');
      return;
    }
    if (result?.ok && !result.error) {
      window.location.assign(next);
      return;
    }
    setBusy(false);
    setError(
      result && result.status >= 500
        ? 'Sign-in is not working at the moment. Try again in a minute; if it goes on, tell your administrator.'
        : 'That email and password do not match an active account. Check them and try again.',
    );
  }

  return (
    <form onSubmit={submit} className="stack" aria-label="Sign in">
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required autoFocus aria-invalid={error ? true : undefined} aria-describedby={error ? 'signin-error' : undefined} />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required aria-invalid={error ? true : undefined} aria-describedby={error ? 'signin-error' : undefined} />
      </label>
      {error && (
        <p role="alert" className="error" id="signin-error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      {sso && (
        <button type="button" className="secondary" onClick={() => void signIn('oidc', { callbackUrl: next })}>
          Sign in with {sso}
        </button>
      )}
    </form>
  );
}
