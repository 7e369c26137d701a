'use client';

import { useId, useRef, useState, type FormEvent } from 'react';
import { KIND_LABELS, type DocumentKind } from '@/lib/text/document';
import { SKELETON_SUMMARIES } from '@/lib/text/skeletons';
import { DateField } from './DateField';
import { KindLanguageFields } from './KindLanguageFields';

/**
 * "New document": a button that opens a modal dialog (the native <dialog>, so focus stays
 * inside it, Escape closes it and the page behind is inert) with the title, kind, language
 * and dateline, and whether to start from the kind's skeleton or a blank page. The draft is
 * created through the REST API and opened; focus returns to the button when the dialog
 * closes without creating anything.
 */
export function NewDocumentForm() {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [kind, setKind] = useState<DocumentKind>('statement');
  const titleId = useId();
  const summaryId = useId();

  function open() {
    setError(null);
    dialog.current?.showModal();
    dialog.current?.querySelector<HTMLInputElement>('input[name="title"]')?.focus();
  }

  function close() {
    dialog.current?.close();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const place = String(data.get('place') ?? '').trim();
    const date = String(data.get('date') ?? '');
    try {
      const res = await fetch('/api/documents', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          title: String(data.get('title') ?? ''),
          kind: String(data.get('kind') ?? 'statement'),
          language: String(data.get('language') ?? 'en'),
          dateline: place || date ? { place, date: date || null } : undefined,
          skeleton: data.get('start') !== 'blank',
        }),
      });
      const body = (await res.json().catch(() => ({}))) as { id?: string; error?: { message: string } };
      if (res.status === 401) throw new Error('Your session has ended. Sign in again, then create the document.');
      if (!res.ok || !body.id) throw new Error(body.error?.message ?? 'The document could not be created. Try again in a moment.');
      window.location.assign(`/documents/${encodeURIComponent(body.id)}`);
    } catch (err) {
      setBusy(false);
      setError(
        err instanceof Error && err.message !== 'Failed to fetch' ? err.message : 'The server could not be reached. Check your connection and try again.',
      );
    }
  }

  return (
    <>
      <button ref={opener} type="button" className="primary" onClick={open} aria-haspopup="dialog">
        New document
      </button>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: a click on the backdrop closes the dialog; keyboards have Escape, native to the dialog element */}
      <dialog
        ref={dialog}
        className="modal"
        aria-labelledby={titleId}
        onClose={() => {
          setBusy(false);
          form.current?.reset();
          setKind('statement');
          opener.current?.focus();
        }}
        // A click on the backdrop (the dialog element itself, outside its box) closes it.
        onClick={(event) => event.target === dialog.current && !busy && close()}
      >
        <form ref={form} onSubmit={submit} className="modal-body" aria-label="New document" noValidate={false}>
          <header className="modal-head">
            <h2 id={titleId}>New document</h2>
            <button type="button" className="icon-button" onClick={close} aria-label="Close">
              <span aria-hidden="true">×</span>
            </button>
          </header>
          <label>
            Title
            <input name="title" required maxLength={300} placeholder="Statement on …" autoComplete="off" />
          </label>
          <div className="field-row">
            <KindLanguageFields onKindChange={setKind} />
          </div>
          <fieldset className="plain">
            <legend>Dateline</legend>
            <div className="field-row">
              <label>
                Place
                <input name="place" maxLength={120} placeholder="Baku" autoComplete="off" />
              </label>
              <DateField label="Date" name="date" />
            </div>
          </fieldset>
          <fieldset className="choices">
            <legend>Start with</legend>
            <label className="check">
              <input type="radio" name="start" value="skeleton" defaultChecked aria-describedby={summaryId} />
              The {KIND_LABELS[kind].toLowerCase()} outline
            </label>
            <p id={summaryId} className="hint">
              {SKELETON_SUMMARIES[kind]} In the document’s language where we have it (English, Azerbaijani, Russian), otherwise in English.
            </p>
            <label className="check">
              <input type="radio" name="start" value="blank" />A blank page
            </label>
          </fieldset>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Creating…' : 'Create document'}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
