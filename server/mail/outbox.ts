import type { Env } from '@/server/env';
import { organisation } from '@/server/commands/organisation';
import type { MailPreference, NewMail, Storage, UserRecord } from '@/server/storage/types';
import type { MailMessage, MailParams } from './messages';

/** Until a person chooses on the account page, every mail goes at once. */
export const DEFAULT_MAIL_PREFERENCE: MailPreference = { mode: 'immediate', digestHour: 8 };

/** Interface languages come with issue 24; until then every mail is in English. */
const DEFAULT_LOCALE = 'en';

/**
 * The outbox rows that tell `recipients` of one event, as each of them chose: none for
 * someone who wants no mail, a row held until their digest hour (in the organisation's time
 * zone) for someone who wants a daily summary, a row due now otherwise. None at all when
 * no SMTP server is configured (nothing would send them). The caller writes them in the
 * event's own transaction.
 */
export async function mailsFor(
  services: { storage: Storage; env: Env },
  recipients: readonly UserRecord[],
  message: MailMessage,
  documentId: string | null,
  params: MailParams,
  dedupeKey?: (user: UserRecord) => string,
): Promise<NewMail[]> {
  const people = [...new Map(recipients.filter((u) => u.active).map((u) => [u.id, u])).values()];
  if (!services.env.SMTP_URL || !people.length) return [];
  const preferences = await services.storage.listMailPreferences(people.map((u) => u.id));
  const { timeZone } = await organisation(services);
  const now = new Date();
  const mails: NewMail[] = [];
  for (const user of people) {
    const preference = preferences.get(user.id) ?? DEFAULT_MAIL_PREFERENCE;
    if (preference.mode === 'none') continue;
    const digest = preference.mode === 'digest';
    mails.push({
      userId: user.id,
      toAddress: user.email,
      locale: DEFAULT_LOCALE,
      message,
      documentId,
      params: Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string')),
      digest,
      availableAt: digest ? nextHourIn(timeZone, preference.digestHour, now) : now,
      ...(dedupeKey ? { dedupeKey: dedupeKey(user) } : {}),
    });
  }
  return mails;
}

/**
 * The next time the clock in `timeZone` shows `hour`:00, after `now` (now itself when it
 * shows exactly that). Whole-hour offsets are exact; on a day the clocks change, the digest
 * may come an hour early or late.
 */
export function nextHourIn(timeZone: string, hour: number, now: Date): Date {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(now);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const sinceHour = part('minute') * 60_000 + part('second') * 1000 + now.getMilliseconds();
  let hours = (hour - part('hour') + 24) % 24;
  if (hours === 0 && sinceHour > 0) hours = 24;
  return new Date(now.getTime() - sinceHour + hours * 3_600_000);
}

/** The calendar date (YYYY-MM-DD) in `timeZone`, `days` after `now`'s. */
export function dateIn(timeZone: string, now: Date, days = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
