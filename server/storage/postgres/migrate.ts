import type pg from 'pg';
import { PG_MIGRATIONS, type PgMigration } from './migrations';

/**
 * Applies pending migrations, each in its own transaction, holding a session advisory lock
 * for the whole run: processes that start together on an empty database queue here, and
 * each finds the migrations the first one applied. Numbers may have gaps (reserved ones);
 * every migration whose number is not recorded yet is applied, in order.
 */
export async function migrate(pool: pg.Pool, lockSpace: number, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1, 0)', [lockSpace]);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)');
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
        if (done.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [migration.version, migration.name]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw new Error(`PostgreSQL migration ${migration.version} (${migration.name}) failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push(migration.version);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, 0)', [lockSpace]);
    }
  } finally {
    client.release();
  }
  return applied;
}
