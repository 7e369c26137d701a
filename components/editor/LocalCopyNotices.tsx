'use client';

import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { type ReadOnlyReason, readOnlyMessage } from '@/lib/workflow/read-only';

/**
 * Words a read-only reason (a code and values, decided by the server) in the interface
 * language: `ReadOnly.<code>` in the catalogues. The banner and the save status show it.
 */
export function useReadOnlySentence(): (reason: ReadOnlyReason) => string {
  const t = useTranslations('ReadOnly');
  return (reason) => {
    const { key, values } = readOnlyMessage(reason);
    return t(key, values);
  };
}

/** The read-only banner: why this user cannot edit, in a sentence. */
export function ReadOnlyBanner({ reason }: { reason: string | null }) {
  const t = useTranslations('LocalCopyNotices');
  if (!reason) return null;
  return (
    <p className="banner" role="note" data-testid="readonly-banner">
      {t('readOnly', { reason })}
    </p>
  );
}

/**
 * Text this browser typed that the server did not take (the document turned read-only, or
 * access changed, before it arrived). It is no longer kept anywhere else: the user can copy
 * it and paste it back once the document is editable again, or send it to someone.
 */
export function RescuePanel({ text, onDismiss }: { text: string | null; onDismiss: () => void }) {
  const t = useTranslations('LocalCopyNotices');
  const area = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState(false);
  if (!text) return null;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // No clipboard permission (plain http, an old browser): select it for Ctrl+C instead.
      area.current?.select();
      document.execCommand('copy');
    }
    setCopied(true);
  };
  return (
    <section className="panel rescue-panel" aria-labelledby="rescue-title" data-testid="rescue-panel">
      <h2 id="rescue-title">{t('rescueTitle')}</h2>
      <p>{t('rescueBody')}</p>
      <textarea ref={area} readOnly value={text} rows={Math.min(8, text.split('\n').length + 1)} aria-label={t('rescueTitle')} data-testid="rescue-text" />
      <div className="rescue-actions">
        <button type="button" onClick={() => void copy()}>
          {copied ? t('copied') : t('copy')}
        </button>
        <button type="button" className="link-button" onClick={onDismiss}>
          {t('dismiss')}
        </button>
      </div>
      <span role="status" className="visually-hidden">
        {copied ? t('onClipboard') : ''}
      </span>
    </section>
  );
}
