'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { signOutHere } from './sign-out';

/**
 * "Sign out everywhere": ends every session of this account on every device (a lost
 * laptop, a shared computer), then signs this browser out like the ordinary button.
 */
export function SignOutEverywhereButton() {
  const t = useTranslations('SignOutEverywhereButton');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function signOutEverywhere() {
    setBusy(true);
    setError(null);
    const res = await fetch('/api/me/sign-out-everywhere', { method: 'POST' }).catch(() => null);
    if (!res?.ok) {
      setBusy(false);
      setError(t('failed'));
      return;
    }
    await signOutHere();
  }

  return (
    <div className="stack">
      <p className="hint">{t('hint')}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="button" className="secondary" disabled={busy} onClick={() => void signOutEverywhere()}>
        {busy ? t('busy') : t('submit')}
      </button>
    </div>
  );
}
