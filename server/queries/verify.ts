import { sentence } from '@/lib/i18n/sentence';
import { sharedRateLimit } from '@/server/edge/rate-limit';
import { AppError } from '@/server/errors';
import type { Storage } from '@/server/storage/types';
import { releasedWithHash } from './newsroom';

/** What `GET /api/verify/<sha256>` answers: the same shape for every text that is not released. */
export type Verification = { released: true; title: string; language: string; releasedAt: string; organisation: string } | { released: false };

const SHA256 = /^[0-9a-fA-F]{64}$/;

/**
 * Takes one public verification lookup from the client address's allowance (60 a minute by
 * default, VERIFY_LOOKUPS_PER_MINUTE), or refuses with 429: a person checks a few texts or
 * files, a script that walks hashes or floods the database from one address is stopped
 * before any lookup. Per process, and one for the API routes and the /verify page together.
 * The refusal is `Verify.tooMany`, in the reader's language where it is answered.
 */
export function admitVerification(address: string, perMinute: number): void {
  const lookups = sharedRateLimit('verify', perMinute, 60_000);
  if (!lookups.take(address)) throw new AppError('too_many_requests', sentence('Verify.tooMany', { seconds: lookups.retryAfterSeconds(address) }));
}

/** Whether a path segment is a SHA-256 in hex (either case): the only thing verification accepts. */
export function isSha256(value: string): boolean {
  return SHA256.test(value);
}

/**
 * Whether the text with this SHA-256 was released by the organisation, for anyone without
 * a session: released means what the public newsroom shows (queries/newsroom.ts). Anything
 * else (unknown, draft, approved, under embargo, archived) gets `{released: false}` from
 * the same single lookup, so the answer gives no hint that such a text exists. When the
 * same text was released more than once, the first release answers.
 */
export async function verifyText(storage: Storage, organisation: string, hash: string, now = new Date()): Promise<Verification> {
  if (!isSha256(hash)) throw new AppError('bad_request', sentence('commandErrors.verify.badCode'));
  const [first] = await releasedWithHash(storage, hash.toLowerCase(), now);
  if (!first) return { released: false };
  return { released: true, title: first.title, language: first.language, releasedAt: first.publishedAt, organisation };
}

/**
 * Whether a file someone holds is an export of a text the organisation released, by the
 * SHA-256 of its bytes (the browser computes it: the file never leaves the device). Yes only
 * when an export of that document's released text produced exactly these bytes and that
 * text is public now (the same rule as verifyText); any other file, a changed byte, a draft's
 * export, a text not (yet, or no longer) released, gets the one `{released: false}`.
 */
export async function verifyFile(storage: Storage, organisation: string, sha256: string, now = new Date()): Promise<Verification> {
  if (!isSha256(sha256)) throw new AppError('bad_request', sentence('commandErrors.verify.badFingerprint'));
  const file = await storage.findReleasedFile(sha256.toLowerCase());
  if (!file) return { released: false };
  const release = (await releasedWithHash(storage, file.contentHash, now)).find((d) => d.id === file.documentId);
  if (!release) return { released: false };
  return { released: true, title: release.title, language: release.language, releasedAt: release.publishedAt, organisation };
}
