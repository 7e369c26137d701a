import { z } from 'zod';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import { DEFAULT_MAIL_PREFERENCE } from '@/server/mail/outbox';
import type { Services } from '@/server/registry';
import type { MailPreference, MailRecord } from '@/server/storage/types';
import { authorize, parseBody } from './guard';
import { sentence } from '@/lib/i18n/sentence';

/**
 * Mail as people and admins see it (issue 25): each person's choice (every mail at once, a
 * daily digest at an hour of the organisation's time zone, or none), and for admins the
 * mails that were given up, with the SMTP server's answer, to send again.
 */

/** What the account page shows: the choice, and whether this installation sends mail at all. */
export interface MailSettingsView extends MailPreference {
  enabled: boolean;
}

const preferenceSchema = z
  .object({
    mode: z.enum(['immediate', 'digest', 'none']),
    digestHour: z.number().int().min(0).max(23).optional(),
  })
  .strict();

/** `GET /api/me/mail` → `{mode, digestHour, enabled}`. */
export async function mailSettings(services: Services, actor: SessionUser): Promise<MailSettingsView> {
  const stored = (await services.storage.listMailPreferences([actor.id])).get(actor.id) ?? DEFAULT_MAIL_PREFERENCE;
  return { ...stored, enabled: Boolean(services.env.SMTP_URL) };
}

/**
 * `PUT /api/me/mail` `{mode, digestHour?}` (digestHour 0–23, required for a digest; kept as
 * it was otherwise) → the new settings. Applies to mails written from now on.
 */
export async function setMailSettings(services: Services, actor: SessionUser, body: unknown): Promise<MailSettingsView> {
  const input = parseBody(preferenceSchema, body);
  if (input.mode === 'digest' && input.digestHour === undefined) throw new AppError('bad_request', sentence('commandErrors.mail.digestHour'));
  const current = await mailSettings(services, actor);
  const preference: MailPreference = { mode: input.mode, digestHour: input.digestHour ?? current.digestHour };
  await services.storage.setMailPreference(actor.id, preference);
  return { ...preference, enabled: current.enabled };
}

/** A mail that was given up, as admins see it: to whom, what, when, and the SMTP server's answer; never its body. */
export interface UndeliveredMailView {
  id: number;
  to: string;
  message: string;
  documentId: string | null;
  title: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  failedAt: string | null;
}

const present = (m: MailRecord): UndeliveredMailView => ({
  id: m.id,
  to: m.toAddress,
  message: m.message,
  documentId: m.documentId,
  title: m.params.title ?? null,
  attempts: m.attempts,
  lastError: m.lastError,
  createdAt: m.createdAt.toISOString(),
  failedAt: m.failedAt?.toISOString() ?? null,
});

/** `GET /api/mail/undelivered` (admins) → `{mails: [...]}`, newest first, at most 200. */
export async function undeliveredMails(services: Services, actor: SessionUser): Promise<{ mails: UndeliveredMailView[] }> {
  authorize(actor, 'manage_settings');
  return { mails: (await services.storage.listFailedMails(200)).map(present) };
}

/** `POST /api/mail/undelivered/<id>/retry` (admins): the mail goes back in the queue, due now. 404 when it is not (any more) undelivered. */
export async function retryUndeliveredMail(services: Services, actor: SessionUser, id: string): Promise<{ ok: true }> {
  authorize(actor, 'manage_settings');
  const n = /^\d{1,15}$/.test(id) ? Number(id) : Number.NaN;
  if (!Number.isSafeInteger(n) || !(await services.storage.retryFailedMail(n))) throw new AppError('not_found', sentence('commandErrors.mail.noSuchMail'));
  services.mail?.nudge();
  return { ok: true };
}
