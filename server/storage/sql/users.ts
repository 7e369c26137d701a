import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { NewUser, UserPatch, UserRecord } from '@/server/storage/types';
import type { Sql } from './dialect';
import { toUser } from './rows';

/** Users: written once for both databases. Emails are stored lower-cased and compared without regard to case. */

export async function countUsers(s: Sql): Promise<number> {
  const row = await s.kysely
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function createUser(s: Sql, input: NewUser): Promise<UserRecord> {
  const id = randomUUID();
  await s.kysely
    .insertInto('users')
    .values({
      id,
      email: input.email.toLowerCase(),
      name: input.name,
      role: input.role,
      password_hash: input.passwordHash,
      active: s.dialect.flag(true),
      must_change_password: s.dialect.flag(input.mustChangePassword ?? false),
      created_at: s.dialect.now(),
    })
    .execute();
  return (await findUserById(s, id))!;
}

export async function findUserByEmail(s: Sql, email: string): Promise<UserRecord | null> {
  const row = await s.kysely.selectFrom('users').selectAll().where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
  return row ? toUser(row) : null;
}

export async function findUserById(s: Sql, id: string): Promise<UserRecord | null> {
  const row = await s.kysely.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : null;
}

export async function listUsers(s: Sql): Promise<UserRecord[]> {
  const rows = await s.kysely.selectFrom('users').selectAll().orderBy(sql`lower(name)`).orderBy('email').execute();
  return rows.map(toUser);
}

export async function updateUser(s: Sql, id: string, patch: UserPatch): Promise<UserRecord> {
  const set = {
    name: patch.name,
    role: patch.role,
    active: patch.active === undefined ? undefined : s.dialect.flag(patch.active),
    password_hash: patch.passwordHash,
    must_change_password: patch.mustChangePassword === undefined ? undefined : s.dialect.flag(patch.mustChangePassword),
    locale: patch.locale,
    session_epoch: patch.endSessions ? sql<number>`session_epoch + 1` : undefined,
  };
  // Kysely leaves undefined values out of SET: undefined means "as it is".
  if (Object.values(set).some((v) => v !== undefined)) await s.kysely.updateTable('users').set(set).where('id', '=', id).execute();
  const user = await findUserById(s, id);
  if (!user) throw new Error(`user ${id} not found`);
  return user;
}
