import { randomUUID } from 'node:crypto';
import os from 'node:os';
import nodemailer from 'nodemailer';
import type { Env } from '@/server/env';
import type { Logger } from '@/server/log';
import type { Storage } from '@/server/storage/types';
import { composeMail, type ComposedMail } from './compose';

/** What the sender counts for /metrics. */
export interface MailMetrics {
  mailSent(count: number): void;
  mailFailed(outcome: 'retry' | 'gave_up'): void;
}

/** What the rest of the process may ask of the sender (server/registry.ts). */
export interface MailControl {
  /** Something was written to the outbox: look now rather than at the next poll. */
  nudge(): void;
}

/** Sends one composed mail; throws with the SMTP server's answer when it is refused. */
export type MailTransport = (mail: ComposedMail & { from: string }) => Promise<void>;

/** A lease outlives any one SMTP exchange (nodemailer's own timeouts are shorter). */
const LEASE_MS = 5 * 60_000;
/** Mails sent in one round before the sender yields to the next poll. */
const MAX_PER_ROUND = 100;
const MAX_BACKOFF_MS = 6 * 3_600_000;

export function smtpTransport(smtpUrl: string): { send: MailTransport; close(): void } {
  const transporter = nodemailer.createTransport(smtpUrl, {
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  } as nodemailer.TransportOptions);
  return {
    async send(mail) {
      await transporter.sendMail({ from: mail.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    },
    close: () => transporter.close(),
  };
}

/** The From of every mail: MAIL_FROM, else no-reply at the public host. */
export function mailFrom(env: Pick<Env, 'MAIL_FROM' | 'NEXTAUTH_URL' | 'ORG_NAME'>): string {
  if (env.MAIL_FROM) return env.MAIL_FROM;
  const host = env.NEXTAUTH_URL ? new URL(env.NEXTAUTH_URL).hostname : os.hostname() || 'localhost';
  return `"${env.ORG_NAME.replace(/["\\\r\n]/g, '')}" <no-reply@${host}>`;
}

/** The origin links point to: NEXTAUTH_URL's, else this process's own address. */
export function mailOrigin(env: Pick<Env, 'NEXTAUTH_URL' | 'PORT'>, port: number): string {
  return env.NEXTAUTH_URL ? new URL(env.NEXTAUTH_URL).origin : `http://localhost:${port || env.PORT}`;
}

export interface MailSenderOptions {
  storage: Storage;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  transport: MailTransport;
  from: string;
  origin: string;
  org: () => Promise<string>;
  retrySeconds: number;
  maxAttempts: number;
  pollSeconds: number;
  metrics?: MailMetrics;
  /** Runs before each round: the periodic checks that write mails (server/mail/checks.ts). */
  beforeRound?: () => Promise<void>;
}

/**
 * Sends the outbox, after commit, from every process: each round claims one mail (or one
 * person's digest) at a time with a lease, sends it, and marks it sent; a refusal or an SMTP
 * server that is down puts it back with a doubling wait (MAIL_RETRY_SECONDS, 2×, 4×, … at
 * most 6 hours), and after MAIL_MAX_ATTEMPTS it is given up and kept, with the error, for
 * admins; a permanent refusal (5xx: no such mailbox) is given up at once. Nothing is held in memory between rounds: a restart, or another process, carries
 * on from the table. A mail is sent at least once and, unless a process dies between the
 * SMTP server's "250 OK" and the row's update, exactly once.
 */
export class MailSender implements MailControl {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly token = randomUUID();
  private lastChecks = 0;

  constructor(private readonly o: MailSenderOptions) {}

  start(): void {
    this.schedule(0);
  }

  nudge(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** Waits for the round in progress; sends nothing after. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.round(), ms);
    this.timer.unref();
  }

  private async round(): Promise<void> {
    if (this.running || this.stopped) return;
    this.again = false;
    this.running = this.sendDue().catch((err: unknown) => this.o.log.error('sending mail failed; trying again at the next poll', { err }));
    await this.running;
    this.running = null;
    this.schedule(this.again ? 0 : this.o.pollSeconds * 1000);
  }

  private async sendDue(): Promise<void> {
    // The periodic checks once a poll, not on every nudge (a transition nudges; the checks read every document).
    if (this.o.beforeRound && Date.now() - this.lastChecks >= this.o.pollSeconds * 1000) {
      this.lastChecks = Date.now();
      await this.o.beforeRound().catch((err: unknown) => this.o.log.error('checking due dates and embargoes for mail failed', { err }));
    }
    const org = await this.o.org();
    for (let i = 0; i < MAX_PER_ROUND && !this.stopped; i++) {
      const claimed = await this.o.storage.claimMails(this.token, LEASE_MS);
      if (!claimed.length) return;
      const ids = claimed.map((m) => m.id);
      let composed: ComposedMail;
      try {
        composed = composeMail({ origin: this.o.origin, org }, claimed);
      } catch (err) {
        await this.o.storage.markMailsFailed(ids, this.token, `could not be written: ${(err as Error).message}`, null);
        this.o.metrics?.mailFailed('gave_up');
        continue;
      }
      try {
        await this.o.transport({ ...composed, from: this.o.from });
      } catch (err) {
        const attempts = Math.max(...claimed.map((m) => m.attempts)) + 1;
        // 5xx is the SMTP server's "never" (no such mailbox, refused by policy): trying again would not help.
        const permanent = ((err as { responseCode?: number }).responseCode ?? 0) >= 500;
        const giveUp = permanent || attempts >= this.o.maxAttempts;
        const wait = Math.min(this.o.retrySeconds * 1000 * 2 ** (attempts - 1), MAX_BACKOFF_MS);
        const error = smtpError(err);
        await this.o.storage.markMailsFailed(ids, this.token, error, giveUp ? null : new Date(Date.now() + wait));
        this.o.metrics?.mailFailed(giveUp ? 'gave_up' : 'retry');
        this.o.log.warn(giveUp ? 'a mail was given up: admins see it' : 'a mail was refused; it will be tried again', {
          mails: ids,
          attempts,
          error,
          ...(giveUp ? {} : { retryInSeconds: wait / 1000 }),
        });
        // The server is refusing or down: the rest waits for the next poll rather than failing one by one now.
        if (!permanent) return;
        continue;
      }
      await this.o.storage.markMailsSent(ids, this.token);
      this.o.metrics?.mailSent(1);
    }
    this.again = true;
  }
}

/** The SMTP server's answer (code and text) or the connection's error, on one line. */
function smtpError(err: unknown): string {
  const e = err as { response?: string; code?: string; message?: string };
  const text = e.response ?? e.message ?? String(err);
  return `${text}${e.code ? ` (${e.code})` : ''}`.replace(/\s+/g, ' ').slice(0, 1000);
}
