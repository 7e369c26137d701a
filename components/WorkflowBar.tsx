'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { Role } from '@/lib/policies';
import { useTranslations } from 'next-intl';
import { zonedTimeToIso } from '@/lib/text/dates';
import { COMMENT_REQUIRED, type Transition } from '@/lib/workflow/states';
import { DateField } from './DateField';

interface Props {
  documentId: string;
  /** The transitions the server's policy allows this user now (from abilities). */
  allowed: Transition[];
  /** People who may be named to review (submit dialog). */
  reviewers: { email: string; name: string; role: string }[];
  timeZone: string;
}

const PRIMARY: ReadonlySet<Transition> = new Set(['submit', 'approve', 'publish']);
/** The transitions whose dialog explains what they do (`WorkflowBar.hint.<transition>`). */
const HINTED: ReadonlySet<Transition> = new Set([
  'submit',
  'endorse',
  'approve',
  'publish',
  'reschedule',
  'release_now',
  'unschedule',
  'request_changes',
  'reopen',
  'archive',
]);

/**
 * The workflow actions this user may take, each confirmed in a small dialog (with the
 * comment, reviewers, due date or embargo it needs). The server decides; this only offers
 * what the abilities say and shows the server's answer as a sentence (in the reader's
 * language: the API writes it so). Transition names: `transitions.*` in the catalogues.
 */
export function WorkflowBar({ documentId, allowed, reviewers, timeZone }: Props) {
  const t = useTranslations('WorkflowBar');
  const label = useTranslations('transitions');
  const roles = useTranslations('roles');
  const router = useRouter();
  const [open, setOpen] = useState<Transition | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (allowed.length === 0) return null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!open) return;
    const form = new FormData(event.currentTarget);
    const body: Record<string, unknown> = { action: open };
    const comment = String(form.get('comment') ?? '').trim();
    if (comment) body.comment = comment;
    if (open === 'submit') {
      const assignees = form.getAll('assignees').map(String);
      if (assignees.length) body.assignees = assignees;
      const due = String(form.get('dueDate') ?? '');
      if (due) body.dueDate = due;
    }
    if (open === 'publish' || open === 'publish_group' || open === 'reschedule') {
      // The embargo is typed on the organisation's clocks, whatever the browser's zone.
      const date = String(form.get('embargoDate') ?? '');
      const time = String(form.get('embargoTime') ?? '').trim();
      if (date || time) {
        const at = date && time ? zonedTimeToIso(date, time, timeZone) : null;
        if (!at) return setError(t('embargoInvalid', { timeZone }));
        body.embargoUntil = at;
      }
    }
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/documents/${documentId}/transitions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) {
        const data = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(data?.error?.message ?? t('refused', { status: res.status }));
      }
      setOpen(null);
      router.refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : t('failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="workflow-bar" aria-label={t('region')}>
      {allowed.map((action) => (
        <button
          key={action}
          type="button"
          className={PRIMARY.has(action) ? 'primary' : undefined}
          onClick={() => {
            setError(null);
            setOpen(action);
          }}
        >
          {label(action)}
        </button>
      ))}
      {open && (
        // biome-ignore lint/a11y/noStaticElementInteractions: a click beside the dialog closes it, as Escape does for keyboards
        <div className="dialog-backdrop" role="presentation" onClick={() => !busy && setOpen(null)}>
          <form
            className="dialog"
            role="dialog"
            aria-modal="true"
            aria-labelledby="workflow-dialog-title"
            onSubmit={submit}
            onClick={(e) => e.stopPropagation()}
            onKeyDown={(e) => e.key === 'Escape' && !busy && setOpen(null)}
          >
            <h2 id="workflow-dialog-title">{label(open)}</h2>
            {HINTED.has(open) && <p className="hint">{t(`hint.${open}`)}</p>}
            {open === 'submit' && reviewers.length > 0 && (
              <fieldset>
                <legend>{t('askPeople')}</legend>
                {reviewers.map((r) => (
                  <label key={r.email} className="check">
                    <input type="checkbox" name="assignees" value={r.email} /> <span translate="no">{r.name}</span>{' '}
                    <span className="muted">({roles(r.role as Role)})</span>
                  </label>
                ))}
              </fieldset>
            )}
            {open === 'submit' && <DateField label={t('dueDate')} name="dueDate" />}
            {(open === 'publish' || open === 'publish_group' || open === 'reschedule') && (
              <div className="embargo-fields">
                <DateField
                  label={open === 'publish' || open === 'publish_group' ? t('embargoUntilOptional') : t('embargoUntil')}
                  name="embargoDate"
                  required={open === 'reschedule'}
                />
                <label className="embargo-time">
                  {t('embargoTime', { timeZone })}
                  <input
                    name="embargoTime"
                    inputMode="numeric"
                    autoComplete="off"
                    placeholder="09:00"
                    pattern="([01][0-9]|2[0-3]):[0-5][0-9]"
                    maxLength={5}
                    size={5}
                    required={open === 'reschedule'}
                    {...sayWhy(t('embargoInvalid', { timeZone }))}
                  />
                </label>
              </div>
            )}
            <label>
              {COMMENT_REQUIRED.has(open) ? t('commentRequired') : t('commentOptional')}
              <textarea name="comment" rows={3} required={COMMENT_REQUIRED.has(open)} maxLength={4000} {...sayWhy(t('commentMissing'))} />
            </label>
            {error && (
              <p role="alert" className="error">
                {error}
              </p>
            )}
            <div className="dialog-actions">
              <button type="button" onClick={() => setOpen(null)} disabled={busy}>
                {t('cancel')}
              </button>
              <button type="submit" className="primary" disabled={busy}>
                {busy ? t('working') : label(open)}
              </button>
            </div>
          </form>
        </div>
      )}
    </section>
  );
}

/**
 * What the browser says when a field blocks the form, in the interface's language: its own
 * sentence ("Please fill out this field.") is in the browser's, which may be another.
 */
function sayWhy(message: string) {
  return {
    onInvalid: (e: FormEvent<HTMLInputElement | HTMLTextAreaElement>) => e.currentTarget.setCustomValidity(message),
    onInput: (e: FormEvent<HTMLInputElement | HTMLTextAreaElement>) => e.currentTarget.setCustomValidity(''),
  };
}
