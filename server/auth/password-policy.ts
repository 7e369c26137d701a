import { AppError } from '@/server/errors';
import { COMMON_PASSWORDS } from './common-passwords';
import { verifyPassword } from './password';
import { sentence } from '@/lib/i18n/sentence';

/** The shortest password anyone may set. */
export const MIN_PASSWORD = 10;

let common: Set<string> | undefined;

/** The common passwords that ship with the app (common-passwords.ts), as a set made once. */
function commonPasswords(): Set<string> {
  common ??= new Set(COMMON_PASSWORDS.split('\n').filter(Boolean));
  return common;
}

/** Whether a password is on the shipped list of common ones (compared in lower case). */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.trim().toLowerCase());
}

/**
 * Checks a password someone is about to set (their own, or an admin for someone else) and
 * throws `unprocessable` with a sentence that says what to choose instead: at least
 * MIN_PASSWORD characters, not a common password, not the person's email or the part
 * before the @, and not the password they have now (`currentHash`). Seeding the demo users
 * does not come through here.
 */
export async function assertAcceptablePassword(password: string, owner: { email: string; currentHash?: string | null }): Promise<string> {
  if ([...password].length < MIN_PASSWORD) throw new AppError('unprocessable', sentence('commandErrors.password.tooShort', { min: MIN_PASSWORD }));
  const lower = password.trim().toLowerCase();
  const email = owner.email.trim().toLowerCase();
  if (lower === email || lower === email.split('@')[0]) throw new AppError('unprocessable', sentence('commandErrors.password.isEmail'));
  if (isCommonPassword(password)) throw new AppError('unprocessable', sentence('commandErrors.password.common'));
  if (owner.currentHash && (await verifyPassword(password, owner.currentHash))) throw new AppError('unprocessable', sentence('commandErrors.password.same'));
  return password;
}
