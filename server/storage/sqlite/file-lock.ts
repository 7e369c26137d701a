import path from 'node:path';
import { SqliteDialect, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';

/**
 * One queue per database file in this process. better-sqlite3 runs on the event loop and
 * its busy handler sleeps there: if one connection held a transaction open across an
 * `await` while another connection of the same process asked for the write lock, the
 * second would sleep on the thread the first needs to finish, until busy_timeout. A
 * second Storage on the same file in one process (tests standing for a second process,
 * tools) therefore queues here behind the first; other processes wait in SQLite as usual.
 */
class FileQueue {
  private tail: Promise<void> = Promise.resolve();
  /** Callers holding or waiting for a turn. */
  private holders = 0;

  /** Resolves when it is the caller's turn, with the function that ends it. */
  async enter(): Promise<() => void> {
    let leave!: () => void;
    const previous = this.tail;
    this.holders++;
    this.tail = new Promise<void>((resolve) => {
      leave = () => {
        this.holders--;
        resolve();
      };
    });
    await previous;
    return leave;
  }

  /** Nobody holds or waits for a turn: no connection of this process has a transaction open on the file. */
  get idle(): boolean {
    return this.holders === 0;
  }
}

const queues = new Map<string, FileQueue>();

/** The queue of `file` (each ':memory:' database is its own). */
function queueOf(file: string): FileQueue {
  if (file === ':memory:') return new FileQueue();
  const key = path.resolve(file);
  let queue = queues.get(key);
  if (!queue) queues.set(key, (queue = new FileQueue()));
  return queue;
}

/**
 * Asks whether no connection of this process is using `file` through Kysely now (so none
 * holds a transaction open across an await): a synchronous statement run then cannot wait on
 * one. The queue is looked up once (the path resolved once), not at every keystroke's append.
 */
export function fileIdleCheck(file: string): () => boolean {
  if (file === ':memory:') return () => false; // each in-memory database has a queue of its own: never assumed idle
  const queue = queueOf(file);
  return () => queue.idle;
}

/** Kysely's SQLite dialect whose connection is held in the file's queue while in use. */
export class QueuedSqliteDialect extends SqliteDialect {
  constructor(
    config: ConstructorParameters<typeof SqliteDialect>[0],
    private readonly file: string,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new QueuedDriver(super.createDriver(), queueOf(this.file));
  }
}

class QueuedDriver implements Driver {
  private leave: (() => void) | null = null;

  constructor(
    private readonly inner: Driver,
    private readonly queue: FileQueue,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const leave = await this.queue.enter();
    try {
      const connection = await this.inner.acquireConnection();
      this.leave = leave;
      return connection;
    } catch (err) {
      leave();
      throw err;
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const leave = this.leave;
    this.leave = null;
    try {
      await this.inner.releaseConnection(connection);
    } finally {
      leave?.();
    }
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}
