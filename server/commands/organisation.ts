import { z } from 'zod';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import type { Services } from '@/server/registry';
import { authorize, parseBody } from './guard';
import { sentence } from '@/lib/i18n/sentence';

/** The settings keys of the organisation's name and time zone (UTF-8 text). */
const NAME_KEY = 'org_name';
const TIME_ZONE_KEY = 'org_timezone';
export const MAX_ORG_NAME = 200;

/** Who publishes, and the zone every time is shown in (exports, pages, the verify API). */
export interface Organisation {
  name: string;
  timeZone: string;
}

/** True when `zone` is an IANA time zone this runtime knows (Europe/Istanbul, UTC). */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The organisation's name and time zone: the admins' settings, or ORG_NAME and ORG_TIMEZONE
 * until an admin has set them (the environment gives only their first values). Read at
 * each use, so a change shows on the next page, export or verification, in every process.
 */
export async function organisation(services: Pick<Services, 'storage' | 'env'>): Promise<Organisation> {
  const [name, zone] = await Promise.all([services.storage.getSetting(NAME_KEY), services.storage.getSetting(TIME_ZONE_KEY)]);
  const text = (value: Uint8Array | null | undefined) => (value ? new TextDecoder().decode(value) : '');
  const storedZone = text(zone?.value);
  return {
    name: text(name?.value) || services.env.ORG_NAME,
    // A stored zone this runtime no longer knows falls back rather than breaking every page.
    timeZone: storedZone && isTimeZone(storedZone) ? storedZone : services.env.ORG_TIMEZONE,
  };
}

/** The organisation settings as admins see them. */
export async function organisationSettings(services: Services, actor: SessionUser): Promise<Organisation> {
  authorize(actor, 'manage_settings');
  return organisation(services);
}

const settingsSchema = z.object({ name: z.string().optional(), timeZone: z.string().optional() }).strict();

/**
 * Sets the organisation's name and/or time zone (admins). 400 for a malformed body; 422,
 * with a sentence, for a name that is empty or longer than 200 characters, or a zone that
 * is not an IANA time zone. Each change is on the audit log with its old and new value.
 */
export async function setOrganisationSettings(services: Services, actor: SessionUser, body: unknown): Promise<Organisation> {
  authorize(actor, 'manage_settings');
  const input = parseBody(settingsSchema, body);
  const name = input.name?.replace(/\s+/g, ' ').trim();
  const timeZone = input.timeZone?.trim();
  if (name === undefined && timeZone === undefined) throw new AppError('bad_request', sentence('commandErrors.organisation.nothingSent'));
  if (name !== undefined && (name.length === 0 || [...name].length > MAX_ORG_NAME)) {
    throw new AppError('unprocessable', sentence('commandErrors.organisation.nameLength', { max: MAX_ORG_NAME }));
  }
  if (timeZone !== undefined && !isTimeZone(timeZone)) {
    throw new AppError('unprocessable', sentence('commandErrors.organisation.notTimeZone', { zone: timeZone.slice(0, 60) }));
  }
  const before = await organisation(services);
  const changes: [string, 'name' | 'timeZone', string | undefined][] = [
    [NAME_KEY, 'name', name],
    [TIME_ZONE_KEY, 'timeZone', timeZone],
  ];
  for (const [key, field, value] of changes) {
    if (value === undefined || value === before[field]) continue;
    await services.storage.putSetting(key, new TextEncoder().encode(value), actor.id, {
      actorId: actor.id,
      documentId: null,
      action: 'settings.organisation.set',
      versionId: null,
      contentHash: null,
      detail: { field, from: before[field], to: value },
    });
  }
  return organisation(services);
}
