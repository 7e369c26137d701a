'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { clearAllLocalCopies } from './editor/local-copy';

/**
 * "Sign out everywhere": ends every session of this account on every device (a lost
 * laptop, a shared computer), then signs this browser out like the ordinary button.
 */
export function SignOutEverywhereButton() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function signOutEverywhere() {
    setBusy(true);
    setError(null);
    const res = await fetch('/api/me/sign-out-everywhere', { method: 'POST' }).catch(() => null);
    if (!res?.ok) {
      setBusy(false);
      setError('Your other sessions could not be ended. Check your connection and try again.');
      return;
    }
    await clearAllLocalCopies();
    await signOut({ redirect: false });
    window.location.assign('/signin');
  }

  return (
    <div className="stack">
      <p className="hint">Ends your sessions on every device and browser, this one included. Use it if you signed in on a computer you no longer have.</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="button" className="secondary" disabled={busy} onClick={() => void signOutEverywhere()}>
        {busy ? 'Signing out everywhere…' : 'Sign out everywhere'}
      </button>
    </div>
  );
}
