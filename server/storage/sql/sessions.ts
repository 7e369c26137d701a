import { sql } from 'kysely';
import type { SignInAttempts } from '@/server/storage/types';
import type { Sql } from './dialect';
import { asDate } from './rows';

/** Ended sessions and sign-in throttling, shared by every process: written once for both databases. */

export function revokeSession(s: Sql, sessionId: string, expiresAt: Date): Promise<void> {
  return s.dialect.write(async (db) => {
    await db.deleteFrom('revoked_sessions').where('expires_at', '<=', s.dialect.now()).execute();
    await db
      .insertInto('revoked_sessions')
      .values({ session_id: sessionId, expires_at: s.dialect.time(expiresAt) })
      .onConflict((oc) => oc.column('session_id').doNothing())
      .execute();
  });
}

export async function isSessionRevoked(s: Sql, sessionId: string): Promise<boolean> {
  const row = await s.kysely
    .selectFrom('revoked_sessions')
    .select('session_id')
    .where('session_id', '=', sessionId)
    .where('expires_at', '>', s.dialect.now())
    .executeTakeFirst();
  return row !== undefined;
}

export async function countSignInAttempt(s: Sql, keys: readonly string[], at: Date, windowMs: number): Promise<SignInAttempts[]> {
  // One statement per key, each atomic: attempts from every process add up, and an
  // expired window starts again at this attempt.
  const expired = s.dialect.time(new Date(at.getTime() - windowMs));
  const counted: SignInAttempts[] = [];
  for (const key of keys) {
    const row = await s.kysely
      .insertInto('sign_in_attempts')
      .values({ key, attempts: 1, window_start: s.dialect.time(at) })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          attempts: sql<number>`CASE WHEN sign_in_attempts.window_start <= ${expired} THEN 1 ELSE sign_in_attempts.attempts + 1 END`,
          window_start: sql`CASE WHEN sign_in_attempts.window_start <= ${expired} THEN excluded.window_start ELSE sign_in_attempts.window_start END`,
        }),
      )
      .returning(['key', 'attempts', 'window_start'])
      .executeTakeFirstOrThrow();
    counted.push({ key: row.key, attempts: row.attempts, windowStart: asDate(row.window_start) });
  }
  await s.kysely.deleteFrom('sign_in_attempts').where('window_start', '<=', expired).execute();
  return counted;
}

export async function takeBackSignInAttempt(s: Sql, key: string, clear: boolean): Promise<void> {
  if (clear) await s.kysely.deleteFrom('sign_in_attempts').where('key', '=', key).execute();
  else await s.kysely.updateTable('sign_in_attempts').set({ attempts: sql`attempts - 1` }).where('key', '=', key).where('attempts', '>', 0).execute();
}

export async function peekSignInAttempts(s: Sql, keys: readonly string[], at: Date, windowMs: number): Promise<SignInAttempts[]> {
  if (keys.length === 0) return [];
  const expired = s.dialect.time(new Date(at.getTime() - windowMs));
  const rows = await s.kysely
    .selectFrom('sign_in_attempts')
    .select(['key', 'attempts', 'window_start'])
    .where('key', 'in', [...keys])
    .where('window_start', '>', expired)
    .execute();
  return keys.map((key) => {
    const row = rows.find((r) => r.key === key);
    return row ? { key, attempts: row.attempts, windowStart: asDate(row.window_start) } : { key, attempts: 0, windowStart: at };
  });
}
