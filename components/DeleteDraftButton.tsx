'use client';

import { useState } from 'react';
import { Modal } from './editor/Dialogs';

/**
 * "Delete draft", for a draft never submitted (its creator or an admin: the server's
 * abilities decide whether this shows, and the server decides again). Asks first; once
 * deleted, the documents list opens.
 */
export function DeleteDraftButton({ documentId, title }: { documentId: string; title: string }) {
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
        throw new Error(data?.error?.message ?? `The draft could not be deleted (the server answered ${res.status}).`);
      }
      window.location.assign('/documents');
    } catch (err) {
      setError(err instanceof Error ? err.message : 'The draft could not be deleted. Try again.');
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        Delete draft
      </button>
      <Modal open={open} onClose={() => !busy && setOpen(false)} title="Delete this draft?">
        <p>
          “{title}” and everything typed in it are deleted for everyone. This cannot be undone. It was never submitted, so nothing of its sign-off is lost; the
          activity log keeps a line saying you deleted it.
        </p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={() => setOpen(false)} disabled={busy}>
            Cancel
          </button>
          <button type="button" className="primary danger" onClick={remove} disabled={busy}>
            {busy ? 'Deleting…' : 'Delete draft'}
          </button>
        </div>
      </Modal>
    </>
  );
}
