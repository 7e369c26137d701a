import type { AuditFields } from '@/server/audit';
import type { NewNotification, NotificationRecord, SettingRecord } from '@/server/storage/types';
import { insertAudit } from './audit';
import type { Sql } from './dialect';
import { asDate, toBytes, toNotification } from './rows';

/** Notifications and organisation settings: written once for both databases. */

export async function addNotifications(s: Sql, notifications: readonly NewNotification[]): Promise<void> {
  if (!notifications.length) return;
  const now = s.dialect.now();
  const rows = notifications.map((n) => ({
    user_id: n.userId,
    document_id: n.documentId,
    action: n.action,
    actor_id: n.actorId,
    detail: JSON.stringify(n.detail),
    created_at: now,
  }));
  // In batches: one statement may bind at most 32,766 values in SQLite, 65,535 in PostgreSQL.
  await s.dialect.write(async (db) => {
    for (let i = 0; i < rows.length; i += NOTIFICATIONS_PER_STATEMENT)
      await db
        .insertInto('notifications')
        .values(rows.slice(i, i + NOTIFICATIONS_PER_STATEMENT))
        .execute();
  });
}

const NOTIFICATIONS_PER_STATEMENT = 1000;

export async function listNotifications(s: Sql, userId: string, limit: number): Promise<NotificationRecord[]> {
  const rows = await s.kysely.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toNotification);
}

export async function markNotificationsRead(s: Sql, userId: string, upToId: number): Promise<void> {
  await s.kysely
    .updateTable('notifications')
    .set({ read_at: s.dialect.now() })
    .where('user_id', '=', userId)
    .where('id', '<=', upToId)
    .where('read_at', 'is', null)
    .execute();
}

export async function getSetting(s: Sql, key: string): Promise<SettingRecord | null> {
  const row = await s.kysely.selectFrom('settings').select(['key', 'value', 'updated_by', 'updated_at']).where('key', '=', key).executeTakeFirst();
  return row ? { key: row.key, value: new Uint8Array(row.value), updatedBy: row.updated_by, updatedAt: asDate(row.updated_at) } : null;
}

export function putSetting(s: Sql, key: string, value: Uint8Array | null, updatedBy: string, audit: Omit<AuditFields, 'seq' | 'at'>): Promise<void> {
  return s.dialect.write(async (db) => {
    if (value === null) await db.deleteFrom('settings').where('key', '=', key).execute();
    else
      await db
        .insertInto('settings')
        .values({ key, value: toBytes(value), updated_by: updatedBy, updated_at: s.dialect.now() })
        .onConflict((oc) =>
          oc
            .column('key')
            .doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_by: eb.ref('excluded.updated_by'), updated_at: eb.ref('excluded.updated_at') })),
        )
        .execute();
    await insertAudit(s, db, audit);
  });
}
