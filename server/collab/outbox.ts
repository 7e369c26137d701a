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
 * one write: all that one read from a socket caused, and a keystroke together with its caret.
 *
 * Editors send a keystroke's update and then, in the same tick, its caret (presence). The two
 * usually arrive in two reads, and the update is committed and relayed before the caret is read.
 * So once a connection has shown that habit, its committed update is held for the caret: at
 * most until the event loop has polled for input once more (tens of microseconds when the caret
 * is on its way, which it is), then written with it. A connection whose update came without a
 * caret loses the habit until it shows it again, so scripts and bulk writers are never held.
 *
 * Frames are written to the socket directly, encoded once per message however many recipients
 * it has. That is safe beside `ws` because our `ws` never queues (no permessage-deflate, no
 * Blob data): its own frames (pings, close) are written synchronously too, so order is kept;
 * and `ws.bufferedAmount` still counts what is queued on the socket.
 */
export class Outbox<R extends Recipient> {
  /** Recipients with messages queued, written out by `flush`. */
  private readonly corked = new Set<R>();
  /** Writers whose committed update waits for their caret (see the class comment). */
  private readonly awaitingCaret = new Set<R>();
  private hold: NodeJS.Immediate | null = null;
  /** Per writer: an update came and its caret has not yet; and whether carets follow its updates. */
  private readonly habits = new Map<R, { caretDue: boolean; caretFollows: boolean }>();

  /** Queues one message to one recipient. */
  send(to: R, message: Uint8Array): void {
    this.write(to, frame(message));
  }

  /** Queues one message to every recipient but `except`, framed once. */
  broadcast(recipients: Iterable<R>, message: Uint8Array, except: unknown): void {
    let framed: Buffer | null = null;
    for (const to of recipients) if (to !== except) this.write(to, (framed ??= frame(message)));
  }

  /** Writes out everything queued, unless an update is held for its caret (the hold ends it). */
  readonly flush = (): void => {
    if (this.awaitingCaret.size === 0) this.writeOut();
  };

  /** An update arrived from `from` (before it is committed). */
  updateFrom(from: R): void {
    const habit = this.habits.get(from);
    if (!habit) this.habits.set(from, { caretDue: true, caretFollows: false });
    else {
      if (habit.caretDue) habit.caretFollows = false; // two updates without a caret between
      habit.caretDue = true;
    }
  }

  /**
   * After a commit: holds what is queued for the caret of each of `writers` that usually sends
   * one and has not yet. Returns whether anything is held.
   */
  holdForCarets(writers: Iterable<R>): boolean {
    for (const w of writers) {
      const habit = this.habits.get(w);
      if (habit?.caretDue && habit.caretFollows) this.awaitingCaret.add(w);
    }
    if (this.awaitingCaret.size === 0) return false;
    // The first immediate ends this turn of the loop; the second runs after one more poll
    // for input, which reads a caret that was already on its way.
    this.hold ??= setImmediate(() => {
      this.hold = setImmediate(() => {
        this.hold = null;
        for (const w of this.awaitingCaret) {
          const habit = this.habits.get(w);
          if (habit) habit.caretFollows = false;
        }
        this.awaitingCaret.clear();
        this.writeOut();
      });
    });
    return true;
  }

  /** Presence arrived from `from` and has been queued: a held update of it may leave now. */
  caretFrom(from: R): void {
    const habit = this.habits.get(from);
    if (habit?.caretDue) {
      habit.caretDue = false;
      habit.caretFollows = true;
    }
    if (this.awaitingCaret.delete(from) && this.awaitingCaret.size === 0) this.endHold();
  }

  /** A recipient left. */
  forget(r: R): void {
    this.habits.delete(r);
    if (this.corked.delete(r)) r.socket.uncork(); // its close frame may be queued
    if (this.awaitingCaret.delete(r) && this.awaitingCaret.size === 0) this.endHold();
  }

  destroy(): void {
    if (this.hold) clearImmediate(this.hold);
    this.hold = null;
    this.awaitingCaret.clear();
    this.habits.clear();
    this.writeOut();
  }

  private endHold(): void {
    if (this.hold) clearImmediate(this.hold);
    this.hold = null;
    this.writeOut();
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

  private writeOut(): void {
    for (const to of this.corked) to.socket.uncork();
    this.corked.clear();
  }
}

/** A binary websocket frame from a server (FIN, opcode 2, unmasked; RFC 6455 §5.2). */
export function frame(message: Uint8Array): Buffer {
  const n = message.length;
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
  out.set(message, head);
  return out;
}
