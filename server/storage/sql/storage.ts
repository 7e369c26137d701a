import { sql } from 'kysely';
import type { SearchTerms } from '@/lib/text/fold';
import type { AuditEntry, AuditFields } from '@/server/audit';
import type {
  ApprovalRecord,
  AuditFilter,
  MailPreference,
  MailRecord,
  NewMail,
  CommentRecord,
  NewComment,
  NewThread,
  ThreadRecord,
  DocumentPatch,
  DocumentRecord,
  NewDocument,
  NewNotification,
  NewUpdate,
  AppendOptions,
  NewUser,
  NotificationRecord,
  RefusedClient,
  SearchEntry,
  SearchHit,
  SettingRecord,
  SignInAttempts,
  Storage,
  StoredDocumentState,
  StoredUpdate,
  TransitionWrite,
  UserPatch,
  UserRecord,
  VersionRecord,
  VersionSummary,
  NewReleasedFile,
  ReleasedFileRecord,
  AlignedWith,
  LanguageGroupRecord,
} from '@/server/storage/types';
import * as audit from './audit';
import type { Db, Sql, StorageDialect } from './dialect';
import * as documents from './documents';
import * as mail from './mail';
import * as languageGroups from './language-groups';
import * as organisation from './organisation';
import * as releasedFiles from './released-files';
import * as search from './search';
import * as sessions from './sessions';
import * as threads from './threads';
import * as users from './users';
import * as versions from './versions';

type AuditInput = Omit<AuditFields, 'seq' | 'at'>;

/**
 * The Storage, written once over Kysely for SQLite and PostgreSQL: each method is one
 * aggregate's function in this folder. A subclass opens its database (connection,
 * migrations) and supplies the dialect: what the two databases really do differently.
 */
export abstract class SqlStorage implements Storage, Sql {
  abstract readonly kind: 'sqlite' | 'postgres';
  abstract readonly sharedAcrossProcesses: boolean;
  abstract readonly dialect: StorageDialect;
  private builder: Db | null = null;

  constructor(readonly auditKey: string | null) {}

  abstract open(): Promise<void>;
  abstract close(): Promise<void>;

  /** The query builder over the open connection(s). */
  get kysely(): Db {
    if (!this.builder) throw new Error(`${this.kind} storage is not open`);
    return this.builder;
  }

  /** Called by `open()` once connected (and by `close()` with null). */
  protected attach(builder: Db | null): void {
    this.builder = builder;
  }

  async ping(): Promise<void> {
    await sql`SELECT 1`.execute(this.kysely);
  }

  // Users
  countUsers = (): Promise<number> => users.countUsers(this);
  createUser = (input: NewUser): Promise<UserRecord> => users.createUser(this, input);
  findUserByEmail = (email: string): Promise<UserRecord | null> => users.findUserByEmail(this, email);
  findUserById = (id: string): Promise<UserRecord | null> => users.findUserById(this, id);
  listUsers = (): Promise<UserRecord[]> => users.listUsers(this);
  updateUser = (id: string, patch: UserPatch): Promise<UserRecord> => users.updateUser(this, id, patch);

  // Documents and their log
  createDocument = (input: NewDocument): Promise<DocumentRecord> => documents.createDocument(this, input);
  findDocument = (id: string): Promise<DocumentRecord | null> => documents.findDocument(this, id);
  listDocuments = (): Promise<DocumentRecord[]> => documents.listDocuments(this);
  listDocumentsPublishedWithHash = (contentHash: string): Promise<DocumentRecord[]> => documents.listDocumentsPublishedWithHash(this, contentHash);
  updateDocument = (id: string, patch: DocumentPatch): Promise<DocumentRecord> => documents.updateDocument(this, id, patch);
  setDocumentAccess = (documentId: string, restricted: boolean, memberIds: readonly string[], entry: AuditInput): Promise<DocumentRecord> =>
    documents.setDocumentAccess(this, documentId, restricted, memberIds, entry);
  deleteDraft = (documentId: string, entry: AuditInput): Promise<boolean> => documents.deleteDraft(this, documentId, entry);
  touchDocument = (id: string, userId: string, at: Date): Promise<void> => documents.touchDocument(this, id, userId, at);
  appendUpdates = (documentId: string, updates: readonly NewUpdate[], options?: AppendOptions): Promise<number> =>
    this.dialect.appendUpdates(documentId, updates, options);
  appendUpdatesNow = (documentId: string, updates: readonly NewUpdate[], options?: AppendOptions): number | undefined =>
    this.dialect.appendUpdatesNow?.(documentId, updates, options);
  loadDocumentState = (documentId: string): Promise<StoredDocumentState> => documents.loadDocumentState(this, documentId);
  saveSnapshot = (documentId: string, uptoSeq: number, state: Uint8Array): Promise<void> => documents.saveSnapshot(this, documentId, uptoSeq, state);
  listUpdates = (documentId: string, afterSeq?: number, limit?: number): Promise<StoredUpdate[]> => documents.listUpdates(this, documentId, afterSeq, limit);
  listUpdateWriters = (documentId: string, afterSeq: number, uptoSeq: number): Promise<string[]> =>
    documents.listUpdateWriters(this, documentId, afterSeq, uptoSeq);
  listRefusedClients = (documentId: string): Promise<RefusedClient[]> => documents.listRefusedClients(this, documentId);
  refuseClients = (documentId: string, userId: string | null, clientIds: readonly number[]): Promise<void> =>
    documents.refuseClients(this, documentId, userId, clientIds);

  // Versions and approvals
  applyTransition = (input: TransitionWrite): Promise<DocumentRecord> => versions.applyTransition(this, input);
  createVersion = (version: Omit<VersionRecord, 'createdAt'>): Promise<VersionRecord> => versions.createVersion(this, version);
  findVersion = (documentId: string, versionId: string): Promise<VersionRecord | null> => versions.findVersion(this, documentId, versionId);
  listVersionSummaries = (documentId: string): Promise<VersionSummary[]> => versions.listVersionSummaries(this, documentId);
  latestVersionSeq = (documentId: string): Promise<number> => versions.latestVersionSeq(this, documentId);
  listApprovals = (documentId: string, round: number): Promise<ApprovalRecord[]> => versions.listApprovals(this, documentId, round);
  listReviewAssignees = (documentId: string, round: number): Promise<string[]> => versions.listReviewAssignees(this, documentId, round);

  // Audit
  appendAudit = (fields: AuditInput): Promise<AuditEntry> => audit.appendAudit(this, fields);
  listAudit = (documentId: string | null, filter?: AuditFilter): Promise<AuditEntry[]> => audit.listAudit(this, documentId, filter);
  listAuditAfter = (seq: number, limit: number): Promise<AuditEntry[]> => audit.listAuditAfter(this, seq, limit);
  latestAudit = (documentId: string, filter?: { withComment?: boolean }): Promise<AuditEntry | null> => audit.latestAudit(this, documentId, filter);
  auditHeadEntry = (): Promise<{ seq: number; hash: string }> => audit.auditHeadEntry(this);

  // Files of released texts' exports
  recordExport = (entry: AuditInput, file: NewReleasedFile | null): Promise<AuditEntry> => releasedFiles.recordExport(this, entry, file);
  findReleasedFile = (sha256: string): Promise<ReleasedFileRecord | null> => releasedFiles.findReleasedFile(this, sha256);

  // Linked language versions
  findLanguageGroup = (documentId: string): Promise<LanguageGroupRecord | null> => languageGroups.findLanguageGroup(this, documentId);
  listLanguageGroups = (documentIds: readonly string[]): Promise<Map<string, LanguageGroupRecord>> => languageGroups.listLanguageGroups(this, documentIds);
  joinLanguageGroup = (input: {
    masterId: string;
    documentId: string;
    alignedWith: AlignedWith | null;
    by: string;
    audit: AuditInput;
  }): Promise<LanguageGroupRecord> => languageGroups.joinLanguageGroup(this, input);
  setLanguageAlignment = (documentId: string, alignedWith: AlignedWith, by: string, entry: AuditInput): Promise<LanguageGroupRecord | null> =>
    languageGroups.setLanguageAlignment(this, documentId, alignedWith, by, entry);
  applyGroupTransition = (writes: readonly TransitionWrite[]): Promise<DocumentRecord[]> => languageGroups.applyGroupTransition(this, writes);
  setLanguageMaster = (documentId: string, entry: AuditInput): Promise<LanguageGroupRecord | null> => languageGroups.setLanguageMaster(this, documentId, entry);

  // Notifications and settings
  addNotifications = (notifications: readonly NewNotification[]): Promise<void> => organisation.addNotifications(this, notifications);
  listNotifications = (userId: string, limit: number): Promise<NotificationRecord[]> => organisation.listNotifications(this, userId, limit);
  markNotificationsRead = (userId: string, upToId: number): Promise<void> => organisation.markNotificationsRead(this, userId, upToId);
  getSetting = (key: string): Promise<SettingRecord | null> => organisation.getSetting(this, key);
  putSetting = (key: string, value: Uint8Array | null, updatedBy: string, entry: AuditInput): Promise<void> =>
    organisation.putSetting(this, key, value, updatedBy, entry);

  // Comment threads
  createThread = (input: NewThread): Promise<ThreadRecord> => threads.createThread(this, input);
  listThreads = (documentId: string): Promise<ThreadRecord[]> => threads.listThreads(this, documentId);
  findThread = (threadId: string): Promise<ThreadRecord | null> => threads.findThread(this, threadId);
  addComment = (input: NewComment): Promise<CommentRecord | null> => threads.addComment(this, input);
  findComment = (commentId: string): Promise<CommentRecord | null> => threads.findComment(this, commentId);
  editComment = (commentId: string, body: string): Promise<CommentRecord | null> => threads.editComment(this, commentId, body);
  deleteComment = (commentId: string): Promise<{ deleted: boolean; threadDeleted: boolean }> => threads.deleteComment(this, commentId);
  setThreadResolved = (threadId: string, resolvedBy: string | null, entry: AuditInput): Promise<{ thread: ThreadRecord; changed: boolean } | null> =>
    threads.setThreadResolved(this, threadId, resolvedBy, entry);
  countOpenThreads = (documentIds?: readonly string[]): Promise<Map<string, number>> => threads.countOpenThreads(this, documentIds);

  // Mail (the outbox and each user's choice)
  enqueueMails = (mails: readonly NewMail[]): Promise<number> => mail.enqueueMails(this, mails);
  claimMails = (token: string, leaseMs: number): Promise<MailRecord[]> => mail.claimMails(this, token, leaseMs);
  markMailsSent = (ids: readonly number[], token: string): Promise<void> => mail.markMailsSent(this, ids, token);
  markMailsFailed = (ids: readonly number[], token: string, error: string, retryAt: Date | null): Promise<void> =>
    mail.markMailsFailed(this, ids, token, error, retryAt);
  listFailedMails = (limit: number): Promise<MailRecord[]> => mail.listFailedMails(this, limit);
  retryFailedMail = (id: number): Promise<boolean> => mail.retryFailedMail(this, id);
  findMail = (id: number): Promise<MailRecord | null> => mail.findMail(this, id);
  listMailPreferences = (userIds: readonly string[]): Promise<Map<string, MailPreference>> => mail.listMailPreferences(this, userIds);
  setMailPreference = (userId: string, preference: MailPreference): Promise<void> => mail.setMailPreference(this, userId, preference);

  // Sign-in and sessions
  revokeSession = (sessionId: string, expiresAt: Date): Promise<void> => sessions.revokeSession(this, sessionId, expiresAt);
  isSessionRevoked = (sessionId: string): Promise<boolean> => sessions.isSessionRevoked(this, sessionId);
  countSignInAttempt = (keys: readonly string[], at: Date, windowMs: number): Promise<SignInAttempts[]> =>
    sessions.countSignInAttempt(this, keys, at, windowMs);
  takeBackSignInAttempt = (key: string, clear: boolean): Promise<void> => sessions.takeBackSignInAttempt(this, key, clear);
  peekSignInAttempts = (keys: readonly string[], at: Date, windowMs: number): Promise<SignInAttempts[]> =>
    sessions.peekSignInAttempts(this, keys, at, windowMs);

  // Full-text search
  indexDocumentText = (documentId: string, entries: readonly SearchEntry[]): Promise<void> => search.indexDocumentText(this, documentId, entries);
  searchDocuments = (terms: SearchTerms, limit: number): Promise<SearchHit[]> => search.searchDocuments(this, terms, limit);
  listUnindexedDocuments = (limit: number): Promise<string[]> => search.listUnindexedDocuments(this, limit);
  readSearchTexts = (entryIds: readonly number[]): Promise<Map<number, string>> => search.readSearchTexts(this, entryIds);
}
