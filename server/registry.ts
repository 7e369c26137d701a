import type { AuditChainCheck } from './audit-check';
import type { Env } from './env';
import type { Storage } from './storage/types';
import type { DocumentContent } from './collab/content';
import type { SessionUser } from './auth/session';
import type { AnchorInput } from '@/lib/comments/threads';
import { AppError } from './errors';
import type { DocumentLocks } from './lock';
import type { ExportRenderer } from './export/renderer';
import type { ImportConverter } from './import/converter';
import type { SignInMetrics } from './metrics';
import type { MailControl } from './mail/sender';

/**
 * Live, process-wide services. Next bundles route handlers separately from the custom
 * server, so a module-level singleton in `server/` would be a different instance inside a
 * route handler. The server puts the one instance of each service here, on `globalThis`,
 * and every entry point (route handler, websocket upgrade, CLI) reads it from here.
 */
export interface Services {
  env: Env;
  /** The session-signing secret (NEXTAUTH_SECRET, or the one generated into DATA_DIR). */
  secret: string;
  storage: Storage;
  collab: CollabControl;
  /** Serialises workflow transitions per document (across processes with PostgreSQL). */
  documentLocks: DocumentLocks;
  /** Renders PDF and DOCX exports in worker threads (off the event loop). */
  renderer: ExportRenderer;
  /** Converts imported files in a process of its own (memory and time capped, off the event loop). */
  importer: ImportConverter;
  /** The relay between processes (Redis), when REDIS_URL is set. */
  pubsub?: PubSubStatus;
  /** What route handlers count for /metrics (absent in CLIs and tests that build services themselves). */
  metrics?: SignInMetrics;
  /** The mail sender, when SMTP_URL is set: told when something was written to the outbox. */
  mail?: MailControl;
  /** The audit chain's state, checked as it grows and wholly every ten minutes (absent: a whole check per use). */
  auditChain?: AuditChainCheck;
}

/** What the health check may ask of the relay between processes. */
export interface PubSubStatus {
  /** `ok` while connected and subscribed; `down` while reconnecting. */
  readonly state: 'ok' | 'down';
}

/** What the rest of the process may ask of the collaboration server. */
export interface CollabControl {
  /** Closes every open socket of a document (e.g. 4205 after a state or access change). */
  closeDocumentSockets(documentId: string, code: number, reason: string): number;
  /** Closes every open socket of a user (a changed role, a deactivated account). */
  closeUserSockets(userId: string, code: number, reason: string): number;
  /** Stops every write to a document and returns its committed content; follow with release. */
  freeze(documentId: string): Promise<DocumentContent>;
  /** Ends a freeze and closes the document's sockets with 4205. */
  release(documentId: string, reason: string): void;
  /**
   * Stops and settles a document's writes, runs `remove` (deleting its rows; true when it
   * did), then drops its live copy and closes its sockets, in every process.
   */
  deleteDocument(documentId: string, remove: () => Promise<boolean>): Promise<boolean>;
  /** The committed content of a document now. */
  currentContent(documentId: string): Promise<DocumentContent>;
  /**
   * Makes `contentJson` (ProseMirror JSON of the editor schema) the document's body, as
   * `user`, through the same path as typing: the minimal Yjs update is logged (attributed to
   * the user), then applied and relayed to every client. (The collaboration server owns the
   * live Y.Docs; one copy of Yjs serves the whole process: scripts/server-bundle.mjs.)
   */
  replaceContent(documentId: string, user: SessionUser, contentJson: string, intoEmpty?: Uint8Array): Promise<void>;
  /** User ids of the people connected to a document right now. */
  presentUserIds(documentId: string): string[];
  /**
   * Places a new comment thread's anchor in the document's current text (the live copy, or
   * one loaded from storage): relative positions, never written into the Y.Doc.
   */
  placeAnchor(documentId: string, input: AnchorInput): Promise<AnchorPlacement>;
  /** Where stored anchors are now, in the current text: a plain-text range each, or null when the passage was deleted. */
  locateAnchors(documentId: string, anchors: readonly StoredAnchor[]): Promise<(AnchorLocation | null)[]>;
  /**
   * Accepts or rejects open suggestions (issue 21) as `user` through a direct connection, on
   * the live document (so every client sees it, and the log attributes the change to the
   * user): the ids in `chosen`, or every one. Accepting only removes marks and deleted text,
   * so accepted words keep their suggester as inserter. Returns the suggestions decided.
   */
  decideSuggestions(
    documentId: string,
    user: SessionUser,
    chosen: readonly string[] | 'all',
    decision: import('@/lib/editor/suggestions').Decision,
  ): Promise<import('@/lib/editor/suggestions').SuggestionSummary[]>;
  /** A comment thread of the document changed: every connection that asked ([101]), on every process, hears it. */
  threadsChanged(documentId: string): void;
}

/** A thread's anchor as stored: its relative positions and the text they covered. */
export interface StoredAnchor {
  start: Uint8Array;
  end: Uint8Array;
  quote: string;
}

/**
 * Where an anchor is now (plain-text offsets), with fresh positions when the stored ones had
 * to be found again (an undone deletion: see server/comments/anchor.ts locateAnchor).
 */
export interface AnchorLocation {
  from: number;
  to: number;
  start?: Uint8Array;
  end?: Uint8Array;
}

/** A placed anchor (Y.encodeRelativePosition of both ends, and the text between), or why it could not be placed. */
export type AnchorPlacement =
  | { ok: true; start: Uint8Array; end: Uint8Array; quote: string }
  | { ok: false; problem: 'not_found' | 'ambiguous' | 'too_long' | 'position_mismatch' };

const KEY = Symbol.for('communique.services');
type Holder = { [KEY]?: Services };

export function setServices(services: Services | undefined): void {
  (globalThis as Holder)[KEY] = services;
}

/** The running services; throws `unavailable` when called outside a started server. */
export function getServices(): Services {
  const services = (globalThis as Holder)[KEY];
  if (!services) throw new AppError('unavailable', 'The server is starting. Try again in a moment.');
  return services;
}
