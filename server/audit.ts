import { createHash, createHmac } from 'node:crypto';
import { canonicalJson } from '@/lib/text/canonical-json';

/** The hash before the first entry. */
export const AUDIT_GENESIS = '0'.repeat(64);

/** What an audit entry says, before it is chained. */
export interface AuditFields {
  seq: number;
  /** ISO 8601, UTC. */
  at: string;
  actorId: string | null;
  documentId: string | null;
  action: string;
  versionId: string | null;
  contentHash: string | null;
  detail: Record<string, unknown>;
}

export interface AuditEntry extends AuditFields {
  prevHash: string;
  hash: string;
}

/**
 * The hash of an entry: SHA-256 over the RFC 8785 canonical JSON of all its fields and the
 * previous entry's hash; HMAC-SHA-256 with `key` (AUDIT_HMAC_KEY, kept outside the database)
 * when one is set, so that someone who can write the database cannot rebuild a chain that
 * verifies. Changing, removing or reordering any entry breaks every hash after it; a
 * cut-off tail is caught by comparing the head with a copy (`checkAuditHead`; exports print it).
 */
export function auditHash(fields: AuditFields, prevHash: string, key: string | null = null): string {
  const hash = key ? createHmac('sha256', key) : createHash('sha256');
  return hash.update(canonicalJson({ ...fields, prevHash })).digest('hex');
}

/**
 * Checks a chain, oldest first, with the key it was written with; returns the first bad entry
 * and why, or null. `from` is the entry before the first one given (the genesis: a whole chain).
 */
export function verifyAuditChain(
  entries: readonly AuditEntry[],
  key: string | null = null,
  from: { seq: number; hash: string } = { seq: 0, hash: AUDIT_GENESIS },
): { seq: number; problem: string } | null {
  let prev = from.hash;
  let expectedSeq = from.seq + 1;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) return { seq: entry.seq, problem: `expected entry ${expectedSeq} here: an entry is missing or out of order` };
    if (entry.prevHash !== prev) return { seq: entry.seq, problem: 'its previous-hash does not match the entry before it' };
    const { prevHash: _p, hash, ...fields } = entry;
    if (auditHash(fields, prev, key) !== hash) {
      const why = key ? 'the entry was changed, or the chain was not written with this AUDIT_HMAC_KEY' : 'the entry was changed';
      return { seq: entry.seq, problem: `its content does not match its hash (${why})` };
    }
    prev = hash;
    expectedSeq++;
  }
  return null;
}

/** The head as printed on exports: `<seq>:<hash>` (the entry's number tells a cut tail from a rewrite). */
export function formatAuditHead(head: { seq: number; hash: string }): string {
  return `${head.seq}:${head.hash}`;
}

/**
 * Compares an intact chain (verifyAuditChain passed) with a head kept elsewhere: `<hash>` or
 * `<seq>:<hash>`, as an export printed it. When that entry is in the chain, everything up to
 * it is as it was then, and the entries after it are newer. When it is not, the chain was
 * cut or rewritten: the entry's number says which (missing: a cut-off tail; present with
 * another hash: the chain was rebuilt). Returns the sentence to print and whether it is bad.
 */
export function checkAuditHead(entries: readonly AuditEntry[], head: string): { ok: boolean; message: string } {
  const match = /^(?:(\d+):)?([0-9a-f]{64})$/i.exec(head.trim());
  if (!match) return { ok: false, message: `"${head}" is not an audit head: give the 64-character hash, or seq:hash as exports print it.` };
  const seq = match[1] === undefined ? null : Number(match[1]);
  const hash = match[2]!.toLowerCase();
  const last = entries.at(-1)?.seq ?? 0;
  const found = entries.find((e) => e.hash === hash);
  if (found && (seq === null || found.seq === seq)) {
    const newer = last - found.seq;
    return {
      ok: true,
      message: `the given head is entry ${found.seq}: the chain up to it is intact${newer ? `; ${newer} newer entr${newer === 1 ? 'y follows' : 'ies follow'}` : ' and it is the newest entry'}.`,
    };
  }
  if (seq !== null && seq > last) {
    return { ok: false, message: `the given head is entry ${seq}, but the chain ends at entry ${last}: entries ${last + 1} to ${seq} were cut off.` };
  }
  if (seq !== null) {
    return {
      ok: false,
      message: `entry ${seq} of the chain has another hash than the given head: the chain was rewritten (rebuilt) at or before entry ${seq}.`,
    };
  }
  return { ok: false, message: `the given head hash is not in the chain (ending at entry ${last}): the chain was cut off or rewritten.` };
}
