import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** As lib0's readVarString: malformed UTF-8 throws (and so closes the sender's connection). */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Presence states above this many bytes of JSON are dropped. */
export const MAX_AWARENESS_STATE_BYTES = 8 * 1024;
/** Presence states nested deeper than this are dropped (before JSON.parse ever sees them). */
export const MAX_AWARENESS_DEPTH = 16;

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The parsed state; null means "this client left". */
  state: Record<string, unknown> | null;
}

/** Nesting depth of a JSON text, counting brackets outside strings. */
export function jsonDepth(json: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) max = Math.max(max, ++depth);
    else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return max;
}

/**
 * Decodes an awareness update, keeping only acceptable entries: states of at most 8 KB and
 * 16 levels whose JSON is an object (or null). Throws on a malformed message, which closes
 * the sender's connection. `skip(clientId, clock, isNull)` drops an entry before its JSON is
 * even scanned: the caller uses it for entries that would change nothing (an older clock, or
 * the echo every y-websocket client sends back of each presence update it receives).
 */
export function decodeAwarenessUpdate(update: Uint8Array, skip?: (clientId: number, clock: number, isNull: boolean) => boolean): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > 1024) throw new Error('awareness update lists too many clients');
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    // The JSON is read as bytes and only decoded when the entry is kept (same wire format as readVarString).
    const bytes = decoding.readVarUint8Array(decoder);
    const isNull = bytes.length === 4 && bytes[0] === 0x6e && bytes[1] === 0x75 && bytes[2] === 0x6c && bytes[3] === 0x6c;
    if (skip?.(clientId, clock, isNull)) continue;
    if (bytes.length > MAX_AWARENESS_STATE_BYTES) continue;
    const json = utf8.decode(bytes);
    if (jsonDepth(json) > MAX_AWARENESS_DEPTH) continue;
    let state: unknown;
    try {
      state = JSON.parse(json);
    } catch {
      continue;
    }
    if (state !== null && (typeof state !== 'object' || Array.isArray(state))) continue;
    entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
  }
  return entries;
}

/** Encodes entries back into the awareness wire format. */
export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}
