'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Modal } from './editor/Dialogs';

/**
 * "Delete draft", for a draft never submitted (its creator or an admin: the server's
 * abilities decide whether this shows, and the server decides again). Asks first; once
 * deleted, the documents list opens.
 */
export function DeleteDraftButton({ documentId, title }: { documentId: string; title: string }) {
  const t = useTranslations('DeleteDraftButton');
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/documents/${encodeURIComponent(documentId)}`, { method: 'DELETE' });
      if (!res.ok) {
        const data = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(data?.error?.message ?? t('refused', { status: res.status }));
      }
      window.location.assign('/documents');
    } catch (err) {
      setError(err instanceof Error ? err.message : t('failed'));
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        {t('open')}
      </button>
      <Modal open={open} onClose={() => !busy && setOpen(false)} title={t('title')}>
        <p>{t.rich('body', { title: () => <span translate="no">{title}</span> })}</p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={() => setOpen(false)} disabled={busy}>
            {t('cancel')}
          </button>
          <button type="button" className="primary danger" onClick={remove} disabled={busy}>
            {busy ? t('busy') : t('confirm')}
          </button>
        </div>
      </Modal>
    </>
  );
}
