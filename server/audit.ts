import { createHash } from 'node:crypto';
import { canonicalJson } from '../lib/text/canonical-json';

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
 * previous entry's hash. Changing, removing or reordering any entry breaks every hash after
 * it; a cut-off tail is caught by comparing the head hash with a copy (exports print it).
 */
export function auditHash(fields: AuditFields, prevHash: string): string {
  return createHash('sha256').update(canonicalJson({ ...fields, prevHash })).digest('hex');
}

/** Checks a whole chain, oldest first; returns the first bad entry and why, or null. */
export function verifyAuditChain(entries: readonly AuditEntry[]): { seq: number; problem: string } | null {
  let prev = AUDIT_GENESIS;
  let expectedSeq = 1;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) return { seq: entry.seq, problem: `expected entry ${expectedSeq} here: an entry is missing or out of order` };
    if (entry.prevHash !== prev) return { seq: entry.seq, problem: 'its previous-hash does not match the entry before it' };
    const { prevHash: _p, hash, ...fields } = entry;
    if (auditHash(fields, prev) !== hash) return { seq: entry.seq, problem: 'its content does not match its hash (the entry was changed)' };
    prev = hash;
    expectedSeq++;
  }
  return null;
}
