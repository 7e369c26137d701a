'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';
import { isSafeHref } from '@/lib/editor/links';
import { keyLabel, SHORTCUTS } from './shortcuts';

/**
 * A modal <dialog>: the browser traps focus in it, Escape closes it, and focus returns to
 * where it was. Open while `open` is true.
 */
export function Modal({ open, onClose, title, children }: { open: boolean; onClose: () => void; title: string; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  const titleId = `dialog-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click on the backdrop closes the dialog; keyboards have Escape, native to the dialog element
    <dialog ref={ref} className="modal" aria-labelledby={titleId} onClose={onClose} onClick={(e) => e.target === ref.current && onClose()}>
      <div className="modal-body">
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </dialog>
  );
}

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Modal open={open} onClose={onClose} title="Keyboard shortcuts">
      <table className="shortcuts">
        <tbody>
          {Object.entries(SHORTCUTS)
            .filter(([, s]) => s.keys.length > 0)
            .map(([id, s]) => (
              <tr key={id}>
                <td>{s.action}</td>
                <td>
                  <kbd>{keyLabel(s.keys)}</kbd>
                </td>
              </tr>
            ))}
          <tr>
            <td>Move between toolbar buttons</td>
            <td>
              <kbd>←</kbd> <kbd>→</kbd>
            </td>
          </tr>
        </tbody>
      </table>
      <div className="modal-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}

/** Asks for a link's address; an empty address removes the link. */
export function LinkDialog({ open, initial, onClose, onSubmit }: { open: boolean; initial: string; onClose: () => void; onSubmit: (href: string) => void }) {
  const [href, setHref] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      setHref(initial);
      setError(null);
    }
  }, [open, initial]);
  return (
    <Modal open={open} onClose={onClose} title={initial ? 'Edit link' : 'Add a link'}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const value = href.trim();
          if (value && !isSafeHref(value)) {
            setError('Links must start with https://, http:// or mailto:. Type the full address.');
            return;
          }
          onSubmit(value);
        }}
      >
        <label className="field">
          <span>Address</span>
          <input
            type="text"
            inputMode="url"
            value={href}
            onChange={(e) => setHref(e.target.value)}
            placeholder="https://"
            aria-describedby={error ? 'link-error' : undefined}
          />
        </label>
        {error && (
          <p id="link-error" className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          {initial && (
            <button type="button" className="secondary" onClick={() => onSubmit('')}>
              Remove link
            </button>
          )}
          <button type="submit">{initial ? 'Update' : 'Add link'}</button>
        </div>
      </form>
    </Modal>
  );
}
