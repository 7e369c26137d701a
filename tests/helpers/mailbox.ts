import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail as it arrived: the envelope and the parsed message. */
export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * A real SMTP server in this process, on a loopback port (smtp-server), that keeps what it
 * receives (parsed with mailparser). It can refuse (451, "try again later", or 550 for
 * some recipients) and be stopped and started again on the same port, as a mail server
 * that is down and comes back.
 */
export class Mailbox {
  readonly received: ReceivedMail[] = [];
  /** RCPT commands answered with a refusal. */
  refusals = 0;
  /** While true, every recipient is refused with 451 (temporary). */
  refuseAll = false;
  /** Recipients refused for good (550). */
  readonly unknown = new Set<string>();
  port = 0;
  private server: SMTPServer | null = null;

  async start(port = this.port): Promise<void> {
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const to = address.address.toLowerCase();
        if (this.refuseAll || this.unknown.has(to)) {
          this.refusals++;
          const err = new Error(this.refuseAll ? 'Mailbox busy, try again later' : 'No such user here') as Error & { responseCode: number };
          err.responseCode = this.refuseAll ? 451 : 550;
          return callback(err);
        }
        callback();
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            this.received.push({
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
            });
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
  }

  /** Stops listening (connections are refused until `start` again). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** What `address` received. */
  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address));
  }
}
