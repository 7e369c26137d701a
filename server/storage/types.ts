import type { Role } from '@/lib/policies';
import type { DocumentKind } from '@/lib/text/document';
import type { DocumentState } from '@/lib/workflow/states';
import type { SearchTerms } from '@/lib/text/fold';
import type { AuditEntry, AuditFields } from '@/server/audit';

/**
 * The one storage interface, composed of one part per aggregate. Every method is async so
 * that the SQLite implementation (embedded default) and the PostgreSQL one (scale-out) are
 * interchangeable without changing a caller; both are written once over Kysely
 * (server/storage/sql/). Implementations open nothing until `open()`.
 */
export interface Storage
  extends UserStore,
    DocumentStore,
    VersionStore,
    AuditStore,
    NotificationStore,
    SettingStore,
    SessionStore,
    ThreadStore,
    SearchStore,
    ReleasedFileStore,
    MailStore,
    LanguageGroupStore {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Whether several processes share this store (PostgreSQL): a live document must then read
   * the log to its end before it freezes, snapshots or takes a version, since another
   * process may have appended. One SQLite file belongs to one process.
   */
  readonly sharedAcrossProcesses: boolean;
  /** Connects and runs pending migrations. */
  open(): Promise<void>;
  close(): Promise<void>;
  /** Throws when the store cannot answer a trivial query. */
  ping(): Promise<void>;
}

/** Users and their roles. */
export interface UserStore {
  countUsers(): Promise<number>;
  createUser(input: NewUser): Promise<UserRecord>;
  /** Emails compare without regard to case (they are stored lower-cased). */
  findUserByEmail(email: string): Promise<UserRecord | null>;
  findUserById(id: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  /** `endSessions` adds one to the user's session epoch in the same write: every session signed in before ends. */
  updateUser(id: string, patch: UserPatch): Promise<UserRecord>;
}

/** Documents, their members, and their update log with its snapshots. */
export interface DocumentStore {
  createDocument(input: NewDocument): Promise<DocumentRecord>;
  findDocument(id: string): Promise<DocumentRecord | null>;
  /** All documents that are not archived, newest edit first. Visibility is the caller's job. */
  listDocuments(): Promise<DocumentRecord[]>;
  /** Documents (not archived) whose published version has this content hash (public verification). */
  listDocumentsPublishedWithHash(contentHash: string): Promise<DocumentRecord[]>;
  updateDocument(id: string, patch: DocumentPatch): Promise<DocumentRecord>;
  /** Sets whether a document is restricted and who its members are, with its audit entry, atomically. */
  setDocumentAccess(documentId: string, restricted: boolean, memberIds: readonly string[], audit: Omit<AuditFields, 'seq' | 'at'>): Promise<DocumentRecord>;
  /**
   * Deletes a draft that was never submitted, with everything stored about it (members, log,
   * snapshots, versions, threads, notifications, mails), and appends its audit entry, atomically.
   * False (and nothing deleted) when it is no longer such a draft.
   */
  deleteDraft(documentId: string, audit: Omit<AuditFields, 'seq' | 'at'>): Promise<boolean>;
  /** Marks the document as edited by `userId` at `at` (the collaboration server calls it). */
  touchDocument(id: string, userId: string, at: Date): Promise<void>;

  /**
   * Appends updates to the document's log in one transaction and returns the sequence
   * number of the last one. Resolves only once the write is durable.
   */
  appendUpdates(documentId: string, updates: readonly NewUpdate[], options?: AppendOptions): Promise<number>;
  /**
   * `appendUpdates` done now, when the storage can write without waiting (SQLite, while no
   * transaction of this process holds the file): returns the last sequence number, the write
   * durable as with appendUpdates, and throws what it would reject with. Undefined when it
   * cannot (PostgreSQL always): then the caller awaits `appendUpdates`. The keystroke path
   * takes it to skip a promise and two turns of the microtask queue per commit.
   */
  appendUpdatesNow?(documentId: string, updates: readonly NewUpdate[], options?: AppendOptions): number | undefined;
  /** The latest snapshot (if any) and every logged update after it, in order. */
  loadDocumentState(documentId: string): Promise<StoredDocumentState>;
  /** Stores the folded state of the log up to and including `uptoSeq`. Log rows are kept. */
  saveSnapshot(documentId: string, uptoSeq: number, state: Uint8Array): Promise<void>;
  /** The logged updates after `afterSeq` with their authors, oldest first; at most `limit` (for history and attribution). */
  listUpdates(documentId: string, afterSeq?: number, limit?: number): Promise<StoredUpdate[]>;
  /** Who sent the logged updates after `afterSeq` up to `uptoSeq`: each user once, sorted (who changed the text between two versions). */
  listUpdateWriters(documentId: string, afterSeq: number, uptoSeq: number): Promise<string[]>;

  /**
   * Yjs client ids whose edits this document refused: updates that arrived from a read-only
   * (or frozen) connection. The collaboration server loads them when the document opens and
   * refuses every later update carrying structs of these ids, from any connection.
   */
  listRefusedClients(documentId: string): Promise<RefusedClient[]>;
  /** Records refused client ids for a document (idempotent; the first refusal's user and time stay). */
  refuseClients(documentId: string, userId: string | null, clientIds: readonly number[]): Promise<void>;
}

/** Workflow: transitions with the versions, approvals and reviewers they record. */
export interface VersionStore {
  /**
   * Moves a document from `from` to `patch.state` atomically with everything the move
   * records: an optional new version, an optional approval, and its audit entry. Throws
   * StateConflict when the document is no longer in `from` (someone else moved it first).
   */
  applyTransition(input: TransitionWrite): Promise<DocumentRecord>;
  /** Stores a version (named, automatic, before a restore, …). */
  createVersion(version: Omit<VersionRecord, 'createdAt'>): Promise<VersionRecord>;
  findVersion(documentId: string, versionId: string): Promise<VersionRecord | null>;
  /** Every version without its state and body (cheap: for lists), in the order they were taken. */
  listVersionSummaries(documentId: string): Promise<VersionSummary[]>;
  /** The log position covered by the newest version (0 when there is none). */
  latestVersionSeq(documentId: string): Promise<number>;
  /** Approvals of one review round. */
  listApprovals(documentId: string, round: number): Promise<ApprovalRecord[]>;
  /** User ids named to review a round. */
  listReviewAssignees(documentId: string, round: number): Promise<string[]>;
}

/** Which audit entries to read: only these actions (none: every action). */
export interface AuditFilter {
  actions?: readonly string[];
}

/** The hash-chained audit log. */
export interface AuditStore {
  /** Appends one audit entry (for events that are not transitions: exports, access). */
  appendAudit(fields: Omit<AuditFields, 'seq' | 'at'>): Promise<AuditEntry>;
  /** The audit entries of one document, or of everything when documentId is null, oldest first; `actions`: only those. */
  listAudit(documentId: string | null, filter?: AuditFilter): Promise<AuditEntry[]>;
  /** The whole log's entries after entry `seq`, oldest first, at most `limit`. */
  listAuditAfter(seq: number, limit: number): Promise<AuditEntry[]>;
  /** A document's newest audit entry, or its newest with a comment (`withComment`); null when there is none. */
  latestAudit(documentId: string, filter?: { withComment?: boolean }): Promise<AuditEntry | null>;
  /** The newest audit entry's number and hash ({0, genesis} when the log is empty): what exports print. */
  auditHeadEntry(): Promise<{ seq: number; hash: string }>;
}

/**
 * The files that exports of released texts produced, by the SHA-256 of their bytes, so that
 * someone holding a file can check it (`GET /api/verify/file/<sha256>`) without uploading it.
 */
export interface ReleasedFileStore {
  /**
   * Appends an export's audit entry and, for an export of a released text (`file`), records
   * the file's SHA-256 with the content hash it carries, atomically. A file hash recorded
   * before keeps its first row (each distinct file once).
   */
  recordExport(audit: Omit<AuditFields, 'seq' | 'at'>, file: NewReleasedFile | null): Promise<AuditEntry>;
  /** The recorded export with these bytes (hex, either case), or null. */
  findReleasedFile(sha256: string): Promise<ReleasedFileRecord | null>;
}

/**
 * Linked language versions (issue 23): documents of one statement in several languages form
 * a group with a master. A document belongs to at most one group. Each member records the
 * master text it is aligned with (a version of the master and its content hash); whether it
 * is stale is the caller's question (the master's current hash against that one).
 */
export interface LanguageGroupStore {
  /** The group `documentId` belongs to, with every member (the master first), or null. */
  findLanguageGroup(documentId: string): Promise<LanguageGroupRecord | null>;
  /** The groups of many documents at once (for lists): document id → its group. */
  listLanguageGroups(documentIds: readonly string[]): Promise<Map<string, LanguageGroupRecord>>;
  /**
   * Links `documentId` to the group of `masterId` (making one, with `masterId` as its master,
   * when it has none) with its audit entry, atomically. Throws LanguageGroupConflict when the
   * document already belongs to a group, `masterId` belongs to a group it is not the master
   * of, or the group already has a member in the document's language.
   */
  joinLanguageGroup(input: {
    masterId: string;
    documentId: string;
    alignedWith: AlignedWith | null;
    by: string;
    audit: Omit<AuditFields, 'seq' | 'at'>;
  }): Promise<LanguageGroupRecord>;
  /** Records the master text a member is aligned with, with its audit entry, atomically; null when it belongs to no group. */
  setLanguageAlignment(documentId: string, alignedWith: AlignedWith, by: string, audit: Omit<AuditFields, 'seq' | 'at'>): Promise<LanguageGroupRecord | null>;
  /**
   * Several transitions (each with its version, approval and audit entry, as applyTransition)
   * in one transaction: a language group released at one instant. All or none: StateConflict
   * when any document is no longer in its `from` state.
   */
  applyGroupTransition(writes: readonly TransitionWrite[]): Promise<DocumentRecord[]>;
  /** Makes a member the master of its group, with its audit entry, atomically; null when it belongs to no group. */
  setLanguageMaster(documentId: string, audit: Omit<AuditFields, 'seq' | 'at'>): Promise<LanguageGroupRecord | null>;
}

/** A text of the master: a version of it and that version's content hash. */
export interface AlignedWith {
  versionId: string;
  contentHash: string;
}

export interface LanguageMemberRecord {
  documentId: string;
  /** The member document's language (documents.language). */
  language: string;
  /** Null for the master, and for a member never aligned (it started empty). */
  alignedWith: AlignedWith | null;
  alignedAt: Date | null;
  alignedBy: string | null;
}

export interface LanguageGroupRecord {
  id: string;
  masterId: string;
  /** The master first, then the others in the order they joined. */
  members: LanguageMemberRecord[];
}

/** Why joinLanguageGroup refused (a name, like the other storage errors: `instanceof` fails across bundles). */
export class LanguageGroupConflict extends Error {
  constructor(readonly reason: 'language_taken' | 'already_grouped' | 'not_master') {
    super(`language group: ${reason}`);
    this.name = 'LanguageGroupConflict';
  }
}

export function isLanguageGroupConflict(err: unknown): err is LanguageGroupConflict {
  return err instanceof Error && err.name === 'LanguageGroupConflict';
}

export interface NewReleasedFile {
  /** SHA-256 (hex) of the file's bytes. */
  sha256: string;
  documentId: string;
  versionId: string | null;
  /** SHA-256 of the canonical content the file prints (what `/api/verify/<hash>` takes). */
  contentHash: string;
  format: 'pdf' | 'docx';
}

export interface ReleasedFileRecord extends NewReleasedFile {
  createdAt: Date;
}

/** In-app notifications. */
export interface NotificationStore {
  addNotifications(notifications: readonly NewNotification[]): Promise<void>;
  /** A user's newest notifications first. */
  listNotifications(userId: string, limit: number): Promise<NotificationRecord[]>;
  markNotificationsRead(userId: string, upToId: number): Promise<void>;
}

/**
 * The mail outbox and each user's choice of mail (issue 25). Mails are written in the same
 * transaction as the event they tell of (TransitionWrite.mails, NewThread.mails,
 * NewComment.mails), or by `enqueueMails` for what periodic checks find. A sender claims
 * them with a lease, so that of several processes sharing PostgreSQL exactly one sends each.
 */
export interface MailStore {
  /** Writes mails in one transaction; a mail whose `dedupeKey` was written before is left out. Returns how many were written. */
  enqueueMails(mails: readonly NewMail[]): Promise<number>;
  /**
   * Claims the next mail due (available, not sent, not given up, not under another's lease)
   * for `leaseMs`, under `token`: one mail, or every due digest mail of one person (one digest).
   * Empty when nothing is due.
   */
  claimMails(token: string, leaseMs: number): Promise<MailRecord[]>;
  /** Marks claimed mails sent; false for those whose lease `token` no longer holds. */
  markMailsSent(ids: readonly number[], token: string): Promise<void>;
  /**
   * One attempt failed: the claimed mails wait until `retryAt`, or are given up (kept, with
   * the error, for an admin) when `retryAt` is null. Counts the attempt either way.
   */
  markMailsFailed(ids: readonly number[], token: string, error: string, retryAt: Date | null): Promise<void>;
  /** Mails given up, newest first (what admins see). */
  listFailedMails(limit: number): Promise<MailRecord[]>;
  /** Puts a mail that was given up back in the queue, due now with its attempts reset; false when there is no such mail. */
  retryFailedMail(id: number): Promise<boolean>;
  /** One mail, sent or not (null when there is none). */
  findMail(id: number): Promise<MailRecord | null>;
  /** Each user's choice (users who never chose are absent: they get every mail at once). */
  listMailPreferences(userIds: readonly string[]): Promise<Map<string, MailPreference>>;
  setMailPreference(userId: string, preference: MailPreference): Promise<void>;
}

/** Every mail at once, one digest a day at `digestHour` (the organisation's time zone), or none. */
export interface MailPreference {
  mode: 'immediate' | 'digest' | 'none';
  digestHour: number;
}

export interface NewMail {
  userId: string;
  toAddress: string;
  /** The recipient's interface language (issue 24): what the mail is written in. */
  locale: string;
  /** Which message (server/mail/messages.ts). */
  message: string;
  documentId: string | null;
  /** What the message says besides its words: the title, a due date, a comment, who acted. */
  params: Record<string, string>;
  /** Held for the recipient's daily digest (then `availableAt` is the digest's hour). */
  digest: boolean;
  availableAt: Date;
  /** Mails with the same key are written once (periodic checks). */
  dedupeKey?: string;
}

export interface MailRecord extends NewMail {
  id: number;
  attempts: number;
  sentAt: Date | null;
  failedAt: Date | null;
  lastError: string | null;
  createdAt: Date;
}

/** Organisation settings. */
export interface SettingStore {
  /** One organisation setting, or null when it is not set. */
  getSetting(key: string): Promise<SettingRecord | null>;
  /** Sets (`value`) or removes (null) one setting together with its audit entry, atomically. */
  putSetting(key: string, value: Uint8Array | null, updatedBy: string, audit: Omit<AuditFields, 'seq' | 'at'>): Promise<void>;
}

/** Sign-in throttling and ended sessions, shared by every process. */
export interface SessionStore {
  /** Records a signed-out session id as ended until its token would have expired anyway. */
  revokeSession(sessionId: string, expiresAt: Date): Promise<void>;
  /** Whether a session id was ended by signing out (and its token has not expired yet). */
  isSessionRevoked(sessionId: string): Promise<boolean>;
  /**
   * Counts one sign-in attempt against each key (an account, a client address), atomically
   * across processes. A key's window opens with its first attempt and lasts `windowMs`; an
   * attempt after that opens a new one. Returns each key's count in its window.
   */
  countSignInAttempt(keys: readonly string[], at: Date, windowMs: number): Promise<SignInAttempts[]>;
  /** Takes back one counted attempt that succeeded; `clear` forgets the key's count altogether. */
  takeBackSignInAttempt(key: string, clear: boolean): Promise<void>;
  /** Each key's count in its current window, without counting anything (0 for a key with none, or whose window is over). */
  peekSignInAttempts(keys: readonly string[], at: Date, windowMs: number): Promise<SignInAttempts[]>;
}

/**
 * Comment threads on passages (issue 20): each anchored by two Yjs relative positions kept
 * here, never in the text, so nothing here changes a document's content or its hash.
 */
export interface ThreadStore {
  /** Makes a thread with its first comment, atomically. */
  createThread(input: NewThread): Promise<ThreadRecord>;
  /** A document's threads with their comments, oldest first (comments oldest first). */
  listThreads(documentId: string): Promise<ThreadRecord[]>;
  findThread(threadId: string): Promise<ThreadRecord | null>;
  /** A reply at the end of a thread; null when the thread is gone. */
  addComment(input: NewComment): Promise<CommentRecord | null>;
  findComment(commentId: string): Promise<CommentRecord | null>;
  /** Replaces a comment's body and sets its edited time; null when it is gone. */
  editComment(commentId: string, body: string): Promise<CommentRecord | null>;
  /**
   * Deletes a comment for good; its thread goes too when it was the last one, in the same
   * write. `deleted` is false when the comment was already gone.
   */
  deleteComment(commentId: string): Promise<{ deleted: boolean; threadDeleted: boolean }>;
  /**
   * Resolves (`resolvedBy` set) or reopens (null) a thread with its audit entry, atomically;
   * `changed` is false (and nothing is written) when it already was so. Null when it is gone.
   */
  setThreadResolved(
    threadId: string,
    resolvedBy: string | null,
    audit: Omit<AuditFields, 'seq' | 'at'>,
  ): Promise<{ thread: ThreadRecord; changed: boolean } | null>;
  /**
   * How many open threads on passages each document has (documents with none are absent);
   * every document when no ids are given. A suggestion's thread is not counted: its
   * suggestion is, and the thread is resolved with it.
   */
  countOpenThreads(documentIds?: readonly string[]): Promise<Map<string, number>>;
}

export interface NewThread {
  documentId: string;
  anchorStart: Uint8Array;
  anchorEnd: Uint8Array;
  quote: string;
  createdBy: string;
  /** The first comment's body. */
  body: string;
  /** Mails (mentions) written with the thread, in its transaction. */
  mails?: readonly NewMail[];
  /**
   * The suggestion (issue 21) this thread is about, instead of a passage (the anchor is then
   * empty bytes). One per suggestion of a document: a second is refused by the database.
   */
  suggestionId?: string;
}

export interface ThreadRecord {
  id: string;
  documentId: string;
  /** Y.encodeRelativePosition of the passage's first character and of its end. */
  anchorStart: Uint8Array;
  anchorEnd: Uint8Array;
  /** The passage's text when the thread was made. */
  quote: string;
  createdBy: string | null;
  createdAt: Date;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  /** The suggestion this thread is about; null for a thread on a passage. */
  suggestionId: string | null;
  comments: CommentRecord[];
}

export interface NewComment {
  threadId: string;
  authorId: string;
  body: string;
  /** Mails (mentions) written with the comment, in its transaction. */
  mails?: readonly NewMail[];
}

export interface CommentRecord {
  id: string;
  threadId: string;
  authorId: string | null;
  body: string;
  createdAt: Date;
  editedAt: Date | null;
}

/**
 * Full-text search over each document's title, dateline, current body and released body,
 * in the database's own index (SQLite FTS5, PostgreSQL tsvector) over the words' search keys
 * (lib/text/fold.ts). Storage keeps the title, dateline, versions' bodies and the released
 * body indexed in the same transactions that write them; the collaboration server indexes
 * the body when the text settles (`indexDocumentText`).
 */
export interface SearchStore {
  /** Replaces (or, with `text: null`, removes) indexed texts of one document. */
  indexDocumentText(documentId: string, entries: readonly SearchEntry[]): Promise<void>;
  /**
   * Indexed texts (of documents not archived) in which a word begins with every term, without
   * the texts (cheap: many may match); at most `limit` rows. Visibility is the caller's job.
   */
  searchDocuments(terms: SearchTerms, limit: number): Promise<SearchHit[]>;
  /** The texts of some search entries (by `SearchHit.entryId`): what the results quote. */
  readSearchTexts(entryIds: readonly number[]): Promise<Map<number, string>>;
  /** Documents with no indexed title yet (made before search existed): what start-up indexes. */
  listUnindexedDocuments(limit: number): Promise<string[]>;
}

/**
 * What an indexed text is: the title, the dateline, the current body, the released body;
 * `thread` is where comment threads (issue 20) go, one `part` per thread.
 */
export type SearchField = 'title' | 'dateline' | 'body' | 'released' | 'thread';

/** One text of a document to index; `part` tells several texts of one field apart (threads). */
export interface SearchEntry {
  field: SearchField;
  part?: string;
  text: string | null;
}

/** An indexed text in which a search matched. */
export interface SearchHit {
  entryId: number;
  documentId: string;
  field: SearchField;
  part: string;
}

/** What may change on a user: undefined leaves a field as it is. */
export interface UserPatch {
  name?: string;
  role?: Role;
  active?: boolean;
  passwordHash?: string;
  /** Whether the next sign-in must choose a new password first (an admin set or reset it). */
  mustChangePassword?: boolean;
  /** The interface language (a supported locale, lib/i18n/locales.ts); null follows the browser again. */
  locale?: string | null;
  /** Ends every session signed in before this write (the session epoch goes up by one). */
  endSessions?: boolean;
}

/** Sign-in attempts counted against one key in its current window. */
export interface SignInAttempts {
  key: string;
  attempts: number;
  windowStart: Date;
}

/** A Yjs client id whose edits a document refused, and whose connection sent them. */
export interface RefusedClient {
  clientId: number;
  userId: string | null;
}

/** An organisation setting: opaque bytes under a key (text settings as UTF-8), who set it and when. */
export interface SettingRecord {
  key: string;
  value: Uint8Array;
  updatedBy: string | null;
  updatedAt: Date;
}

export interface NewNotification {
  userId: string;
  documentId: string | null;
  action: string;
  actorId: string | null;
  detail: Record<string, unknown>;
}

export interface NotificationRecord extends NewNotification {
  id: number;
  createdAt: Date;
  readAt: Date | null;
}

/**
 * Whether `err` is one of storage's errors, by name: `instanceof` fails across bundles (the
 * storage lives in the custom server's module instance, route handlers in Next's bundle,
 * each with its own copy of these classes).
 */
export function isStorageError<K extends 'StateConflict' | 'LogMoved' | 'DocumentNotEditable'>(
  err: unknown,
  name: K,
): err is K extends 'StateConflict' ? StateConflict : K extends 'LogMoved' ? LogMoved : DocumentNotEditable {
  return err instanceof Error && err.name === name;
}

/** Thrown by applyTransition when the document left the expected state meanwhile. */
export class StateConflict extends Error {
  constructor(readonly actual: DocumentState | null) {
    super(`the document is ${actual ?? 'gone'}`);
    this.name = 'StateConflict';
  }
}

/** How a batch may be appended. */
export interface AppendOptions {
  /**
   * Every update of the batch passed the suggest-only rule (issue 21): it may go into a
   * document in review too (PostgreSQL checks the state in the append; SQLite's one process
   * has no other writer to race).
   */
  suggestions?: boolean;
}

/**
 * Thrown by appendUpdates when the document is no longer a draft (PostgreSQL checks it in
 * the append's transaction: another process may have taken the document out of draft).
 */
export class DocumentNotEditable extends Error {
  constructor(readonly documentId: string) {
    super(`document ${documentId} is no longer a draft`);
    this.name = 'DocumentNotEditable';
  }
}

/**
 * Thrown by applyTransition when it carries a version that no longer covers the whole
 * update log: another process appended after the text was taken (PostgreSQL only; one
 * SQLite process freezes the document before it takes the text). Take the text again.
 */
export class LogMoved extends Error {
  constructor(
    readonly versionSeq: number,
    readonly logSeq: number,
  ) {
    super(`the update log is at ${logSeq}, past the version's ${versionSeq}`);
    this.name = 'LogMoved';
  }
}

export interface VersionRecord {
  id: string;
  documentId: string;
  label: string | null;
  /** Why it was taken: submit, approve, publish, named, auto, restore, … */
  reason: string;
  /** The document's state when it was taken. */
  state: DocumentState;
  uptoSeq: number;
  /** Full Yjs state (Y.encodeStateAsUpdate) at that point. */
  ystate: Uint8Array;
  /** The ProseMirror JSON of the body, canonical form. */
  contentJson: string;
  /** SHA-256 (hex) of contentJson. */
  contentHash: string;
  /** Title, kind, language and dateline at that point (what a release shows). */
  meta: VersionMeta;
  createdBy: string | null;
  createdAt: Date;
}

export type VersionSummary = Omit<VersionRecord, 'ystate' | 'contentJson'>;

export interface VersionMeta {
  title: string;
  kind: DocumentKind;
  language: string;
  datelinePlace: string | null;
  datelineDate: string | null;
}

export interface ApprovalRecord {
  documentId: string;
  round: number;
  approverId: string;
  versionId: string;
  contentHash: string;
  createdAt: Date;
}

export interface TransitionWrite {
  documentId: string;
  from: DocumentState;
  patch: {
    state: DocumentState;
    submittedBy?: string | null;
    submittedAt?: Date | null;
    reviewRound?: number;
    archivedFrom?: DocumentState | null;
    publishedVersionId?: string | null;
    publishedAt?: Date | null;
    embargoUntil?: Date | null;
    reviewDue?: string | null;
    updatedBy: string;
  };
  /**
   * A change to a scheduled release: refused with StateConflict, under the document's lock,
   * when its embargo is no longer ahead at that moment (the text is out).
   */
  releasePending?: boolean;
  /** Named reviewers/approvers of the round being opened. */
  assignees?: { round: number; userIds: readonly string[] };
  version?: Omit<VersionRecord, 'createdAt'>;
  approval?: Omit<ApprovalRecord, 'createdAt'>;
  audit: Omit<AuditFields, 'seq' | 'at'>;
  /** Mails telling of the transition, written in its transaction (issue 25). */
  mails?: readonly NewMail[];
}

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string | null;
  active: boolean;
  /** Sessions whose token carries an older epoch have ended (password change, reset, sign out everywhere). */
  sessionEpoch: number;
  /** An admin set or reset this password: nothing but choosing a new one is allowed until then. */
  mustChangePassword: boolean;
  /** The interface language the user chose (issue 24), or null: the cookie or the browser decides. */
  locale: string | null;
  createdAt: Date;
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  passwordHash: string | null;
  /** An admin chose this password for someone else (false when left out). */
  mustChangePassword?: boolean;
}

export interface DocumentRecord {
  id: string;
  title: string;
  kind: DocumentKind;
  language: string;
  state: DocumentState;
  datelinePlace: string | null;
  datelineDate: string | null;
  embargoUntil: Date | null;
  submittedBy: string | null;
  submittedAt: Date | null;
  reviewRound: number;
  /** Due date (YYYY-MM-DD) of the current review round. */
  reviewDue: string | null;
  archivedFrom: DocumentState | null;
  publishedVersionId: string | null;
  publishedAt: Date | null;
  restricted: boolean;
  memberIds: string[];
  createdBy: string | null;
  updatedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewDocument {
  title: string;
  kind: DocumentKind;
  language: string;
  datelinePlace: string | null;
  datelineDate: string | null;
  createdBy: string;
}

export interface DocumentPatch {
  title?: string;
  language?: string;
  datelinePlace?: string | null;
  datelineDate?: string | null;
  updatedBy: string;
}

export interface NewUpdate {
  userId: string;
  data: Uint8Array;
}

export interface StoredUpdate {
  seq: number;
  userId: string | null;
  data: Uint8Array;
  createdAt: Date;
}

export interface StoredDocumentState {
  snapshot: { uptoSeq: number; state: Uint8Array } | null;
  updates: StoredUpdate[];
}
