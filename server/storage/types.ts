import type { Role } from '../../lib/policies';
import type { DocumentKind } from '../../lib/text/document';
import type { DocumentState } from '../../lib/workflow/states';

/**
 * The one storage interface. Every method is async so that the SQLite implementation
 * (embedded default) and the PostgreSQL one (scale-out) are interchangeable without
 * changing a caller. Implementations open nothing until `open()`.
 */
export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  /** Connects and runs pending migrations. */
  open(): Promise<void>;
  close(): Promise<void>;
  /** Throws when the store cannot answer a trivial query. */
  ping(): Promise<void>;

  countUsers(): Promise<number>;
  createUser(input: NewUser): Promise<UserRecord>;
  findUserByEmail(email: string): Promise<UserRecord | null>;
  findUserById(id: string): Promise<UserRecord | null>;
  setUserRole(id: string, role: Role): Promise<void>;

  createDocument(input: NewDocument): Promise<DocumentRecord>;
  findDocument(id: string): Promise<DocumentRecord | null>;
  /** All documents that are not archived, newest edit first. Visibility is the caller's job. */
  listDocuments(): Promise<DocumentRecord[]>;
  updateDocument(id: string, patch: DocumentPatch): Promise<DocumentRecord>;
  /** Marks the document as edited by `userId` at `at` (the collaboration server calls it). */
  touchDocument(id: string, userId: string, at: Date): Promise<void>;

  /**
   * Appends updates to the document's log in one transaction and returns the sequence
   * number of the last one. Resolves only once the write is durable.
   */
  appendUpdates(documentId: string, updates: readonly NewUpdate[]): Promise<number>;
  /** The latest snapshot (if any) and every logged update after it, in order. */
  loadDocumentState(documentId: string): Promise<StoredDocumentState>;
  /** Stores the folded state of the log up to and including `uptoSeq`. Log rows are kept. */
  saveSnapshot(documentId: string, uptoSeq: number, state: Uint8Array): Promise<void>;
  /** Every logged update with its author (for history and attribution). */
  listUpdates(documentId: string, afterSeq?: number): Promise<StoredUpdate[]>;
}

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string | null;
  active: boolean;
  createdAt: Date;
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  passwordHash: string | null;
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
