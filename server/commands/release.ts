import type { Transition } from '@/lib/workflow/states';
import { AppError } from '@/server/errors';
import type { DocumentRecord, TransitionWrite } from '@/server/storage/types';
import { sentence } from '@/lib/i18n/sentence';

/**
 * The times a transition may carry (an embargo, a review's due date) and the writes that
 * change a scheduled release. Times are judged against the server's clock with no
 * tolerance: a time that is not strictly ahead is refused, so nothing is released at once
 * by mistake (the workflow bar's fields are to the minute; pick the next one).
 */

/** ISO 8601 with a date, a time and an explicit offset (Z or ±hh:mm). */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An embargo must be a time with an offset, and in the future: a past one would release the text at once. */
export function acceptableEmbargo(value: string, now: Date): Date {
  const date = new Date(value);
  if (!ISO_WITH_OFFSET.test(value) || Number.isNaN(date.getTime())) {
    throw new AppError('unprocessable', sentence('commandErrors.release.embargoFormat', { value }));
  }
  if (date.getTime() <= now.getTime()) {
    throw new AppError('unprocessable', sentence('commandErrors.release.embargoPassed', { value }));
  }
  return date;
}

/** A review's due date must be a calendar date, today or later in the organisation's time zone. */
export function acceptableDueDate(date: string, now: Date, timeZone: string): string {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date)
    throw new AppError('unprocessable', sentence('commandErrors.documents.notCalendarDate', { date }));
  // en-CA writes dates as YYYY-MM-DD, which compare as strings.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  if (date < today) throw new AppError('unprocessable', sentence('commandErrors.release.dueDatePassed', { date, today }));
  return date;
}

type Audit = (to: DocumentRecord['state'], extra?: Record<string, unknown>) => TransitionWrite['audit'];

/**
 * The write of a change to a scheduled release. Storage checks, in the same transaction,
 * that the embargo is still ahead (`releasePending`): a pull-back that waited for the lock
 * while the embargo passed is refused, since the newsroom may already show the text.
 * release_now sets the embargo to the moment of release (the newsroom dates it so);
 * unschedule forgets the release entirely (back to approved, publishable again).
 */
export function releaseWrite(doc: DocumentRecord, action: Transition, actorId: string, embargoUntil: Date | null, audit: Audit): TransitionWrite {
  const base = { documentId: doc.id, from: doc.state, releasePending: true } as const;
  const was = doc.embargoUntil?.toISOString() ?? null;
  switch (action) {
    case 'reschedule': {
      if (!embargoUntil) throw new AppError('bad_request', sentence('commandErrors.release.embargoMissing'));
      return {
        ...base,
        patch: { state: 'published', embargoUntil, updatedBy: actorId },
        audit: audit('published', { was, embargoUntil: embargoUntil.toISOString() }),
      };
    }
    case 'release_now': {
      const now = new Date();
      return {
        ...base,
        patch: { state: 'published', embargoUntil: now, updatedBy: actorId },
        audit: audit('published', { was, releasedAt: now.toISOString() }),
      };
    }
    case 'unschedule':
      return {
        ...base,
        patch: { state: 'approved', publishedVersionId: null, publishedAt: null, embargoUntil: null, updatedBy: actorId },
        audit: audit('approved', { was, versionId: doc.publishedVersionId }),
      };
    default:
      throw new Error(`${action} is not a change to a release`);
  }
}
