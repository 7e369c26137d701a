import type { SessionUser } from '../auth/session';
import { userName } from '../auth/session';
import { verifyAuditChain } from '../audit';
import { authorizeDocument } from '../commands/guard';
import type { Storage } from '../storage/types';

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

/**
 * Checks the whole chain and returns its head hash: what the document's activity view
 * shows (the head to admins), so a changed entry is seen in the UI too.
 */
export async function auditStatus(storage: Storage, auditKey: string | null = null): Promise<{ intact: boolean; problem: string | null; head: string; entries: number }> {
  const all = await storage.listAudit(null);
  const problem = verifyAuditChain(all, auditKey);
  return {
    intact: problem === null,
    problem: problem ? `entry ${problem.seq}: ${problem.problem}` : null,
    head: await storage.auditHead(),
    entries: all.length,
  };
}
