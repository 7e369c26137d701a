import { createHash } from 'node:crypto';
import type { Storage } from '../storage/types';

/**
 * Sign-in throttling. Failed attempts are counted per account and per client address in
 * storage (so every process sees the same counts), in a window that opens with a key's
 * first attempt. An attempt is counted before its password is checked — so a burst of
 * guesses sent at once cannot all slip in under the limit — and taken back when it
 * succeeds: only failures count, and any number of successful sign-ins goes through.
 */
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
/** Failed attempts on one account per window; the next is refused (429). */
export const ACCOUNT_FAILURES = 5;
/** Failed attempts from one client address per window (several people may share one). */
export const ADDRESS_FAILURES = 30;

/**
 * The request header through which the custom server hands the socket's remote address to
 * route handlers. It overwrites whatever a client sent under that name.
 */
export const CLIENT_ADDRESS_HEADER = 'x-communique-client-address';

/** What admitSignIn decided: go ahead (and report the outcome), or wait this many seconds. */
export type SignInAdmission = { admitted: true; keys: { account: string | null; address: string } } | { admitted: false; retryAfterSeconds: number };

/**
 * The client address a sign-in is counted against: the socket's remote address, or, when
 * TRUST_PROXY says a proxy in front sets X-Forwarded-For, the address that proxy saw (the
 * last entry: the ones before it are whatever the client claimed). IPv6 addresses count
 * by their /64 network, which one client usually holds whole.
 */
export function clientAddress(headers: Headers, trustProxy: boolean): string {
  const forwarded = trustProxy
    ? headers
        .get('x-forwarded-for')
        ?.split(',')
        .map((a) => a.trim())
        .filter(Boolean)
        .at(-1)
    : undefined;
  const raw = (forwarded ?? headers.get(CLIENT_ADDRESS_HEADER) ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '').replace(/%.*$/, '');
  return raw.includes(':') ? ipv6Network(raw) : raw || 'unknown';
}

function ipv6Network(ip: string): string {
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => (parseInt(g, 16) || 0).toString(16))
    .join(':')}::/64`;
}

/** An account's key: a hash of the normalised email (any length in, a short key out, no email stored). */
function accountKey(email: string): string | null {
  const normalised = email.trim().toLowerCase();
  return normalised ? `account:${createHash('sha256').update(normalised).digest('hex')}` : null;
}

/**
 * Counts a sign-in attempt for `email` from `address` and says whether it may go ahead:
 * refused once the account or the address is past its failures in the window, with the
 * seconds until that window closes.
 */
export async function admitSignIn(storage: Storage, email: string, address: string, now = new Date()): Promise<SignInAdmission> {
  const account = accountKey(email);
  const keys = { account, address: `address:${address}` };
  const counts = await storage.countSignInAttempt(account ? [keys.address, account] : [keys.address], now, SIGN_IN_WINDOW_MS);
  const over = counts.filter((c) => c.attempts > (c.key === keys.address ? ADDRESS_FAILURES : ACCOUNT_FAILURES));
  if (!over.length) return { admitted: true, keys };
  const until = Math.max(...over.map((c) => c.windowStart.getTime() + SIGN_IN_WINDOW_MS));
  return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) };
}

/** The admitted attempt signed in: it is not a failure. The account starts afresh; the address gets this attempt back. */
export async function signInSucceeded(storage: Storage, keys: { account: string | null; address: string }): Promise<void> {
  await storage.takeBackSignInAttempt(keys.address, false);
  if (keys.account) await storage.takeBackSignInAttempt(keys.account, true);
}
