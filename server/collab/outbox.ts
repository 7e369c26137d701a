import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/** A recipient: the websocket, the upgraded TCP socket under it, and what waits for it this tick. */
export interface Recipient {
  ws: WebSocket;
  /** The upgraded TCP socket under `ws`: what is queued for it is written here by `writeOut`. */
  socket: Duplex;
  /** When a message was last queued to it (ms since the epoch; the time of that tick's first message). */
  lastSentAt: number;
  /** The first frame queued to it this tick, null when none (set and cleared by the outbox only). */
  outFirst: Buffer | null;
  /** The frames queued after `outFirst` this tick, in order, null when none. */
  outMore: Buffer[] | null;
}

/** A recipient this far behind is closed rather than buffered without end. */
export const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/** Several frames for one recipient below this many bytes in all are copied into one buffer; above it, written as a writev. */
const CONCAT_BELOW_BYTES = 16 * 1024;

/** WebSocket.OPEN (ws's readyState, a number constant). */
const OPEN = 1;

/**
 * Everything a document sends, and when it leaves. On loopback and in a VM a socket write is
 * the most expensive thing the server does per keystroke (it runs the receiver's TCP path
 * inside the call), so messages to one recipient are queued on the recipient and leave in one
 * write at the end of the tick (`flush`): all that one read from a socket caused (an update,
 * the caret that came with it, the acknowledgement that it is stored). One frame, the usual
 * case, is one plain `socket.write`; several small ones are copied into one buffer; large ones
 * go out corked, as one writev.
 *
 * Frames are written to the socket directly, encoded once per message however many recipients
 * it has. That is safe beside `ws` because our `ws` never queues (no permessage-deflate, no
 * Blob data) and writes its own frames (pings, close) synchronously: a recipient's queue is
 * written out before we close it (`Connection.close` calls `writeOut`), so what was queued
 * still goes before the close frame, and nothing is written once it is closing. What is on the
 * socket counts toward `ws.bufferedAmount` as before; a recipient more than MAX_BUFFERED_BYTES
 * behind when its frames are due is closed (1013) instead.
 */
export class Outbox<R extends Recipient> {
  /** Recipients with frames queued this tick, in the order of their first frame. */
  private due: R[] = [];
  /** The other array `due` swaps with while it is written out (no allocation per tick). */
  private spare: R[] = [];
  /** Whether a flush at the end of this tick is scheduled. */
  private scheduled = false;
  /** Date.now() when the first frame of the current batch was queued (a recipient's `lastSentAt`). */
  private now = 0;

  constructor(private readonly maxBufferedBytes = MAX_BUFFERED_BYTES) {}

  /** Queues one message to one recipient. */
  send(to: R, message: Uint8Array): void {
    this.queue(to, frame(message));
  }

  /** Queues one message (or the parts of one) to every recipient but `except`, framed once. */
  broadcast(recipients: Iterable<R>, message: Uint8Array | readonly Uint8Array[], except: unknown): void {
    let framed: Buffer | null = null;
    for (const to of recipients) if (to !== except) this.queue(to, (framed ??= frame(message)));
  }

  /** Writes out everything queued (at the latest at the end of the tick that queued it). */
  readonly flush = (): void => {
    const due = this.due;
    if (due.length === 0) return;
    // Swapped first: a write that closes a socket may queue (a close handler), into the other array.
    this.due = this.spare;
    for (let i = 0; i < due.length; i++) writeOut(due[i]!, this.maxBufferedBytes);
    due.length = 0;
    this.spare = due;
  };

  /** A recipient left: what is queued for it is dropped (its socket is closed). */
  forget(r: R): void {
    r.outFirst = null;
    r.outMore = null;
  }

  private readonly scheduledFlush = (): void => {
    this.scheduled = false;
    this.flush();
  };

  private queue(to: R, framed: Buffer): void {
    if (to.ws.readyState !== OPEN) return;
    if (to.outFirst === null) {
      if (this.due.length === 0) {
        this.now = Date.now();
        if (!this.scheduled) {
          this.scheduled = true;
          process.nextTick(this.scheduledFlush);
        }
      }
      to.outFirst = framed;
      to.lastSentAt = this.now;
      this.due.push(to);
    } else if (to.outMore === null) to.outMore = [framed];
    else to.outMore.push(framed);
  }
}

/**
 * Writes out what is queued for one recipient, now: one write for all of it. Nothing is
 * written to a socket that is closing (after its close frame), and a recipient too far
 * behind is closed instead. A failed write errors and closes the socket: ws's listeners
 * handle it.
 */
export function writeOut(to: Recipient, maxBufferedBytes = MAX_BUFFERED_BYTES): void {
  const first = to.outFirst;
  if (first === null) return;
  const more = to.outMore;
  to.outFirst = null;
  to.outMore = null;
  const ws = to.ws;
  if (ws.readyState !== OPEN) return;
  const socket = to.socket;
  if (socket.writableLength > maxBufferedBytes) {
    ws.close(1013, 'too far behind; reconnect');
    return;
  }
  if (more === null) {
    socket.write(first);
    return;
  }
  let total = first.length;
  for (let i = 0; i < more.length; i++) total += more[i]!.length;
  if (total < CONCAT_BELOW_BYTES) {
    const out = Buffer.allocUnsafe(total);
    out.set(first, 0);
    let at = first.length;
    for (let i = 0; i < more.length; i++) {
      out.set(more[i]!, at);
      at += more[i]!.length;
    }
    socket.write(out);
    return;
  }
  socket.cork();
  socket.write(first);
  for (let i = 0; i < more.length; i++) socket.write(more[i]!);
  socket.uncork();
}

/** The head of a binary websocket frame from a server (FIN, opcode 2, unmasked; RFC 6455 §5.2) of `n` bytes, in a buffer with room for them. */
function frameWithHead(n: number): Buffer {
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
  return out;
}

/** A binary websocket frame from a server (FIN, opcode 2, unmasked; RFC 6455 §5.2) of one message, or of its parts in order. */
export function frame(message: Uint8Array | readonly Uint8Array[]): Buffer {
  if (message instanceof Uint8Array) {
    const out = frameWithHead(message.length);
    out.set(message, out.length - message.length);
    return out;
  }
  let n = 0;
  for (let i = 0; i < message.length; i++) n += message[i]!.length;
  const out = frameWithHead(n);
  let at = out.length - n;
  for (let i = 0; i < message.length; i++) {
    out.set(message[i]!, at);
    at += message[i]!.length;
  }
  return out;
}
