import type { Selectable } from 'kysely';
import type { MailPreference, MailRecord, NewMail } from '@/server/storage/types';
import type { Db, Sql } from './dialect';
import { asDate } from './rows';
import type { MailOutboxTable } from './schema';

/**
 * The mail outbox and mail preferences: written once for both databases. Times are the
 * process's clock (as threads.ts does), so a claim compares like with like in either
 * database. A claim is one transaction: PostgreSQL skips rows another process has locked
 * (FOR UPDATE SKIP LOCKED) and takes a lease on the rest; SQLite's one process holds the
 * only write lock (BEGIN IMMEDIATE) while it claims.
 */

const asDateOrNull = (v: MailOutboxTable['sent_at']): Date | null => (v === null ? null : asDate(v));

function toMail(row: Selectable<MailOutboxTable>): MailRecord {
  return {
    id: row.id,
    userId: row.user_id,
    toAddress: row.to_address,
    locale: row.locale,
    message: row.message,
    documentId: row.document_id,
    params: JSON.parse(row.params) as Record<string, string>,
    digest: row.digest === true || row.digest === 1,
    availableAt: asDate(row.available_at),
    ...(row.dedupe_key === null ? {} : { dedupeKey: row.dedupe_key }),
    attempts: row.attempts,
    sentAt: asDateOrNull(row.sent_at),
    failedAt: asDateOrNull(row.failed_at),
    lastError: row.last_error,
    createdAt: asDate(row.created_at),
  };
}

/** Inside a write transaction (a transition's, a comment's): writes mails, leaving out keys written before. */
export async function insertMails(s: Sql, db: Db, mails: readonly NewMail[] | undefined): Promise<number> {
  let written = 0;
  const now = s.dialect.time(new Date());
  for (const m of mails ?? []) {
    const result = await db
      .insertInto('mail_outbox')
      .values({
        user_id: m.userId,
        to_address: m.toAddress,
        locale: m.locale,
        message: m.message,
        document_id: m.documentId,
        params: JSON.stringify(m.params),
        digest: s.dialect.flag(m.digest),
        dedupe_key: m.dedupeKey ?? null,
        available_at: s.dialect.time(m.availableAt),
        created_at: now,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    written += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return written;
}

export function enqueueMails(s: Sql, mails: readonly NewMail[]): Promise<number> {
  if (!mails.length) return Promise.resolve(0);
  return s.dialect.write((db) => insertMails(s, db, mails));
}

export function claimMails(s: Sql, token: string, leaseMs: number): Promise<MailRecord[]> {
  return s.dialect.write(async (db) => {
    const now = new Date();
    const at = s.dialect.time(now);
    const due = (userId?: string) =>
      db
        .selectFrom('mail_outbox')
        .select('id')
        .where('sent_at', 'is', null)
        .where('failed_at', 'is', null)
        .where('available_at', '<=', at)
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', at)]))
        .$if(userId !== undefined, (q) => q.where('user_id', '=', userId!).where('digest', '=', s.dialect.flag(true)))
        .orderBy('available_at')
        .orderBy('id')
        .$if(s.dialect.kind === 'postgres', (q) => q.forUpdate().skipLocked());
    const lease = { claimed_until: s.dialect.time(new Date(now.getTime() + leaseMs)), claim_token: token };
    const head = await db.updateTable('mail_outbox').set(lease).where('id', '=', due().limit(1)).returningAll().executeTakeFirst();
    if (!head) return [];
    const first = toMail(head);
    if (!first.digest) return [first];
    // One digest: every other due digest mail of the same person goes with it.
    const rest = await db.updateTable('mail_outbox').set(lease).where('id', 'in', due(first.userId).limit(200)).returningAll().execute();
    return [first, ...rest.map(toMail)].sort((a, b) => a.id - b.id);
  });
}

export async function markMailsSent(s: Sql, ids: readonly number[], token: string): Promise<void> {
  if (!ids.length) return;
  await s.kysely
    .updateTable('mail_outbox')
    .set({ sent_at: s.dialect.time(new Date()), claimed_until: null, claim_token: null })
    .where('id', 'in', ids)
    .where('claim_token', '=', token)
    .where('sent_at', 'is', null)
    .execute();
}

export async function markMailsFailed(s: Sql, ids: readonly number[], token: string, error: string, retryAt: Date | null): Promise<void> {
  if (!ids.length) return;
  await s.kysely
    .updateTable('mail_outbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: error.slice(0, 2000),
      claimed_until: null,
      claim_token: null,
      ...(retryAt ? { available_at: s.dialect.time(retryAt) } : { failed_at: s.dialect.time(new Date()) }),
    }))
    .where('id', 'in', ids)
    .where('claim_token', '=', token)
    .where('sent_at', 'is', null)
    .execute();
}

export async function listFailedMails(s: Sql, limit: number): Promise<MailRecord[]> {
  const rows = await s.kysely
    .selectFrom('mail_outbox')
    .selectAll()
    .where('failed_at', 'is not', null)
    .where('sent_at', 'is', null)
    .orderBy('failed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toMail);
}

export async function retryFailedMail(s: Sql, id: number): Promise<boolean> {
  const result = await s.kysely
    .updateTable('mail_outbox')
    .set({ failed_at: null, attempts: 0, available_at: s.dialect.time(new Date()), claimed_until: null, claim_token: null })
    .where('id', '=', id)
    .where('failed_at', 'is not', null)
    .where('sent_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function findMail(s: Sql, id: number): Promise<MailRecord | null> {
  const row = await s.kysely.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toMail(row) : null;
}

export async function listMailPreferences(s: Sql, userIds: readonly string[]): Promise<Map<string, MailPreference>> {
  const found = new Map<string, MailPreference>();
  if (!userIds.length) return found;
  const rows = await s.kysely
    .selectFrom('mail_preferences')
    .select(['user_id', 'mode', 'digest_hour'])
    .where('user_id', 'in', [...userIds])
    .execute();
  for (const r of rows) found.set(r.user_id, { mode: r.mode, digestHour: r.digest_hour });
  return found;
}

export async function setMailPreference(s: Sql, userId: string, p: MailPreference): Promise<void> {
  await s.kysely
    .insertInto('mail_preferences')
    .values({ user_id: userId, mode: p.mode, digest_hour: p.digestHour, updated_at: s.dialect.time(new Date()) })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet((eb) => ({
        mode: eb.ref('excluded.mode'),
        digest_hour: eb.ref('excluded.digest_hour'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}
