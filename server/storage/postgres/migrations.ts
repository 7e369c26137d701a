/**
 * PostgreSQL schema migrations: one list, numbered, applied in order, each in its own
 * transaction, under an advisory lock so that processes starting together on an empty
 * database apply each migration once. Never edit a migration that has shipped: add one.
 *
 * Numbers 1–5 mirror the SQLite migrations of the same number (same tables and columns;
 * times are `timestamptz`, blobs `bytea`); 6 is PostgreSQL's own (the append function), so
 * SQLite's 6 is PostgreSQL's 7.
 */
export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

/** Refuses UPDATE, DELETE and TRUNCATE on a table (row and statement triggers). */
function appendOnly(table: string, what: string): string {
  return `
  CREATE FUNCTION ${table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION '${what} is append-only' USING ERRCODE = 'restrict_violation';
  END $$;
  CREATE TRIGGER ${table}_no_update BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_append_only();
  CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${table}_append_only();
  `;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'users, documents, the update log and snapshots',
    sql: `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('viewer','drafter','reviewer','approver','publisher','admin')),
    password_hash TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL
  );
  CREATE UNIQUE INDEX users_email_nocase ON users (lower(email));
  CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('speech','statement','declaration','press_release')),
    language TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'draft',
    dateline_place TEXT,
    dateline_date TEXT,
    embargo_until TIMESTAMPTZ,
    restricted BOOLEAN NOT NULL DEFAULT FALSE,
    created_by TEXT REFERENCES users(id),
    updated_by TEXT REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
  );
  CREATE TABLE document_members (
    document_id TEXT NOT NULL REFERENCES documents(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (document_id, user_id)
  );
  CREATE TABLE document_updates (
    document_id TEXT NOT NULL REFERENCES documents(id),
    seq BIGINT NOT NULL,
    user_id TEXT REFERENCES users(id),
    data BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (document_id, seq)
  );
  ${appendOnly('document_updates', 'the update log')}
  CREATE TABLE document_snapshots (
    document_id TEXT NOT NULL REFERENCES documents(id),
    upto_seq BIGINT NOT NULL,
    state BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (document_id, upto_seq)
  );
  `,
  },
  {
    version: 2,
    name: 'sign-off: review rounds, versions, approvals, the hash-chained audit log',
    sql: `
  ALTER TABLE documents ADD COLUMN submitted_by TEXT REFERENCES users(id);
  ALTER TABLE documents ADD COLUMN submitted_at TIMESTAMPTZ;
  ALTER TABLE documents ADD COLUMN review_round INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE documents ADD COLUMN archived_from TEXT;
  ALTER TABLE documents ADD COLUMN published_version_id TEXT;
  ALTER TABLE documents ADD COLUMN published_at TIMESTAMPTZ;
  CREATE TABLE versions (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    label TEXT,
    reason TEXT NOT NULL,
    state TEXT NOT NULL,
    upto_seq BIGINT NOT NULL,
    ystate BYTEA NOT NULL,
    content_deflated BYTEA NOT NULL,
    content_hash TEXT NOT NULL,
    meta_json TEXT NOT NULL,
    created_by TEXT REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    ord BIGSERIAL NOT NULL
  );
  CREATE INDEX versions_by_document ON versions (document_id, created_at, ord);
  CREATE TABLE approvals (
    document_id TEXT NOT NULL REFERENCES documents(id),
    round INTEGER NOT NULL,
    approver_id TEXT NOT NULL REFERENCES users(id),
    version_id TEXT NOT NULL REFERENCES versions(id),
    content_hash TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (document_id, round, approver_id)
  );
  CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
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
  ${appendOnly('audit_log', 'the audit log')}
  `,
  },
  {
    version: 3,
    name: 'named reviewers and a due date per review round; in-app notifications',
    sql: `
  ALTER TABLE documents ADD COLUMN review_due TEXT;
  CREATE TABLE review_assignees (
    document_id TEXT NOT NULL REFERENCES documents(id),
    round INTEGER NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (document_id, round, user_id)
  );
  CREATE TABLE notifications (
    id BIGSERIAL PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    document_id TEXT REFERENCES documents(id),
    action TEXT NOT NULL,
    actor_id TEXT REFERENCES users(id),
    detail TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    read_at TIMESTAMPTZ
  );
  CREATE INDEX notifications_by_user ON notifications (user_id, id);
  `,
  },
  {
    version: 4,
    name: 'organisation settings set by admins (the letterhead logo): key → bytes, who and when',
    sql: `
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value BYTEA NOT NULL,
    updated_by TEXT REFERENCES users(id),
    updated_at TIMESTAMPTZ NOT NULL
  );
  `,
  },
  {
    version: 5,
    name: 'Yjs client ids whose edits a document refused (read-only or frozen when they arrived)',
    sql: `
  CREATE TABLE refused_clients (
    document_id TEXT NOT NULL REFERENCES documents(id),
    client_id BIGINT NOT NULL,
    user_id TEXT REFERENCES users(id),
    refused_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (document_id, client_id)
  );
  `,
  },
  {
    version: 6,
    name: 'append to the update log in one round trip, only while the document is a draft',
    // One statement = one transaction: a per-document advisory lock orders appends from
    // every process (the sequence numbers have no gaps), and the document's row is read
    // FOR SHARE, so an append and a transition that takes the document out of draft
    // (which locks the row FOR UPDATE) never overlap: an append after a submission is refused.
    sql: `
  CREATE FUNCTION append_document_updates(doc TEXT, authors TEXT[], payloads BYTEA[]) RETURNS BIGINT
  LANGUAGE plpgsql AS $$
  DECLARE
    current_state TEXT;
    last BIGINT;
  BEGIN
    PERFORM pg_advisory_xact_lock(${1}, hashtext(doc));
    SELECT state INTO current_state FROM documents WHERE id = doc FOR SHARE;
    IF current_state IS NULL THEN
      RAISE EXCEPTION 'document % does not exist', doc USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF current_state <> 'draft' THEN
      RAISE EXCEPTION 'document % is %, not a draft', doc, current_state USING ERRCODE = 'CQ409';
    END IF;
    SELECT COALESCE(MAX(seq), 0) INTO last FROM document_updates WHERE document_id = doc;
    INSERT INTO document_updates (document_id, seq, user_id, data, created_at)
      SELECT doc, last + t.n, t.author, t.payload, now()
      FROM unnest(authors, payloads) WITH ORDINALITY AS t(author, payload, n);
    RETURN last + COALESCE(array_length(payloads, 1), 0);
  END $$;
  `,
  },
  {
    version: 7,
    name: 'sessions that can end (a per-user epoch, signed-out session ids) and sign-in throttling',
    // The SQLite migration 6 (PostgreSQL's 6 is its own append function).
    sql: `
  ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE revoked_sessions (
    session_id TEXT PRIMARY KEY,
    expires_at TIMESTAMPTZ NOT NULL
  );
  CREATE TABLE sign_in_attempts (
    key TEXT PRIMARY KEY,
    attempts INTEGER NOT NULL,
    window_start TIMESTAMPTZ NOT NULL
  );
  CREATE INDEX sign_in_attempts_by_window ON sign_in_attempts (window_start);
  `,
  },
  {
    version: 8,
    name: 'public verification (/api/verify/<sha256>) looks versions up by their content hash',
    sql: `
  CREATE INDEX versions_by_content_hash ON versions (content_hash);
  `,
  },
  {
    version: 9,
    name: 'comment threads on passages (issue 20): the anchor is two Yjs relative positions, never in the text',
    // The SQLite migration 8.
    sql: `
  CREATE TABLE threads (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    anchor_start BYTEA NOT NULL,
    anchor_end BYTEA NOT NULL,
    quote TEXT NOT NULL,
    created_by TEXT REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    resolved_by TEXT REFERENCES users(id),
    resolved_at TIMESTAMPTZ
  );
  CREATE INDEX threads_by_document ON threads (document_id, created_at);
  CREATE TABLE comments (
    id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL REFERENCES threads(id),
    author_id TEXT REFERENCES users(id),
    body TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    edited_at TIMESTAMPTZ
  );
  CREATE INDEX comments_by_thread ON comments (thread_id, created_at);
  `,
  },
  {
    version: 10,
    name: 'full-text search over folded text (issue 22)',
    // Rows as in SQLite's 9; the
    // keys are indexed as a tsvector with the 'simple' configuration (the keys are folded
    // already: no stemming, no stop words), under a GIN index.
    sql: `
  CREATE TABLE search_entries (
    id BIGSERIAL PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    field TEXT NOT NULL CHECK (field IN ('title','dateline','body','released','thread')),
    part TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    keys TEXT NOT NULL,
    keys_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', keys)) STORED,
    UNIQUE (document_id, field, part)
  );
  CREATE INDEX search_entries_keys ON search_entries USING GIN (keys_tsv);
  `,
  },
  {
    version: 11,
    name: 'a password an admin set or reset must be changed at the next sign-in; a draft never submitted can be deleted with its log',
    // The SQLite migration 10. The
    // update log stays append-only except for the log of a draft never submitted, which
    // goes with the draft when its creator or an admin deletes it (issue 22).
    sql: `
  ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
  CREATE OR REPLACE FUNCTION document_updates_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      -- Only from deleteDraft's transaction (it names the document), and only for such a draft.
      IF current_setting('communique.deleting_draft', true) = OLD.document_id
        AND EXISTS (SELECT 1 FROM documents d WHERE d.id = OLD.document_id AND d.state = 'draft' AND d.review_round = 0) THEN
        RETURN OLD;
      END IF;
    END IF;
    RAISE EXCEPTION 'the update log is append-only' USING ERRCODE = 'restrict_violation';
  END $$;
  `,
  },
  {
    version: 12,
    name: 'verify-files (issue 19): the files exports of released texts produced, by the SHA-256 of their bytes',
    // The SQLite migration 11.
    sql: `
  CREATE TABLE released_files (
    sha256 TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    version_id TEXT,
    content_hash TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('pdf','docx')),
    created_at TIMESTAMPTZ NOT NULL
  );
  `,
  },
  {
    version: 13,
    name: "mail (issue 25): the durable outbox and each user's choice of mail",
    // The SQLite migration 12: claims take a lease with FOR UPDATE SKIP LOCKED, so of
    // several processes exactly one sends each row.
    sql: `
  CREATE TABLE mail_outbox (
    id BIGSERIAL PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    to_address TEXT NOT NULL,
    locale TEXT NOT NULL,
    message TEXT NOT NULL,
    document_id TEXT,
    params TEXT NOT NULL,
    digest BOOLEAN NOT NULL DEFAULT FALSE,
    dedupe_key TEXT UNIQUE,
    available_at TIMESTAMPTZ NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    claimed_until TIMESTAMPTZ,
    claim_token TEXT,
    sent_at TIMESTAMPTZ,
    failed_at TIMESTAMPTZ,
    last_error TEXT,
    created_at TIMESTAMPTZ NOT NULL
  );
  CREATE INDEX mail_outbox_pending ON mail_outbox (available_at, id) WHERE sent_at IS NULL AND failed_at IS NULL;
  CREATE INDEX mail_outbox_failed ON mail_outbox (failed_at) WHERE failed_at IS NOT NULL;
  CREATE TABLE mail_preferences (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    mode TEXT NOT NULL CHECK (mode IN ('immediate','digest','none')),
    digest_hour INTEGER NOT NULL DEFAULT 8 CHECK (digest_hour BETWEEN 0 AND 23),
    updated_at TIMESTAMPTZ NOT NULL
  );
  `,
  },
  {
    version: 14,
    name: 'suggestions (issue 21): suggest-only connections append while the document is in review',
    // The 3-argument function stays as it was (every other append: drafts only). This one is
    // called for a batch that the suggest-only rule checked (server/collab/suggest-only.ts):
    // with every suggestion rejected it leaves the text as it was, so it may go into a
    // document in review too. Same lock and row lock as version 6.
    sql: `
  CREATE FUNCTION append_document_updates(doc TEXT, authors TEXT[], payloads BYTEA[], suggestions BOOLEAN) RETURNS BIGINT
  LANGUAGE plpgsql AS $$
  DECLARE
    current_state TEXT;
    last BIGINT;
  BEGIN
    PERFORM pg_advisory_xact_lock(${1}, hashtext(doc));
    SELECT state INTO current_state FROM documents WHERE id = doc FOR SHARE;
    IF current_state IS NULL THEN
      RAISE EXCEPTION 'document % does not exist', doc USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF current_state <> 'draft' AND NOT (suggestions AND current_state = 'in_review') THEN
      RAISE EXCEPTION 'document % is %, not a draft', doc, current_state USING ERRCODE = 'CQ409';
    END IF;
    SELECT COALESCE(MAX(seq), 0) INTO last FROM document_updates WHERE document_id = doc;
    INSERT INTO document_updates (document_id, seq, user_id, data, created_at)
      SELECT doc, last + t.n, t.author, t.payload, now()
      FROM unnest(authors, payloads) WITH ORDINALITY AS t(author, payload, n);
    RETURN last + COALESCE(array_length(payloads, 1), 0);
  END $$;
  `,
  },
  {
    version: 15,
    name: 'language-groups (issue 23): linked language versions, each aligned with a master text',
    // The SQLite migration 13.
    sql: `
  CREATE TABLE language_groups (
    id TEXT PRIMARY KEY,
    master_id TEXT NOT NULL UNIQUE REFERENCES documents(id),
    created_at TIMESTAMPTZ NOT NULL
  );
  CREATE TABLE language_members (
    document_id TEXT PRIMARY KEY REFERENCES documents(id),
    group_id TEXT NOT NULL REFERENCES language_groups(id),
    joined_at TIMESTAMPTZ NOT NULL,
    aligned_version_id TEXT,
    aligned_content_hash TEXT,
    aligned_at TIMESTAMPTZ,
    aligned_by TEXT REFERENCES users(id)
  );
  CREATE INDEX language_members_by_group ON language_members (group_id);
  `,
  },
  {
    version: 16,
    name: "interface language (issue 24): the user's chosen interface language, null to follow the browser",
    // The SQLite migration 14.
    sql: `
  ALTER TABLE users ADD COLUMN locale TEXT;
  `,
  },
];

/** SQLSTATE raised by append_document_updates when the document is no longer a draft. */
export const NOT_A_DRAFT_SQLSTATE = 'CQ409';
