import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/** A recipient: the websocket, and the upgraded TCP socket under it. */
export interface Recipient {
  ws: WebSocket;
  /** The upgraded TCP socket under `ws`: corked while messages to it are queued. */
  socket: Duplex;
  /** When we last wrote to it (ms since the epoch). */
  lastSentAt?: number;
}

/** A recipient this far behind is closed rather than buffered without end. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/**
 * Everything a document sends, and when it leaves. On loopback and in a VM a socket write is
 * the most expensive thing the server does per keystroke (it runs the receiver's TCP path
 * inside the call), so messages to one recipient are queued on its corked socket and leave in
 * one write: all that one read from a socket caused (an update, the caret that came with it,
 * the acknowledgement that it is stored).
 *
 * Frames are written to the socket directly, encoded once per message however many recipients
 * it has. That is safe beside `ws` because our `ws` never queues (no permessage-deflate, no
 * Blob data): its own frames (pings, close) are written synchronously too, so order is kept;
 * and `ws.bufferedAmount` still counts what is queued on the socket.
 */
export class Outbox<R extends Recipient> {
  /** Recipients with messages queued, written out by `flush`. */
  private readonly corked = new Set<R>();

  /** Queues one message to one recipient. */
  send(to: R, message: Uint8Array): void {
    this.write(to, frame(message));
  }

  /** Queues one message (or the parts of one) to every recipient but `except`, framed once. */
  broadcast(recipients: Iterable<R>, message: Uint8Array | readonly Uint8Array[], except: unknown): void {
    let framed: Buffer | null = null;
    for (const to of recipients) if (to !== except) this.write(to, (framed ??= frame(message)));
  }

  /** Writes out everything queued (at the latest at the end of the tick that queued it). */
  readonly flush = (): void => {
    for (const to of this.corked) to.socket.uncork();
    this.corked.clear();
  };

  /** A recipient left. */
  forget(r: R): void {
    if (this.corked.delete(r)) r.socket.uncork(); // its close frame may be queued
  }

  private write(to: R, framed: Buffer): void {
    const ws = to.ws;
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.close(1013, 'too far behind; reconnect');
      return;
    }
    if (!this.corked.has(to)) {
      if (this.corked.size === 0) process.nextTick(this.flush);
      to.socket.cork();
      this.corked.add(to);
      to.lastSentAt = Date.now();
    }
    to.socket.write(framed); // a failed write errors and closes the socket: ws's listeners handle it
  }
}

/** A binary websocket frame from a server (FIN, opcode 2, unmasked; RFC 6455 §5.2) of one message, or of its parts in order. */
export function frame(message: Uint8Array | readonly Uint8Array[]): Buffer {
  const parts = message instanceof Uint8Array ? [message] : message;
  let n = 0;
  for (const part of parts) n += part.length;
  const head = n < 126 ? 2 : n < 0x10000 ? 4 : 10;
  const out = Buffer.allocUnsafe(head + n);
  out[0] = 0x82;
  if (n < 126) out[1] = n;
  else if (n < 0x10000) {
    out[1] = 126;
    out.writeUInt16BE(n, 2);
  } else {
    out[1] = 127;
    out.writeUInt32BE(Math.floor(n / 0x1_0000_0000), 2);
    out.writeUInt32BE(n >>> 0, 6);
  }
  let at = head;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
