import type { ColumnType, Generated } from 'kysely';
import type { Role } from '@/lib/policies';
import type { DocumentKind } from '@/lib/text/document';
import type { DocumentState } from '@/lib/workflow/states';
import type { SearchField } from '@/server/storage/types';

/**
 * The tables as both databases hold them (the migrations in sqlite/ and postgres/ made
 * them; nothing here is read from the database at run time). Where the two store a value
 * differently, the column type admits both and sql/codec.ts reads either:
 * a time is epoch milliseconds in SQLite and a `timestamptz` (Date) in PostgreSQL; a flag
 * is 0/1 in SQLite and a boolean in PostgreSQL.
 */
export type Time = Date | number;
export type Flag = boolean | number;
/** Bytes: better-sqlite3 and pg both return BLOB/bytea as a Buffer and bind one. */
export type Bytes = Buffer;

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  active: Flag;
  session_epoch: ColumnType<number, number | undefined, number>;
  must_change_password: ColumnType<Flag, Flag | undefined, Flag>;
  locale: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Time;
}

export interface DocumentsTable {
  id: string;
  title: string;
  kind: DocumentKind;
  language: string;
  state: DocumentState;
  dateline_place: string | null;
  dateline_date: string | null;
  embargo_until: Time | null;
  submitted_by: string | null;
  submitted_at: Time | null;
  review_round: ColumnType<number, number | undefined, number>;
  review_due: string | null;
  archived_from: DocumentState | null;
  published_version_id: string | null;
  published_at: Time | null;
  restricted: ColumnType<Flag, Flag | undefined, Flag>;
  created_by: string | null;
  updated_by: string | null;
  created_at: Time;
  updated_at: Time;
}

export interface DocumentMembersTable {
  document_id: string;
  user_id: string;
}

export interface DocumentUpdatesTable {
  document_id: string;
  seq: number;
  user_id: string | null;
  data: Bytes;
  created_at: Time;
}

export interface DocumentSnapshotsTable {
  document_id: string;
  upto_seq: number;
  state: Bytes;
  created_at: Time;
}

export interface VersionsTable {
  id: string;
  document_id: string;
  label: string | null;
  reason: string;
  state: DocumentState;
  upto_seq: number;
  /** Deflated (a 10-page speech's state shrinks 3–5×). */
  ystate: Bytes;
  content_deflated: Bytes;
  content_hash: string;
  meta_json: string;
  created_by: string | null;
  created_at: Time;
}

export interface ApprovalsTable {
  document_id: string;
  round: number;
  approver_id: string;
  version_id: string;
  content_hash: string;
  created_at: Time;
}

export interface ReviewAssigneesTable {
  document_id: string;
  round: number;
  user_id: string;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: string | null;
  document_id: string | null;
  action: string;
  version_id: string | null;
  content_hash: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: string;
  document_id: string | null;
  action: string;
  actor_id: string | null;
  detail: string;
  created_at: Time;
  read_at: Time | null;
}

export interface SettingsTable {
  key: string;
  value: Bytes;
  updated_by: string | null;
  updated_at: Time;
}

export interface RefusedClientsTable {
  document_id: string;
  client_id: number;
  user_id: string | null;
  refused_at: Time;
}

export interface RevokedSessionsTable {
  session_id: string;
  expires_at: Time;
}

export interface SignInAttemptsTable {
  key: string;
  attempts: number;
  window_start: Time;
}

export interface ThreadsTable {
  id: string;
  document_id: string;
  anchor_start: Bytes;
  anchor_end: Bytes;
  quote: string;
  created_by: string | null;
  created_at: Time;
  resolved_by: string | null;
  resolved_at: Time | null;
  /** The suggestion this thread belongs to (issue 21); null for a thread on a passage. */
  suggestion_id: string | null;
}

export interface CommentsTable {
  id: string;
  thread_id: string;
  author_id: string | null;
  body: string;
  created_at: Time;
  edited_at: Time | null;
}

/** A file an export of a released text produced, by its bytes' SHA-256 (released-files.ts). */
export interface ReleasedFilesTable {
  sha256: string;
  document_id: string;
  version_id: string | null;
  content_hash: string;
  format: 'pdf' | 'docx';
  created_at: Time;
}

/** A document's indexed text (search.ts): one row per field (and per part, for threads). */
export interface SearchEntriesTable {
  id: Generated<number>;
  document_id: string;
  field: SearchField;
  part: ColumnType<string, string | undefined, string>;
  text: string;
  keys: string;
}

/** The mail outbox (mail.ts): one row per mail to one person, sent once. */
export interface MailOutboxTable {
  id: Generated<number>;
  user_id: string;
  to_address: string;
  locale: string;
  message: string;
  document_id: string | null;
  params: string;
  digest: Flag;
  dedupe_key: string | null;
  available_at: Time;
  attempts: ColumnType<number, number | undefined, number>;
  claimed_until: Time | null;
  claim_token: string | null;
  sent_at: Time | null;
  failed_at: Time | null;
  last_error: string | null;
  created_at: Time;
}

export interface MailPreferencesTable {
  user_id: string;
  mode: 'immediate' | 'digest' | 'none';
  digest_hour: number;
  updated_at: Time;
}

/** A group of language versions of one statement (language-groups.ts): its master. */
export interface LanguageGroupsTable {
  id: string;
  master_id: string;
  created_at: Time;
}

/** A document's place in a language group, and the master text it is aligned with. */
export interface LanguageMembersTable {
  document_id: string;
  group_id: string;
  joined_at: Time;
  aligned_version_id: string | null;
  aligned_content_hash: string | null;
  aligned_at: Time | null;
  aligned_by: string | null;
}

export interface Tables {
  users: UsersTable;
  documents: DocumentsTable;
  document_members: DocumentMembersTable;
  document_updates: DocumentUpdatesTable;
  document_snapshots: DocumentSnapshotsTable;
  versions: VersionsTable;
  approvals: ApprovalsTable;
  review_assignees: ReviewAssigneesTable;
  audit_log: AuditLogTable;
  notifications: NotificationsTable;
  settings: SettingsTable;
  refused_clients: RefusedClientsTable;
  revoked_sessions: RevokedSessionsTable;
  sign_in_attempts: SignInAttemptsTable;
  threads: ThreadsTable;
  comments: CommentsTable;
  search_entries: SearchEntriesTable;
  released_files: ReleasedFilesTable;
  mail_outbox: MailOutboxTable;
  mail_preferences: MailPreferencesTable;
  language_groups: LanguageGroupsTable;
  language_members: LanguageMembersTable;
}
