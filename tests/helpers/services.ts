import net from 'node:net';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL and Redis the scale-out suites use: 127.0.0.1:5432 (user postgres, trust)
 * and 127.0.0.1:6379, as in CI; TEST_POSTGRES_URL / TEST_REDIS_URL point elsewhere.
 * Each suite makes its own database (and its own Redis key prefix), so runs never collide.
 */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_TEST_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const inCI = Boolean(process.env.CI);

/** Null when PostgreSQL answers, else why not. */
export async function probePostgres(url = POSTGRES_ADMIN_URL): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return `PostgreSQL at ${url} is unreachable (${(err as Error).message || (err as { code?: string }).code})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Null when Redis answers PING, else why not (a bare RESP exchange: no client retries). */
export function probeRedis(url = REDIS_TEST_URL): Promise<string | null> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const done = (why: string | null) => {
      socket.destroy();
      resolve(why);
    };
    socket.setTimeout(3000, () => done(`Redis at ${url} did not answer in 3 s`));
    socket.once('error', (err) => done(`Redis at ${url} is unreachable (${err.message})`));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG') ? null : `Redis at ${url} answered ${JSON.stringify(d.toString())}`));
  });
}

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database of its own on the test PostgreSQL; `drop` removes it. */
export async function freshDatabase(prefix = 'cq_test'): Promise<FreshDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** The URL of database `name`, created when missing. */
export async function ensureDatabase(name: string): Promise<string> {
  await adminQuery(`CREATE DATABASE ${name}`).catch((err: { code?: string }) => {
    if (err.code !== '42P04') throw err; // duplicate_database: made by an earlier start
  });
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A Redis key prefix no other run uses. */
export function freshRedisPrefix(): string {
  return `cqtest:${randomBytes(4).toString('hex')}:`;
}
