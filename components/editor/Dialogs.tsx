'use client';

import { useTranslations } from 'next-intl';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
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
  // useId, not the title: a title in Cyrillic or Azerbaijani has no \w letters to make an id of.
  const titleId = useId();
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
  const t = useTranslations('Dialogs');
  const name = useTranslations('shortcuts');
  return (
    <Modal open={open} onClose={onClose} title={t('shortcutsTitle')}>
      <table className="shortcuts">
        <tbody>
          {Object.entries(SHORTCUTS)
            .filter(([, s]) => s.keys.length > 0)
            .map(([id, s]) => (
              <tr key={id}>
                <td>{name(id)}</td>
                <td>
                  <kbd>{keyLabel(s.keys)}</kbd>
                </td>
              </tr>
            ))}
          <tr>
            <td>{t('moveInToolbar')}</td>
            <td>
              <kbd>←</kbd> <kbd>→</kbd>
            </td>
          </tr>
        </tbody>
      </table>
      <div className="modal-actions">
        <button type="button" onClick={onClose}>
          {t('close')}
        </button>
      </div>
    </Modal>
  );
}

/** Asks for a link's address; an empty address removes the link. */
export function LinkDialog({ open, initial, onClose, onSubmit }: { open: boolean; initial: string; onClose: () => void; onSubmit: (href: string) => void }) {
  const t = useTranslations('Dialogs');
  const [href, setHref] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      setHref(initial);
      setError(null);
    }
  }, [open, initial]);
  return (
    <Modal open={open} onClose={onClose} title={initial ? t('editLink') : t('addLinkTitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const value = href.trim();
          if (value && !isSafeHref(value)) {
            setError(t('unsafeLink'));
            return;
          }
          onSubmit(value);
        }}
      >
        <label className="field">
          <span>{t('address')}</span>
          <input
            type="text"
            inputMode="url"
            value={href}
            onChange={(e) => setHref(e.target.value)}
            placeholder="https://"
            // An address: nothing in it is the interface's to translate.
            translate="no"
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
            {t('cancel')}
          </button>
          {initial && (
            <button type="button" className="secondary" onClick={() => onSubmit('')}>
              {t('removeLink')}
            </button>
          )}
          <button type="submit">{initial ? t('update') : t('addLink')}</button>
        </div>
      </form>
    </Modal>
  );
}
