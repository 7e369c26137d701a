/**
 * What processes tell each other over the relay. Every message names the process that sent
 * it (`from`), which ignores its own. Binary payloads travel as base64 inside JSON: the
 * messages are small (a keystroke is tens of bytes) and JSON keeps them readable in
 * `redis-cli subscribe`.
 */
export type RelayMessage =
  /**
   * Updates committed to the log at positions first, first+1, …, at `at` (the sender's clock,
   * ms since the epoch: the receiver's metrics measure the relay's lag with it).
   */
  | { t: 'updates'; from: string; doc: string; first: number; updates: string[]; at?: number }
  /** A presence update (y-protocols awareness encoding). */
  | { t: 'presence'; from: string; doc: string; update: string }
  /** A transition is taking the document out of draft: accept no update until `release`. */
  | { t: 'freeze'; from: string; doc: string }
  /** The transition is over: close the document's sockets with 4205 so clients are judged again. */
  | { t: 'release'; from: string; doc: string; reason: string }
  /**
   * The document was deleted: drop its live copy without writing (no version, no snapshot)
   * and close its sockets with 4205, so clients ask why and hear 404.
   */
  | { t: 'deleted'; from: string; doc: string; reason: string }
  /** Close every socket of a document (access changed). */
  | { t: 'close-document'; from: string; doc: string; code: number; reason: string }
  /** Close every socket of a user (role changed, account deactivated). */
  | { t: 'close-user'; from: string; user: string; code: number; reason: string }
  /** Yjs client ids whose edits a document refused (they stay refused on every process). */
  | { t: 'refused'; from: string; doc: string; user: string | null; clients: number[] }
  /** A comment thread of the document changed: subscribed sockets hear [101] (collab/thread-subscriptions.ts). */
  | { t: 'threads'; from: string; doc: string }
  /** The sender was cut off from the relay: everyone reads the logs of their open documents again. */
  | { t: 'resync'; from: string };

/** A message before the relay signs it with this process's id. */
export type OutgoingRelayMessage = RelayMessage extends infer M ? (M extends RelayMessage ? Omit<M, 'from'> : never) : never;

export function encodeBytes(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

export function decodeBytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/** Parses a message; null for anything that is not one of ours (logged by the caller). */
export function parseRelayMessage(raw: string): RelayMessage | null {
  try {
    const msg = JSON.parse(raw) as RelayMessage;
    return msg && typeof msg === 'object' && typeof msg.t === 'string' && typeof msg.from === 'string' ? msg : null;
  } catch {
    return null;
  }
}
