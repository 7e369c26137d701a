/**
 * SQLite schema migrations, applied in order inside one transaction each. Never edit a
 * migration that has shipped: add a new one.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  /* 1: users, documents, the update log and snapshots */ `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('viewer','drafter','reviewer','approver','publisher','admin')),
    password_hash TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('speech','statement','declaration','press_release')),
    language TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'draft',
    dateline_place TEXT,
    dateline_date TEXT,
    embargo_until INTEGER,
    restricted INTEGER NOT NULL DEFAULT 0,
    created_by TEXT REFERENCES users(id),
    updated_by TEXT REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE document_members (
    document_id TEXT NOT NULL REFERENCES documents(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (document_id, user_id)
  );
  CREATE TABLE document_updates (
    document_id TEXT NOT NULL REFERENCES documents(id),
    seq INTEGER NOT NULL,
    user_id TEXT REFERENCES users(id),
    data BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (document_id, seq)
  ) WITHOUT ROWID;
  CREATE TABLE document_snapshots (
    document_id TEXT NOT NULL REFERENCES documents(id),
    upto_seq INTEGER NOT NULL,
    state BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (document_id, upto_seq)
  );
  `,
];
