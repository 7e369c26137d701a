import { randomBytes } from 'node:crypto';
import type { Storage, UserRecord } from '@/server/storage/types';
import { hashPassword, verifyPassword } from './password';

let dummyHash: Promise<string> | undefined;

/** A hash of a random password, made once, with the same parameters as every stored one. */
function dummy(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummyHash;
}

/**
 * The active user with this email and password, or null. An unknown email, an inactive
 * account and one without a password (SSO only) are checked against a dummy hash, so each
 * answer costs one scrypt like a known email's: the time taken does not tell which emails
 * have accounts. `verify` is the password check (injectable so a test can count its calls).
 */
export async function checkCredentials(
  storage: Storage,
  email: string,
  password: string,
  verify: (password: string, stored: string) => Promise<boolean> = verifyPassword,
): Promise<UserRecord | null> {
  const user = await storage.findUserByEmail(email);
  const usable = user?.active && user.passwordHash ? user : null;
  const matches = await verify(password, usable?.passwordHash ?? (await dummy()));
  return usable && matches ? usable : null;
}
