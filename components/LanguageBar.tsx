'use client';

import { useState } from 'react';
import { ownLanguageName } from '@/lib/languages/tags';
import type { LanguageGroupView } from '@/lib/languages/view';
import { STATE_LABELS } from '@/lib/workflow/states';
import { Modal } from './editor/Dialogs';

/**
 * The language bar of a statement (issue 23): each language version with its state, the
 * master marked, and "master changed" on every version whose aligned text is no longer the
 * master's. On a stale version: a banner with one click to the master's diff since the
 * aligned text, and "Mark aligned" (when the server's abilities allow editing). "Add a
 * language version" opens a dialog. The server decides everything again.
 */
export function LanguageBar({
  documentId,
  group,
  mayAlign,
  mayAdd,
  sideBySide = true,
}: {
  documentId: string;
  group: LanguageGroupView;
  mayAlign: boolean;
  mayAdd: boolean;
  /** Links to the side-by-side view (issue 23): the master beside a translation. Off on that view itself. */
  sideBySide?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const self = group.members.find((m) => m.id === documentId);
  const grouped = group.members.length > 1;
  if (!grouped && !mayAdd) return null;

  async function send(path: string, body: object): Promise<unknown> {
    const res = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const data = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    if (!res.ok) throw new Error(data?.error?.message ?? `The server answered ${res.status}.`);
    return data;
  }

  async function markAligned() {
    setBusy(true);
    setError(null);
    try {
      await send(`/api/documents/${encodeURIComponent(documentId)}/aligned`, { masterVersionId: 'current' });
      window.location.reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : 'It could not be marked aligned. Try again.');
      setBusy(false);
    }
  }

  async function add(form: FormData) {
    setBusy(true);
    setError(null);
    try {
      const title = String(form.get('title') ?? '').trim();
      const made = (await send(`/api/documents/${encodeURIComponent(documentId)}/languages`, {
        language: String(form.get('language') ?? ''),
        startFrom: form.get('startFrom') === 'empty' ? 'empty' : 'copy',
        ...(title ? { title } : {}),
      })) as { id: string };
      window.location.assign(`/documents/${encodeURIComponent(made.id)}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'The language version could not be added. Try again.');
      setBusy(false);
    }
  }

  return (
    <section className={grouped ? 'language-bar grouped' : 'language-bar'} aria-label="Language versions">
      {grouped && (
        <ul>
          {group.members.map((m) => (
            <li key={m.id} className={m.stale ? 'stale' : undefined}>
              <a href={`/documents/${encodeURIComponent(m.id)}`} aria-current={m.id === documentId ? 'page' : undefined} lang={m.language} title={m.title}>
                {ownLanguageName(m.language)}
              </a>{' '}
              <span className={`state state-${m.state}`}>{STATE_LABELS[m.state] ?? m.state}</span>
              {m.master && <span className="language-tag"> · master</span>}
              {m.stale && <span className="language-stale"> · master changed</span>}
              {!m.master && !m.stale && <span className="language-current"> · current</span>}
            </li>
          ))}
        </ul>
      )}
      {grouped && sideBySide && self && !self.master && (
        <a className="button-link" href={`/documents/${encodeURIComponent(documentId)}/side-by-side`}>
          Side by side with the master
        </a>
      )}
      {grouped && sideBySide && self?.master && (
        // From the master, the translation to put beside it is chosen here.
        <nav className="language-side-by-side" aria-label="Side by side with a translation">
          <span>Side by side with:</span>{' '}
          {group.members
            .filter((m) => !m.master)
            .map((m) => (
              <a key={m.id} className="button-link" href={`/documents/${encodeURIComponent(m.id)}/side-by-side`} lang={m.language}>
                {ownLanguageName(m.language)}
              </a>
            ))}
        </nav>
      )}
      {mayAdd && (
        <button type="button" onClick={() => setAdding(true)}>
          Add a language version
        </button>
      )}
      {self?.stale && (
        <p className="banner language-banner" role="note">
          {self.alignedWith ? 'The master text has changed since this version was aligned with it' : 'This version has not been aligned with the master yet'} (a
          change of formatting alone counts too).{' '}
          {self.alignedWith && (
            <a href={`/documents/${encodeURIComponent(group.masterId)}/history?from=${encodeURIComponent(self.alignedWith.versionId)}&to=current`}>
              See what changed in the master
            </a>
          )}
          {mayAlign && (
            <>
              {' '}
              <button type="button" onClick={markAligned} disabled={busy}>
                {busy ? 'Marking…' : 'Mark aligned with the current master'}
              </button>
            </>
          )}
        </p>
      )}
      {grouped && self?.state === 'approved' && group.members.some((m) => m.id !== documentId && m.state !== 'approved' && m.state !== 'published') && (
        <p className="banner language-banner" role="note">
          Not every language of this statement is approved: publishing this version on its own releases it before the others. Publish all languages together
          from the master once they are.
        </p>
      )}
      {error && !adding && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <Modal open={adding} onClose={() => !busy && setAdding(false)} title="Add a language version">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void add(new FormData(e.currentTarget));
          }}
        >
          <label>
            Language (a tag such as kk, ky, tr, en)
            <input name="language" required maxLength={35} autoComplete="off" />
          </label>
          <label>
            Title in that language (optional: the master’s until changed)
            <input name="title" maxLength={300} />
          </label>
          <fieldset>
            <legend>Start from</legend>
            <label>
              <input type="radio" name="startFrom" value="copy" defaultChecked /> a copy of the master’s current text, to overwrite
            </label>
            <label>
              <input type="radio" name="startFrom" value="empty" /> an empty page
            </label>
          </fieldset>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={() => setAdding(false)} disabled={busy}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Adding…' : 'Add'}
            </button>
          </div>
        </form>
      </Modal>
    </section>
  );
}
