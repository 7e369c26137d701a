import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

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
 * the sender's connection.
 */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > 1024) throw new Error('awareness update lists too many clients');
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    if (json.length > MAX_AWARENESS_STATE_BYTES || jsonDepth(json) > MAX_AWARENESS_DEPTH) continue;
    let state: unknown;
    try {
      state = JSON.parse(json);
    } catch {
      continue;
    }
    if (state !== null && (typeof state !== 'object' || Array.isArray(state))) continue;
    if (Buffer.byteLength(json) > MAX_AWARENESS_STATE_BYTES) continue;
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
