import { can, decide } from '@/lib/policies';
import type { SessionUser } from '@/server/auth/session';
import type { DocumentRecord } from '@/server/storage/types';

/** What a user may do with a document's live copy. */
export interface Judgement {
  /** May open it at all (else the upgrade is refused 404, and an open socket closed 4205). */
  visible: boolean;
  /** May edit it now; a read-only connection's updates are dropped. */
  writable: boolean;
  /** Its updates must be suggestions (checked by suggest-only.ts); only ever with `writable`. */
  suggestOnly: boolean;
}

/**
 * The one judgement of a collaboration connection, by lib/policies: at the upgrade
 * (upgrade.ts) and again for every open socket after an outage (CollabHub.rejudgeAll). A
 * frozen document (a transition under way) has no writers. `askedToSuggest`: the client
 * opened the socket with `?suggest=1` (issue 21). `askedToRead`: it opened it with
 * `?read=1` (the master's column of the side-by-side view, issue 23): visible exactly as
 * any connection of this user, never writable, whatever the user may do elsewhere.
 */
export function judge(user: SessionUser | null, doc: DocumentRecord | null, frozen = false, askedToSuggest = false, askedToRead = false): Judgement {
  if (!user || !doc || decide(user, 'read', doc).verdict === 'hidden') return { visible: false, writable: false, suggestOnly: false };
  if (frozen || askedToRead) return { visible: true, writable: false, suggestOnly: false };
  // Those who may edit write freely unless they asked to suggest; those who may only suggest
  // (a reviewer or approver in review) write suggestions only.
  if (can(user, 'edit', doc)) return { visible: true, writable: true, suggestOnly: askedToSuggest };
  const suggest = can(user, 'suggest', doc);
  return { visible: true, writable: suggest, suggestOnly: suggest };
}
