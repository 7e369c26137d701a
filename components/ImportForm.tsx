'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { KindLanguageFields } from './KindLanguageFields';
import { FileField } from './FileField';

/**
 * Imports a Markdown or Word file as a new draft. What the import changed or left out is
 * shown before the document opens, so nothing disappears without the user knowing; the
 * documents list behind it already shows the new draft.
 */
export function ImportForm() {
  const t = useTranslations('ImportForm');
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ id: string; warnings: string[] } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await fetch('/api/documents/import', { method: 'POST', body: new FormData(event.currentTarget) });
      // A refusal (413, 422) carries a sentence that says why; an answer without one (a proxy's page) still gets ours.
      const body = (await res.json().catch(() => ({}))) as { id?: string; warnings?: string[]; error?: { message: string } };
      if (!res.ok || !body.id) throw new Error(body.error?.message ?? t('failed'));
      if (!body.warnings?.length) {
        window.location.assign(`/documents/${body.id}`);
        return;
      }
      setResult({ id: body.id, warnings: body.warnings });
      setBusy(false);
      // The new draft is in the list behind the notes at once, not on the next visit.
      router.refresh();
    } catch (err) {
      setBusy(false);
      setError(err instanceof Error ? err.message : t('failed'));
    }
  }

  return (
    <form onSubmit={submit} className="import-form" aria-label={t('form')}>
      <FileField
        label={t('file')}
        name="file"
        required
        accept=".md,.markdown,.docx,text/markdown,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
      />
      <div className="field-row">
        <KindLanguageFields />
      </div>
      <button type="submit" disabled={busy}>
        {busy ? t('busy') : t('submit')}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {result && (
        <div role="status" className="import-result">
          <p>{t('imported')}</p>
          <ul>
            {result.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
          <a href={`/documents/${result.id}`}>{t('open')}</a>
        </div>
      )}
    </form>
  );
}
