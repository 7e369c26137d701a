'use client';

import { KindLanguageFields } from './KindLanguageFields';
import { useState, type FormEvent } from 'react';

/** Creates a draft through the REST API and opens it. */
export function NewDocumentForm() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const place = String(form.get('place') ?? '').trim();
    const date = String(form.get('date') ?? '');
    try {
      const res = await fetch('/api/documents', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          title: String(form.get('title') ?? ''),
          kind: String(form.get('kind') ?? 'statement'),
          language: String(form.get('language') ?? 'en'),
          dateline: place || date ? { place, date: date || null } : undefined,
        }),
      });
      const body = (await res.json()) as { id?: string; error?: { message: string } };
      if (!res.ok || !body.id) throw new Error(body.error?.message ?? 'The document could not be created.');
      window.location.assign(`/documents/${body.id}`);
    } catch (err) {
      setBusy(false);
      setError(err instanceof Error ? err.message : 'The document could not be created. Try again.');
    }
  }

  return (
    <form onSubmit={submit} className="new-document" aria-label="New document">
      <label className="grow">
        Title
        <input name="title" required maxLength={300} placeholder="Statement on …" />
      </label>
      <KindLanguageFields />
      <label>
        Place
        <input name="place" maxLength={120} placeholder="Baku" />
      </label>
      <label>
        Date
        <input name="date" type="date" />
      </label>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Creating…' : 'New document'}
      </button>
      {error && (
        <p role="alert" className="error full">
          {error}
        </p>
      )}
    </form>
  );
}
