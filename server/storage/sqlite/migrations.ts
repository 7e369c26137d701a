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
  /* 2: sign-off — review rounds, versions, approvals, the hash-chained audit log */ `
  ALTER TABLE documents ADD COLUMN submitted_by TEXT REFERENCES users(id);
  ALTER TABLE documents ADD COLUMN submitted_at INTEGER;
  ALTER TABLE documents ADD COLUMN review_round INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE documents ADD COLUMN archived_from TEXT;
  ALTER TABLE documents ADD COLUMN published_version_id TEXT;
  ALTER TABLE documents ADD COLUMN published_at INTEGER;
  CREATE TABLE versions (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    label TEXT,
    reason TEXT NOT NULL,
    state TEXT NOT NULL,
    upto_seq INTEGER NOT NULL,
    ystate BLOB NOT NULL,
    content_deflated BLOB NOT NULL,
    content_hash TEXT NOT NULL,
    meta_json TEXT NOT NULL,
    created_by TEXT REFERENCES users(id),
    created_at INTEGER NOT NULL
  );
  CREATE INDEX versions_by_document ON versions (document_id, created_at);
  CREATE TABLE approvals (
    document_id TEXT NOT NULL REFERENCES documents(id),
    round INTEGER NOT NULL,
    approver_id TEXT NOT NULL REFERENCES users(id),
    version_id TEXT NOT NULL REFERENCES versions(id),
    content_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (document_id, round, approver_id)
  );
  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id TEXT,
    document_id TEXT,
    action TEXT NOT NULL,
    version_id TEXT,
    content_hash TEXT,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
  );
  CREATE INDEX audit_by_document ON audit_log (document_id, seq);
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  `,
  /* 3: named reviewers and a due date per review round; in-app notifications */ `
  ALTER TABLE documents ADD COLUMN review_due TEXT;
  CREATE TABLE review_assignees (
    document_id TEXT NOT NULL REFERENCES documents(id),
    round INTEGER NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (document_id, round, user_id)
  );
  CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    document_id TEXT REFERENCES documents(id),
    action TEXT NOT NULL,
    actor_id TEXT REFERENCES users(id),
    detail TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    read_at INTEGER
  );
  CREATE INDEX notifications_by_user ON notifications (user_id, id);
  `,
  /* 4: organisation settings set by admins (the letterhead logo): key → bytes, who and when */ `
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value BLOB NOT NULL,
    updated_by TEXT REFERENCES users(id),
    updated_at INTEGER NOT NULL
  );
  `,
  /* 5: Yjs client ids whose edits a document refused (read-only or frozen when they arrived) */ `
  CREATE TABLE refused_clients (
    document_id TEXT NOT NULL REFERENCES documents(id),
    client_id INTEGER NOT NULL,
    user_id TEXT REFERENCES users(id),
    refused_at INTEGER NOT NULL,
    PRIMARY KEY (document_id, client_id)
  );
  `,
  /* 6: sessions that can end (a per-user epoch, signed-out session ids) and sign-in throttling */ `
  ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE revoked_sessions (
    session_id TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
  );
  CREATE TABLE sign_in_attempts (
    key TEXT PRIMARY KEY,
    attempts INTEGER NOT NULL,
    window_start INTEGER NOT NULL
  );
  CREATE INDEX sign_in_attempts_by_window ON sign_in_attempts (window_start);
  `,
  /* 7: public verification (/api/verify/<sha256>) looks versions up by their content hash */ `
  CREATE INDEX versions_by_content_hash ON versions (content_hash);
  `,
  /* 8: comment threads on passages (issue 20): the anchor is two Yjs relative positions, never in the text */ `
  CREATE TABLE threads (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    anchor_start BLOB NOT NULL,
    anchor_end BLOB NOT NULL,
    quote TEXT NOT NULL,
    created_by TEXT REFERENCES users(id),
    created_at INTEGER NOT NULL,
    resolved_by TEXT REFERENCES users(id),
    resolved_at INTEGER
  );
  CREATE INDEX threads_by_document ON threads (document_id, created_at);
  CREATE TABLE comments (
    id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL REFERENCES threads(id),
    author_id TEXT REFERENCES users(id),
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    edited_at INTEGER
  );
  CREATE INDEX comments_by_thread ON comments (thread_id, created_at);
  `,
  /*
   * 9: full-text search (issue 22). One row per indexed text of a document (title, dateline,
   * body, released text; later each comment thread, by `part`): the text as written, for
   * snippets, and its words' search keys (lib/text/fold.ts), which an external-content FTS5
   * table indexes. The server fills the rows (folding is JavaScript): documents that have none
   * are indexed at start (server/search/backlog.ts).
   */ `
  CREATE TABLE search_entries (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    field TEXT NOT NULL CHECK (field IN ('title','dateline','body','released','thread')),
    part TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    keys TEXT NOT NULL,
    UNIQUE (document_id, field, part)
  );
  CREATE VIRTUAL TABLE search_fts USING fts5(keys, content='search_entries', content_rowid='id', tokenize='unicode61 remove_diacritics 0');
  CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN
    INSERT INTO search_fts (rowid, keys) VALUES (new.id, new.keys);
  END;
  CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN
    INSERT INTO search_fts (search_fts, rowid, keys) VALUES ('delete', old.id, old.keys);
  END;
  CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN
    INSERT INTO search_fts (search_fts, rowid, keys) VALUES ('delete', old.id, old.keys);
    INSERT INTO search_fts (rowid, keys) VALUES (new.id, new.keys);
  END;
  `,
  /* 10: a password an admin set or reset must be changed at the next sign-in */ `
  ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
  `,
  /*
   * 11 (verify-files, issue 19): the files that exports of released texts produced, by the
   * SHA-256 of their bytes, so a file chosen on /verify is checked without being uploaded.
   */ `
  CREATE TABLE released_files (
    sha256 TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    version_id TEXT,
    content_hash TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('pdf','docx')),
    created_at INTEGER NOT NULL
  );
  `,
  /*
   * 12 (mail, issue 25): the durable outbox, written in the same transaction as the event it
   * tells of, and each user's choice of mail. A row is sent once: a process claims it with a
   * lease (claimed_until, claim_token), and marks it sent or schedules its next attempt.
   * `dedupe_key` makes a mail that periodic checks find (a due date tomorrow, a release at
   * the embargo's end) be written once however many times, or processes, find it.
   */ `
  CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    to_address TEXT NOT NULL,
    locale TEXT NOT NULL,
    message TEXT NOT NULL,
    document_id TEXT,
    params TEXT NOT NULL,
    digest INTEGER NOT NULL DEFAULT 0,
    dedupe_key TEXT UNIQUE,
    available_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    claimed_until INTEGER,
    claim_token TEXT,
    sent_at INTEGER,
    failed_at INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX mail_outbox_pending ON mail_outbox (available_at, id) WHERE sent_at IS NULL AND failed_at IS NULL;
  CREATE INDEX mail_outbox_failed ON mail_outbox (failed_at) WHERE failed_at IS NOT NULL;
  CREATE TABLE mail_preferences (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    mode TEXT NOT NULL CHECK (mode IN ('immediate','digest','none')),
    digest_hour INTEGER NOT NULL DEFAULT 8 CHECK (digest_hour BETWEEN 0 AND 23),
    updated_at INTEGER NOT NULL
  );
  `,
  /**
   * 13 (language-groups, issue 23): linked language versions. A document belongs to at most
   * one group (the member's primary key); the group names its master; each member records the
   * master text it is aligned with (a version id and its content hash), null until aligned.
   */ `
  CREATE TABLE language_groups (
    id TEXT PRIMARY KEY,
    master_id TEXT NOT NULL UNIQUE REFERENCES documents(id),
    created_at INTEGER NOT NULL
  );
  CREATE TABLE language_members (
    document_id TEXT PRIMARY KEY REFERENCES documents(id),
    group_id TEXT NOT NULL REFERENCES language_groups(id),
    joined_at INTEGER NOT NULL,
    aligned_version_id TEXT,
    aligned_content_hash TEXT,
    aligned_at INTEGER,
    aligned_by TEXT REFERENCES users(id)
  );
  CREATE INDEX language_members_by_group ON language_members (group_id);
  `,
  /** 14 (interface language, issue 24): the user's chosen interface language; null follows the browser. */ `
  ALTER TABLE users ADD COLUMN locale TEXT;
  `,
];
