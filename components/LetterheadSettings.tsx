'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useOrganisationTime } from './OrganisationTime';

interface Logo {
  type: 'png' | 'svg';
  bytes: number;
  size: { width: number; height: number } | null;
  updatedAt: string;
  updatedBy: string | null;
}

/** Upload or remove the letterhead logo printed on every PDF and DOCX export (admins only). */
export function LetterheadSettings({ logo, maxBytes }: { logo: Logo | null; maxBytes: number }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const clock = useOrganisationTime();

  async function send(init: RequestInit, done: string) {
    setMessage(null);
    setBusy(true);
    try {
      const res = await fetch('/api/settings/logo', init);
      const data = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
      if (!res.ok) throw new Error(data.error?.message ?? `The server refused (${res.status}).`);
      setMessage({ kind: 'ok', text: done });
      router.refresh();
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : 'That did not work. Try again.' });
    } finally {
      setBusy(false);
    }
  }

  function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) return setMessage({ kind: 'error', text: 'Choose a PNG or SVG file first.' });
    if (file.size > maxBytes) return setMessage({ kind: 'error', text: `The logo is larger than ${maxBytes / 1024} KB; use a smaller PNG or SVG file.` });
    const target = event.currentTarget;
    void send({ method: 'POST', body: form }, 'The logo is set: the next export carries it.').then(() => target.reset());
  }

  return (
    <div className="stack">
      <section aria-label="Current logo">
        {logo ? (
          <>
            {/* eslint-disable-next-line @next/next/no-img-element -- an admin-only preview of the stored bytes */}
            <img
              src={`/api/settings/logo?v=${encodeURIComponent(logo.updatedAt)}`}
              alt="The organisation’s logo"
              style={{ maxHeight: '4rem', maxWidth: '100%' }}
            />
            <p>
              {logo.type.toUpperCase()}, {Math.ceil(logo.bytes / 1024)} KB{logo.size ? `, ${logo.size.width} × ${logo.size.height}` : ''} — set{' '}
              {logo.updatedBy ? `by ${logo.updatedBy} ` : ''}on {clock.format(logo.updatedAt)}
            </p>
            <button
              type="button"
              disabled={busy}
              onClick={() => void send({ method: 'DELETE' }, 'The logo is removed: exports show the organisation’s name alone.')}
            >
              Remove logo
            </button>
          </>
        ) : (
          <p>No logo is set: exports show the organisation’s name alone.</p>
        )}
      </section>
      <form onSubmit={upload} className="new-document" aria-label="Upload a logo">
        <label className="grow">
          Logo (PNG or SVG, up to {maxBytes / 1024} KB)
          <input name="file" type="file" accept="image/png,image/svg+xml,.png,.svg" required />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {logo ? 'Replace logo' : 'Upload logo'}
        </button>
      </form>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error' : 'notice'}>
          {message.text}
        </p>
      )}
    </div>
  );
}
