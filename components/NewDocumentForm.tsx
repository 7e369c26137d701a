'use client';

import { useTranslations } from 'next-intl';
import { useId, useRef, useState, type FormEvent } from 'react';
import type { DocumentKind } from '@/lib/text/document';
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
  const t = useTranslations('NewDocumentForm');
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
      if (res.status === 401) throw new Error(t('sessionEnded'));
      if (!res.ok || !body.id) throw new Error(body.error?.message ?? t('failed'));
      window.location.assign(`/documents/${encodeURIComponent(body.id)}`);
    } catch (err) {
      setBusy(false);
      setError(err instanceof Error && err.message !== 'Failed to fetch' ? err.message : t('unreachable'));
    }
  }

  return (
    <>
      <button ref={opener} type="button" className="primary" onClick={open} aria-haspopup="dialog">
        {t('open')}
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
        <form ref={form} onSubmit={submit} className="modal-body" aria-label={t('title')} noValidate={false}>
          <header className="modal-head">
            <h2 id={titleId}>{t('title')}</h2>
            <button type="button" className="icon-button" onClick={close} aria-label={t('close')}>
              <span aria-hidden="true">×</span>
            </button>
          </header>
          <label>
            {t('docTitle')}
            <input name="title" required maxLength={300} placeholder={t('titlePlaceholder')} autoComplete="off" />
          </label>
          <div className="field-row">
            <KindLanguageFields onKindChange={setKind} />
          </div>
          <fieldset className="plain">
            <legend>{t('dateline')}</legend>
            <div className="field-row">
              <label>
                {t('place')}
                <input name="place" maxLength={120} placeholder={t('placePlaceholder')} autoComplete="off" />
              </label>
              <DateField label={t('date')} name="date" />
            </div>
          </fieldset>
          <fieldset className="choices">
            <legend>{t('startWith')}</legend>
            <label className="check">
              <input type="radio" name="start" value="skeleton" defaultChecked aria-describedby={summaryId} />
              {t('outline', { kind })}
            </label>
            <p id={summaryId} className="hint">
              {t(`skeleton.${kind}`)} {t('skeletonLanguages')}
            </p>
            <label className="check">
              <input type="radio" name="start" value="blank" />
              {t('blank')}
            </label>
          </fieldset>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={close}>
              {t('cancel')}
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t('creating') : t('create')}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
