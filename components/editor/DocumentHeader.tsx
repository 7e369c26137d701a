'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { COMMON_LANGUAGES, type Dateline } from '@/lib/text/document';
import { DateField } from '../DateField';

interface Props {
  documentId: string;
  title: string;
  language: string;
  dateline: Dateline | null;
  /**
   * The dateline as the server writes it in the document's language ("Bakı, 11 yanvar
   * 2022"): browsers differ in the calendar data they carry (Debian's Chromium writes
   * "2022 M01 11" for Azerbaijani), so dates are formatted once, on the server.
   */
  datelineText: string;
  /** Drafts the user may edit: title, language and dateline change in place. */
  editable: boolean;
}

type Patch = { title?: string; language?: string; dateline?: Dateline | null };

/**
 * The document's title, language and dateline. In a draft the user may edit, the title is
 * edited where it stands (Enter or leaving the field saves, Escape undoes), and the
 * language and dateline in a small form under it. The server checks every change.
 */
export function DocumentHeader({ documentId, title, language, dateline, datelineText, editable }: Props) {
  const t = useTranslations('DocumentHeader');
  const router = useRouter();
  const [draftTitle, setDraftTitle] = useState(title);
  const [editingDetails, setEditingDetails] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const titleInput = useRef<HTMLTextAreaElement>(null);
  // A new title from the server (a colleague's change, or our save coming back) replaces
  // the field's text, but never while this user is typing in it.
  useEffect(() => {
    if (document.activeElement !== titleInput.current) setDraftTitle(title);
  }, [title]);
  // The field is as tall as its text, so a long official title shows whole at any width
  // (CSS field-sizing does this where supported; this measures for the rest).
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-measure when the text changes
  useEffect(() => {
    const field = titleInput.current;
    if (!field || CSS.supports('field-sizing', 'content')) return;
    field.style.height = 'auto';
    field.style.height = `${field.scrollHeight}px`;
  }, [draftTitle]);

  async function save(patch: Patch): Promise<boolean> {
    setSaving(true);
    setError(null);
    try {
      const res = await fetch(`/api/documents/${encodeURIComponent(documentId)}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(patch),
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        setError(body?.error?.message ?? t('notSaved', { status: res.status }));
        return false;
      }
      router.refresh();
      return true;
    } catch {
      setError(t('unreachable'));
      return false;
    } finally {
      setSaving(false);
    }
  }

  async function saveTitle() {
    const next = draftTitle.trim();
    if (next === title) return;
    if (!next) {
      setError(t('needsTitle'));
      return;
    }
    if (!(await save({ title: next }))) return;
  }

  return (
    <div className="doc-title-block">
      {editable ? (
        <h1 className="title-heading">
          {/* A textarea only so that the title wraps: it is one line of text (Enter saves, a pasted line break becomes a space). */}
          <textarea
            ref={titleInput}
            className="title-input"
            lang={language}
            translate="no"
            aria-label={t('title')}
            value={draftTitle}
            maxLength={300}
            rows={1}
            onChange={(e) => setDraftTitle(e.target.value.replace(/[\r\n]+/g, ' '))}
            onBlur={() => void saveTitle()}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void saveTitle();
              } else if (e.key === 'Escape') {
                setDraftTitle(title);
                setError(null);
              }
            }}
          />
        </h1>
      ) : (
        <h1 lang={language} translate="no">
          {title}
        </h1>
      )}
      {editingDetails ? (
        <DetailsForm
          language={language}
          dateline={dateline}
          saving={saving}
          onCancel={() => {
            setEditingDetails(false);
            setError(null);
          }}
          onSave={async (patch) => {
            if (await save(patch)) setEditingDetails(false);
          }}
        />
      ) : (
        <p className="dateline" lang={language}>
          {/* The dateline is the document's, in its language: not the interface's to translate. */}
          {datelineText ? <span translate="no">{datelineText}</span> : editable ? <span className="muted">{t('noDateline')}</span> : null}
          {editable && (
            <button type="button" className="link-button" onClick={() => setEditingDetails(true)}>
              {t('editDetails')}
            </button>
          )}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function DetailsForm(props: { language: string; dateline: Dateline | null; saving: boolean; onCancel: () => void; onSave: (patch: Patch) => void }) {
  const t = useTranslations('DocumentHeader');
  const [language, setLanguage] = useState(props.language);
  const [place, setPlace] = useState(props.dateline?.place ?? '');
  const [date, setDate] = useState(props.dateline?.date ?? '');
  const known = COMMON_LANGUAGES.some((l) => l.tag === props.language);
  return (
    <form
      className="details-form"
      onSubmit={(e) => {
        e.preventDefault();
        const dateline = place.trim() || date ? { place: place.trim(), date: date || null } : null;
        props.onSave({ language, dateline });
      }}
      onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}
    >
      <label className="field">
        <span>{t('language')}</span>
        <select value={language} onChange={(e) => setLanguage(e.target.value)}>
          {!known && <option value={props.language}>{props.language}</option>}
          {COMMON_LANGUAGES.map((l) => (
            <option key={l.tag} value={l.tag} lang={l.tag} translate="no">
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('place')}</span>
        <input value={place} maxLength={120} onChange={(e) => setPlace(e.target.value)} lang={language} placeholder={t('placePlaceholder')} />
      </label>
      <DateField label={t('date')} defaultValue={date} onChange={setDate} />
      <div className="form-actions">
        <button type="submit" disabled={props.saving}>
          {props.saving ? t('saving') : t('save')}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
