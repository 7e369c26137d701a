import { can, decide } from '@/lib/policies';
import type { SessionUser } from '@/server/auth/session';
import type { DocumentRecord } from '@/server/storage/types';

/** What a user may do with a document's live copy. */
export interface Judgement {
  /** May open it at all (else the upgrade is refused 404, and an open socket closed 4205). */
  visible: boolean;
  /** May edit it now; a read-only connection's updates are dropped. */
  writable: boolean;
}

/**
 * The one judgement of a collaboration connection, by lib/policies: at the upgrade
 * (upgrade.ts) and again for every open socket after an outage (CollabHub.rejudgeAll). A
 * frozen document (a transition under way) has no writers.
 */
export function judge(user: SessionUser | null, doc: DocumentRecord | null, frozen = false): Judgement {
  if (!user || !doc || decide(user, 'read', doc).verdict === 'hidden') return { visible: false, writable: false };
  return { visible: true, writable: can(user, 'edit', doc) && !frozen };
}
