import { createHash } from 'node:crypto';

/** "CQS1": a snapshot written with its SHA-256, so loading can trust it without replaying it. */
const MAGIC = Buffer.from('CQS1', 'latin1');
const HEADER = MAGIC.length + 32;

/**
 * Wraps a folded Y.Doc state (Y.encodeStateAsUpdate) for the snapshot table: magic, the
 * SHA-256 of the state, the state. The state was just encoded from a live document, so a
 * seal that still matches when loaded proves the bytes are exactly what applied then.
 */
export function sealSnapshot(state: Uint8Array): Uint8Array {
  const sealed = new Uint8Array(HEADER + state.length);
  sealed.set(MAGIC, 0);
  sealed.set(createHash('sha256').update(state).digest(), MAGIC.length);
  sealed.set(state, HEADER);
  return sealed;
}

/**
 * The state inside a stored snapshot and whether its seal matched. An unsealed snapshot
 * (written before seals existed) or one whose seal does not match comes back whole with
 * `sealed: false`: the caller must prove it by applying it before serving anything.
 */
export function openSnapshot(stored: Uint8Array): { state: Uint8Array; sealed: boolean } {
  if (stored.length >= HEADER && Buffer.from(stored.buffer, stored.byteOffset, MAGIC.length).equals(MAGIC)) {
    const state = stored.subarray(HEADER);
    const digest = createHash('sha256').update(state).digest();
    if (digest.equals(Buffer.from(stored.buffer, stored.byteOffset + MAGIC.length, 32))) return { state, sealed: true };
  }
  return { state: stored, sealed: false };
}
