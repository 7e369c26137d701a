'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ownLanguageName } from '@/lib/languages/tags';
import { COMMON_LANGUAGES } from '@/lib/text/document';
import type { LanguageGroupView } from '@/lib/languages/view';
import { Modal } from './editor/Dialogs';

/**
 * The language bar of a statement (issue 23): each language version with its state, the
 * master marked, and "master changed" on every version whose aligned text is no longer the
 * master's. On a stale version: a banner with one click to the master's diff since the
 * aligned text, and "Mark aligned" (when the server's abilities allow editing). "Add a
 * language version" opens a dialog, where the language is chosen by its own name among the
 * organisation's languages the group does not have yet. The server decides everything again.
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
  const t = useTranslations('LanguageBar');
  const stateName = useTranslations('states');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const self = group.members.find((m) => m.id === documentId);
  const grouped = group.members.length > 1;
  if (!grouped && !mayAdd) return null;

  async function send(path: string, body: object): Promise<unknown> {
    const res = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const data = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    if (!res.ok) throw new Error(data?.error?.message ?? t('serverAnswered', { status: res.status }));
    return data;
  }

  async function markAligned() {
    setBusy(true);
    setError(null);
    try {
      await send(`/api/documents/${encodeURIComponent(documentId)}/aligned`, { masterVersionId: 'current' });
      window.location.reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : t('alignFailed'));
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
      setError(err instanceof Error ? err.message : t('addFailed'));
      setBusy(false);
    }
  }

  return (
    <section className={grouped ? 'language-bar grouped' : 'language-bar'} aria-label={t('label')}>
      {grouped && (
        <ul>
          {group.members.map((m) => (
            <li key={m.id} className={m.stale ? 'stale' : undefined}>
              <a
                href={`/documents/${encodeURIComponent(m.id)}`}
                aria-current={m.id === documentId ? 'page' : undefined}
                lang={m.language}
                title={m.title}
                translate="no"
              >
                {ownLanguageName(m.language)}
              </a>{' '}
              <span className={`state state-${m.state}`}>{stateName(m.state)}</span>
              {m.master && <span className="language-tag">{t('master')}</span>}
              {m.stale && <span className="language-stale">{t('masterChanged')}</span>}
              {!m.master && !m.stale && <span className="language-current">{t('current')}</span>}
            </li>
          ))}
        </ul>
      )}
      {grouped && sideBySide && self && !self.master && (
        <a className="button-link" href={`/documents/${encodeURIComponent(documentId)}/side-by-side`}>
          {t('sideBySideMaster')}
        </a>
      )}
      {grouped && sideBySide && self?.master && (
        // From the master, the translation to put beside it is chosen here.
        <nav className="language-side-by-side" aria-label={t('sideBySideWithLabel')}>
          <span>{t('sideBySideWith')}</span>{' '}
          {group.members
            .filter((m) => !m.master)
            .map((m) => (
              <a key={m.id} className="button-link" href={`/documents/${encodeURIComponent(m.id)}/side-by-side`} lang={m.language} translate="no">
                {ownLanguageName(m.language)}
              </a>
            ))}
        </nav>
      )}
      {mayAdd && (
        <button type="button" onClick={() => setAdding(true)}>
          {t('add')}
        </button>
      )}
      {self?.stale && (
        <p className="banner language-banner" role="note">
          {self.alignedWith ? t('staleAligned') : t('staleNever')}{' '}
          {self.alignedWith && (
            <a href={`/documents/${encodeURIComponent(group.masterId)}/history?from=${encodeURIComponent(self.alignedWith.versionId)}&to=current`}>
              {t('seeChanges')}
            </a>
          )}
          {mayAlign && (
            <>
              {' '}
              <button type="button" onClick={markAligned} disabled={busy}>
                {busy ? t('marking') : t('markAligned')}
              </button>
            </>
          )}
        </p>
      )}
      {grouped && self?.state === 'approved' && group.members.some((m) => m.id !== documentId && m.state !== 'approved' && m.state !== 'published') && (
        <p className="banner language-banner" role="note">
          {t('notAllApproved')}
        </p>
      )}
      {error && !adding && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <Modal open={adding} onClose={() => !busy && setAdding(false)} title={t('dialogTitle')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void add(new FormData(e.currentTarget));
          }}
        >
          <label>
            {t('language')}
            <select name="language" required defaultValue="">
              <option value="" disabled>
                {t('chooseLanguage')}
              </option>
              {COMMON_LANGUAGES.filter((l) => !group.members.some((m) => m.language === l.tag)).map((l) => (
                <option key={l.tag} value={l.tag} lang={l.tag} translate="no">
                  {l.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('title')}
            <input name="title" maxLength={300} />
          </label>
          <fieldset>
            <legend>{t('startFrom')}</legend>
            <label>
              <input type="radio" name="startFrom" value="copy" defaultChecked /> {t('startCopy')}
            </label>
            <label>
              <input type="radio" name="startFrom" value="empty" /> {t('startEmpty')}
            </label>
          </fieldset>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={() => setAdding(false)} disabled={busy}>
              {t('cancel')}
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t('adding') : t('submit')}
            </button>
          </div>
        </form>
      </Modal>
    </section>
  );
}
