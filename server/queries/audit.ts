import type { SessionUser } from '@/server/auth/session';
import { userName } from '@/server/auth/session';
import type { AuditChainCheck } from '@/server/audit-check';
import { can } from '@/lib/policies';
import { authorizeDocument } from '@/server/commands/guard';
import type { Storage } from '@/server/storage/types';

export interface AuditView {
  seq: number;
  at: string;
  actor: { id: string; name: string } | null;
  action: string;
  versionId: string | null;
  contentHash: string | null;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/**
 * A document's audit entries, oldest first, for anyone who may read the document. Each
 * carries the chain hashes, so a reader can check them against the global log's head.
 */
export async function documentAudit(storage: Storage, actor: SessionUser, documentId: string): Promise<AuditView[]> {
  await authorizeDocument(storage, actor, documentId, 'read');
  const names = new Map<string, string>();
  const entries = await storage.listAudit(documentId);
  return Promise.all(
    entries.map(async (e) => ({
      seq: e.seq,
      at: e.at,
      actor: e.actorId ? { id: e.actorId, name: (await userName(storage, e.actorId, names)) ?? 'Former user' } : null,
      action: e.action,
      versionId: e.versionId,
      contentHash: e.contentHash,
      detail: e.detail,
      prevHash: e.prevHash,
      hash: e.hash,
    })),
  );
}

export interface AuditStatus {
  /** The first whole check since the server started has not ended yet (a long log): neither intact nor broken is known. */
  checking: boolean;
  /** Every entry has been checked and chains to the one before it. */
  intact: boolean;
  problem: string | null;
  /** The chain's head hash and length, for those the policy lets see it (`view_audit_head`); else null. */
  head: { hash: string; entries: number } | null;
}

/**
 * How long a page waits for the chain's first whole check after the server started before it
 * says the record is being checked: a few thousand entries take less, a long log (0.5 s at
 * 30,000 entries) would otherwise hold every page opened in its first seconds.
 */
const FIRST_PASS_WAIT_MS = 250;

/**
 * The chain's state as the document's activity view shows it to every signed-in reader
 * (intact or where it broke; `AuditChainCheck` keeps it without re-reading the whole log),
 * so a changed entry is seen in the UI too; the head hash only to those who may see it.
 */
export async function auditStatus(storage: Storage, actor: SessionUser, chain: AuditChainCheck): Promise<AuditStatus> {
  const found = await chain.stateWithin(FIRST_PASS_WAIT_MS);
  const problem = found?.problem ?? null;
  const head = can(actor, 'view_audit_head') ? await storage.auditHeadEntry() : null;
  return {
    checking: found === null,
    intact: found !== null && problem === null,
    problem: problem ? `entry ${problem.seq}: ${problem.problem}` : null,
    head: head ? { hash: head.hash, entries: head.seq } : null,
  };
}
