import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe } from 'vitest';
import { PostgresStorage } from '@/server/storage/postgres';
import { SqliteStorage } from '@/server/storage/sqlite';
import { freshDatabase, probePostgres } from '@/tests/helpers/services';
import { servicesSuite } from '@/tests/helpers/services-suite';
import { postgresOnly } from './postgres-only';
import { storageContract, type StoreUnderTest } from './suite';
import { mailContract } from './mail-suite';
import { threadsContract } from './threads-suite';
import { languageGroupsContract } from './language-groups-suite';

async function sqliteStore(): Promise<StoreUnderTest> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'communique-storage-'));
  const file = path.join(dir, 'communique.db');
  return {
    make: () => new SqliteStorage(file),
    async raw(sql) {
      const db = new Database(file);
      try {
        db.exec(sql);
      } finally {
        db.close();
      }
    },
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresStore(): Promise<StoreUnderTest> {
  const database = await freshDatabase('cq_storage');
  return {
    make: () => new PostgresStorage({ connectionString: database.url }),
    async raw(sql) {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    },
    cleanup: () => database.drop(),
  };
}

describe('storage: SQLite', () => storageContract(sqliteStore));
describe('storage: SQLite, comment threads', () => threadsContract(sqliteStore));
describe('storage: SQLite, mail', () => mailContract(sqliteStore, { processes: false }));
describe('storage: SQLite, language groups', () => languageGroupsContract(sqliteStore));

const postgres = await probePostgres();
servicesSuite('storage: PostgreSQL', [postgres], () => {
  storageContract(postgresStore);
  describe('comment threads', () => threadsContract(postgresStore));
  describe('mail', () => mailContract(postgresStore, { processes: true }));
  describe('language groups', () => languageGroupsContract(postgresStore));
  postgresOnly(postgresStore);
});
