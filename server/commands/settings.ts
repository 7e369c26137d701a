import { createHash } from 'node:crypto';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import { LogoProblem, MAX_LOGO_BYTES, readLogo, type LogoSize } from '@/server/export/logo';
import type { LetterheadLogo } from '@/server/export/statement-data';
import type { Services } from '@/server/registry';
import type { Storage } from '@/server/storage/types';
import { authorize } from './guard';
import { sentence } from '@/lib/i18n/sentence';

/** The settings key of the letterhead logo (its bytes; the format is read from them). */
const LOGO_KEY = 'letterhead_logo';
/** Room in the request body for the multipart boundaries and headers around the file. */
const FORM_OVERHEAD = 16 * 1024;
const tooLarge = () => sentence('commandErrors.settings.logoTooLarge', { kb: MAX_LOGO_BYTES / 1024 });

export interface LogoView {
  type: 'png' | 'svg';
  bytes: number;
  size: LogoSize | null;
  updatedAt: string;
  updatedBy: string | null;
}

/**
 * The letterhead logo every export prints, or null. Read at each export: a logo changed by
 * an admin shows in the next one. Stored bytes were checked when uploaded; a value that no
 * longer reads as a logo is ignored rather than failing every export.
 */
export async function letterheadLogo(storage: Storage): Promise<LetterheadLogo | null> {
  const setting = await storage.getSetting(LOGO_KEY);
  if (!setting) return null;
  try {
    return readLogo(setting.value)?.logo ?? null;
  } catch {
    return null;
  }
}

/** The logo as the settings page shows it (admins). */
export async function logoSettings(services: Services, actor: SessionUser): Promise<LogoView | null> {
  authorize(actor, 'manage_settings');
  const setting = await services.storage.getSetting(LOGO_KEY);
  if (!setting) return null;
  const read = readLogo(setting.value);
  if (!read) return null;
  const by = setting.updatedBy ? await services.storage.findUserById(setting.updatedBy) : null;
  return { type: read.logo.type, bytes: setting.value.length, size: read.size, updatedAt: setting.updatedAt.toISOString(), updatedBy: by?.name ?? null };
}

/** The logo's bytes and content type, for the settings page's preview (admins). */
export async function logoFile(services: Services, actor: SessionUser): Promise<{ bytes: Uint8Array; contentType: string }> {
  authorize(actor, 'manage_settings');
  const logo = await letterheadLogo(services.storage);
  if (!logo) throw new AppError('not_found', sentence('commandErrors.settings.noLogo'));
  return { bytes: logo.bytes, contentType: logo.type === 'png' ? 'image/png' : 'image/svg+xml' };
}

/**
 * Sets the organisation's letterhead logo from an uploaded file (multipart, field `file`).
 * The file is recognised by its bytes (PNG signature and header, or an SVG document), never
 * by its name or declared type, and drawn once by Typst before it is stored, so a logo that
 * is accepted cannot break an export. Error order: 403 (not an admin), 413 (over the limit:
 * the body is not read past it), 400 (no file), 415 (not a PNG or SVG that can be drawn),
 * 422 (a PNG or SVG that is not acceptable: too many pixels, scripts, outside references).
 * The change is on the audit log with the file's SHA-256.
 */
export async function setLetterheadLogo(
  services: Services,
  actor: SessionUser,
  readForm: (maxBytes: number, tooLarge: string) => Promise<FormData | null>,
): Promise<LogoView> {
  authorize(actor, 'manage_settings');
  const form = await readForm(MAX_LOGO_BYTES + FORM_OVERHEAD, tooLarge());
  const file = form?.get('file');
  if (!form || !file || typeof file === 'string') throw new AppError('bad_request', sentence('commandErrors.settings.logoForm'));
  if (file.size > MAX_LOGO_BYTES) throw new AppError('too_large', tooLarge());
  const bytes = new Uint8Array(await file.arrayBuffer());
  let read: ReturnType<typeof readLogo>;
  try {
    read = readLogo(bytes);
  } catch (err) {
    if (err instanceof LogoProblem) throw new AppError('unprocessable', err.message);
    throw err;
  }
  if (!read) throw new AppError('unsupported_media_type', sentence('commandErrors.settings.logoType'));
  try {
    await services.renderer.checkLogo(read.logo);
  } catch (cause) {
    throw new AppError('unsupported_media_type', sentence('commandErrors.settings.logoUnreadable', { type: read.logo.type.toUpperCase() }), { cause });
  }
  await services.storage.putSetting(LOGO_KEY, bytes, actor.id, {
    actorId: actor.id,
    documentId: null,
    action: 'settings.logo.set',
    versionId: null,
    contentHash: null,
    detail: { type: read.logo.type, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
  });
  const view = await logoSettings(services, actor);
  if (!view) throw new AppError('internal');
  return view;
}

/** Removes the letterhead logo (audited); exports print the organisation's name alone again. */
export async function removeLetterheadLogo(services: Services, actor: SessionUser): Promise<null> {
  authorize(actor, 'manage_settings');
  if (!(await services.storage.getSetting(LOGO_KEY))) return null;
  await services.storage.putSetting(LOGO_KEY, null, actor.id, {
    actorId: actor.id,
    documentId: null,
    action: 'settings.logo.remove',
    versionId: null,
    contentHash: null,
    detail: {},
  });
  return null;
}
