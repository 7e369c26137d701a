'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { Role } from '@/lib/policies';
import { zonedTimeToIso } from '@/lib/text/dates';
import { roleLabel } from '@/lib/text/roles';
import { COMMENT_REQUIRED, TRANSITION_LABELS, type Transition } from '@/lib/workflow/states';
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
const HINT: Partial<Record<Transition, string>> = {
  submit: 'Editing stops for everyone until the document comes back to draft.',
  endorse: 'Says you reviewed exactly the text you see now and ask for no changes; the approvers are told.',
  approve: 'You approve exactly the text you see now.',
  publish: 'Releases the approved text to the newsroom, at once or when the embargo ends.',
  reschedule: 'Moves the embargo: the text is released at the new time instead.',
  release_now: 'Releases the text to the newsroom now, before its embargo ends.',
  unschedule: 'Cancels the scheduled release: the text goes back to approved and the newsroom never shows it.',
  request_changes: 'Sends the document back to draft. Say what should change.',
  reopen: 'Brings the document back to draft; earlier approvals stop counting. Say why.',
  archive: 'Hides the document from lists. An admin can restore it.',
};

/**
 * The workflow actions this user may take, each confirmed in a small dialog (with the
 * comment, reviewers, due date or embargo it needs). The server decides; this only offers
 * what the abilities say and shows the server's answer as a sentence.
 */
export function WorkflowBar({ documentId, allowed, reviewers, timeZone }: Props) {
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
        if (!at) return setError(`Give the embargo’s date and its time in ${timeZone} as HH:MM, such as 09:00.`);
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
        throw new Error(data?.error?.message ?? `The server refused (${res.status}).`);
      }
      setOpen(null);
      router.refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : 'That did not work. Try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="workflow-bar" aria-label="Workflow">
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
          {TRANSITION_LABELS[action]}
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
            <h2 id="workflow-dialog-title">{TRANSITION_LABELS[open]}</h2>
            {HINT[open] && <p className="hint">{HINT[open]}</p>}
            {open === 'submit' && reviewers.length > 0 && (
              <fieldset>
                <legend>Ask specific people (optional)</legend>
                {reviewers.map((r) => (
                  <label key={r.email} className="check">
                    <input type="checkbox" name="assignees" value={r.email} /> {r.name} <span className="muted">({roleLabel(r.role as Role)})</span>
                  </label>
                ))}
              </fieldset>
            )}
            {open === 'submit' && <DateField label="Due date (optional)" name="dueDate" />}
            {(open === 'publish' || open === 'publish_group' || open === 'reschedule') && (
              <div className="embargo-fields">
                <DateField
                  label={`Embargo until${open === 'publish' || open === 'publish_group' ? ' (optional)' : ''}`}
                  name="embargoDate"
                  required={open === 'reschedule'}
                />
                <label className="embargo-time">
                  Time in {timeZone} (24-hour, HH:MM)
                  <input
                    name="embargoTime"
                    inputMode="numeric"
                    autoComplete="off"
                    placeholder="09:00"
                    pattern="([01][0-9]|2[0-3]):[0-5][0-9]"
                    maxLength={5}
                    size={5}
                    required={open === 'reschedule'}
                  />
                </label>
              </div>
            )}
            <label>
              Comment{COMMENT_REQUIRED.has(open) ? ' (required)' : ' (optional)'}
              <textarea name="comment" rows={3} required={COMMENT_REQUIRED.has(open)} maxLength={4000} />
            </label>
            {error && (
              <p role="alert" className="error">
                {error}
              </p>
            )}
            <div className="dialog-actions">
              <button type="button" onClick={() => setOpen(null)} disabled={busy}>
                Cancel
              </button>
              <button type="submit" className="primary" disabled={busy}>
                {busy ? 'Working…' : TRANSITION_LABELS[open]}
              </button>
            </div>
          </form>
        </div>
      )}
    </section>
  );
}
