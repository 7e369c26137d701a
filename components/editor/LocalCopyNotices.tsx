'use client';

import { useRef, useState } from 'react';

/** The read-only banner: why this user cannot edit, in a sentence. */
export function ReadOnlyBanner({ reason }: { reason: string | null }) {
  if (!reason) return null;
  return (
    <p className="banner" role="note" data-testid="readonly-banner">
      Read-only: {reason}
    </p>
  );
}

/**
 * Text this browser typed that the server did not take (the document turned read-only, or
 * access changed, before it arrived). It is no longer kept anywhere else: the user can copy
 * it and paste it back once the document is editable again, or send it to someone.
 */
export function RescuePanel({ text, onDismiss }: { text: string | null; onDismiss: () => void }) {
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
      <h2 id="rescue-title">Text that was not saved</h2>
      <p>
        The server stopped accepting changes before it received these words, so they are not in the document. They are kept only here, until you leave this
        page: copy them to keep them.
      </p>
      <textarea
        ref={area}
        readOnly
        value={text}
        rows={Math.min(8, text.split('\n').length + 1)}
        aria-label="Text that was not saved"
        data-testid="rescue-text"
      />
      <div className="rescue-actions">
        <button type="button" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="link-button" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      <span role="status" className="visually-hidden">
        {copied ? 'The text is on the clipboard.' : ''}
      </span>
    </section>
  );
}
