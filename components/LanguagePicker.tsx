'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';

/** The NEXT_LOCALE cookie (lib/i18n/negotiate.ts), written by the browser before sign-in. */
const COOKIE = 'NEXT_LOCALE';

/**
 * The interface language, each named in itself ("Azərbaycanca", "Русский"). Signed in, the
 * choice is stored on the user (PATCH /api/me, which sets the cookie too), so it follows
 * them to any browser; on the sign-in page it is only this browser's cookie. The page is
 * then rendered again in the new language.
 */
export function LanguagePicker({ choices, signedIn, className }: { choices: { locale: string; name: string }[]; signedIn: boolean; className?: string }) {
  const t = useTranslations('LanguagePicker');
  const current = useLocale();
  const router = useRouter();
  const id = useId();
  const [error, setError] = useState(false);

  async function choose(locale: string) {
    setError(false);
    if (signedIn) {
      const res = await fetch('/api/me', { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ locale }) }).catch(
        () => null,
      );
      if (!res?.ok) return setError(true);
    } else {
      // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie; the server validates it on every read
      document.cookie = `${COOKIE}=${encodeURIComponent(locale)}; Path=/; Max-Age=31536000; SameSite=Lax`;
    }
    router.refresh();
  }

  return (
    <div className={['language-picker', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{t('label')}</label>
      <select id={id} value={current} onChange={(e) => void choose(e.currentTarget.value)} data-testid="language-picker">
        {choices.map((c) => (
          <option key={c.locale} value={c.locale} lang={c.locale} translate="no">
            {c.name}
          </option>
        ))}
      </select>
      {error && (
        <p role="alert" className="error">
          {t('failed')}
        </p>
      )}
    </div>
  );
}
