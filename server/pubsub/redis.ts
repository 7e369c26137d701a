import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '@/server/log';
import type { PubSubStatus } from '@/server/registry';
import { parseRelayMessage, type OutgoingRelayMessage, type RelayMessage } from './messages';

export interface RelayHandlers {
  /** A message from another process. */
  message(msg: RelayMessage): void;
  /**
   * The relay is back after an outage: messages may have been lost meanwhile, so every open
   * document reads its log again (the log in PostgreSQL is the truth; the relay only speeds
   * things up).
   */
  reconnected(): void;
}

/** Keep-alive and reconnection: quick, so a restarted Redis is found again within a second. */
const RETRY = (attempt: number) => Math.min(100 * attempt, 1000);

/**
 * Redis pub/sub between the processes that share one PostgreSQL database: one channel,
 * `${REDIS_PREFIX}collab`, two connections (a subscribed connection cannot publish).
 * Nothing is queued while Redis is away (a stale relay is worse than none: the log
 * catches up); the outage is logged, shown by /api/health, and followed by a catch-up.
 */
export class RedisRelay implements PubSubStatus {
  /** This process, as named in its messages. */
  readonly id = randomUUID();
  private readonly channel: string;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private handlers: RelayHandlers | null = null;
  /** Set while either connection is down; cleared (with a catch-up) once both are back. */
  private outage = false;
  private closing = false;

  constructor(
    url: string,
    prefix: string,
    private readonly log: Logger,
  ) {
    this.channel = `${prefix}collab`;
    const options = { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: RETRY, connectionName: `communique-${this.id}` };
    this.pub = new Redis(url, options);
    this.sub = new Redis(url, { ...options, enableOfflineQueue: true, maxRetriesPerRequest: null });
    for (const [name, conn] of [
      ['publisher', this.pub],
      ['subscriber', this.sub],
    ] as const) {
      conn.on('error', (err: Error) => this.down(name, err.message));
      conn.on('close', () => this.down(name, 'connection closed'));
      conn.on('ready', () => this.up());
    }
    this.sub.on('message', (channel: string, raw: string) => {
      if (channel !== this.channel) return;
      const msg = parseRelayMessage(raw);
      if (!msg) return this.log.warn('ignored a malformed relay message', { raw: raw.slice(0, 200) });
      if (msg.from !== this.id) this.handlers?.message(msg);
    });
  }

  get state(): 'ok' | 'down' {
    return this.pub.status === 'ready' && this.sub.status === 'ready' ? 'ok' : 'down';
  }

  /**
   * Connects and subscribes. When Redis cannot be reached now, the process starts anyway
   * (serving its own clients, health saying `pubsub: down`) and keeps trying.
   */
  async start(handlers: RelayHandlers): Promise<void> {
    this.handlers = handlers;
    try {
      await Promise.all([this.pub.connect(), this.sub.connect()]);
      await this.sub.subscribe(this.channel);
    } catch (err) {
      this.down('relay', (err as Error).message);
      // ioredis keeps reconnecting; the subscription is queued on its connection.
      this.sub.subscribe(this.channel).catch(() => undefined);
    }
  }

  /** Sends to every other process; dropped (and made up for by a catch-up) while Redis is down. */
  publish(msg: OutgoingRelayMessage): void {
    if (this.pub.status !== 'ready') return this.down('publisher', 'not connected');
    this.pub.publish(this.channel, JSON.stringify({ ...msg, from: this.id })).catch((err: Error) => this.down('publisher', err.message));
  }

  private down(which: string, why: string): void {
    if (this.outage || this.closing) return;
    this.outage = true;
    this.log.warn('pub/sub down: serving this process’s own clients; will catch up from the log when Redis is back', { which, why });
  }

  private up(): void {
    if (!this.outage || this.state !== 'ok') return;
    this.outage = false;
    this.log.warn('pub/sub back: catching up every open document from the log');
    // Our messages of the outage may be lost too: everyone reads their logs again.
    this.publish({ t: 'resync' });
    this.handlers?.reconnected();
  }

  async close(): Promise<void> {
    this.closing = true;
    this.handlers = null;
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
