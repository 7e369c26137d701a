import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AuditFields } from '@/server/audit';
import type { CommentRecord, NewComment, NewThread, ThreadRecord } from '@/server/storage/types';
import { insertAudit } from './audit';
import { insertMails } from './mail';
import type { Db, Sql } from './dialect';
import { asDate, toBytes } from './rows';
import type { CommentsTable, ThreadsTable } from './schema';

/**
 * Comment threads and their comments: written once for both databases. Times are taken
 * here (not the database's `now()`) so a record is returned without reading it back;
 * comments of one thread are ordered by their time, then id.
 */

function toComment(row: Selectable<CommentsTable>): CommentRecord {
  return {
    id: row.id,
    threadId: row.thread_id,
    authorId: row.author_id,
    body: row.body,
    createdAt: asDate(row.created_at),
    editedAt: row.edited_at === null ? null : asDate(row.edited_at),
  };
}

function toThread(row: Selectable<ThreadsTable>, comments: CommentRecord[]): ThreadRecord {
  return {
    id: row.id,
    documentId: row.document_id,
    anchorStart: new Uint8Array(row.anchor_start),
    anchorEnd: new Uint8Array(row.anchor_end),
    quote: row.quote,
    createdBy: row.created_by,
    createdAt: asDate(row.created_at),
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at === null ? null : asDate(row.resolved_at),
    suggestionId: row.suggestion_id ?? null,
    comments,
  };
}

export async function createThread(s: Sql, input: NewThread): Promise<ThreadRecord> {
  const id = randomUUID();
  const at = new Date();
  const comment: CommentRecord = { id: randomUUID(), threadId: id, authorId: input.createdBy, body: input.body, createdAt: at, editedAt: null };
  await s.dialect.write(async (db) => {
    await db
      .insertInto('threads')
      .values({
        id,
        document_id: input.documentId,
        anchor_start: toBytes(input.anchorStart),
        anchor_end: toBytes(input.anchorEnd),
        quote: input.quote,
        created_by: input.createdBy,
        created_at: s.dialect.time(at),
        resolved_by: null,
        resolved_at: null,
        suggestion_id: input.suggestionId ?? null,
      })
      .execute();
    await insertComment(s, db, comment);
    await insertMails(s, db, input.mails);
  });
  return {
    id,
    documentId: input.documentId,
    anchorStart: input.anchorStart,
    anchorEnd: input.anchorEnd,
    quote: input.quote,
    createdBy: input.createdBy,
    createdAt: at,
    resolvedBy: null,
    resolvedAt: null,
    suggestionId: input.suggestionId ?? null,
    comments: [comment],
  };
}

async function insertComment(s: Sql, db: Db, c: CommentRecord): Promise<void> {
  await db
    .insertInto('comments')
    .values({ id: c.id, thread_id: c.threadId, author_id: c.authorId, body: c.body, created_at: s.dialect.time(c.createdAt), edited_at: null })
    .execute();
}

/** Threads matching `where`, each with its comments (two queries, whatever the number of threads). */
async function selectThreads(db: Db, where: { documentId: string } | { threadId: string }): Promise<ThreadRecord[]> {
  let query = db.selectFrom('threads').selectAll();
  query = 'documentId' in where ? query.where('document_id', '=', where.documentId) : query.where('id', '=', where.threadId);
  const rows = await query.orderBy('created_at').orderBy('id').execute();
  if (!rows.length) return [];
  let comments = db.selectFrom('comments').selectAll();
  comments =
    'documentId' in where
      ? comments.where('thread_id', 'in', (eb) => eb.selectFrom('threads').select('id').where('document_id', '=', where.documentId))
      : comments.where('thread_id', '=', where.threadId);
  const byThread = new Map<string, CommentRecord[]>();
  for (const row of await comments.orderBy('created_at').orderBy('id').execute()) {
    const list = byThread.get(row.thread_id);
    if (list) list.push(toComment(row));
    else byThread.set(row.thread_id, [toComment(row)]);
  }
  return rows.map((row) => toThread(row, byThread.get(row.id) ?? []));
}

export function listThreads(s: Sql, documentId: string): Promise<ThreadRecord[]> {
  return s.dialect.snapshot((db) => selectThreads(db, { documentId }));
}

export async function findThread(s: Sql, threadId: string, db: Db = s.kysely): Promise<ThreadRecord | null> {
  return (await selectThreads(db, { threadId }))[0] ?? null;
}

export function addComment(s: Sql, input: NewComment): Promise<CommentRecord | null> {
  return s.dialect.write(async (db) => {
    // The thread's row is locked on PostgreSQL, so replies to one thread are written one at a time.
    const find = db.selectFrom('threads').select('id').where('id', '=', input.threadId);
    const thread = await (s.dialect.kind === 'postgres' ? find.forUpdate() : find).executeTakeFirst();
    if (!thread) return null;
    // Comments are read back in time order: a reply written in the same millisecond as the
    // one before it is dated a millisecond later, so the order never depends on random ids.
    const latest = await db
      .selectFrom('comments')
      .select('created_at')
      .where('thread_id', '=', input.threadId)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const now = Date.now();
    const after = latest ? asDate(latest.created_at).getTime() + 1 : now;
    const comment: CommentRecord = {
      id: randomUUID(),
      threadId: input.threadId,
      authorId: input.authorId,
      body: input.body,
      createdAt: new Date(Math.max(now, after)),
      editedAt: null,
    };
    await insertComment(s, db, comment);
    await insertMails(s, db, input.mails);
    return comment;
  });
}

export async function findComment(s: Sql, commentId: string, db: Db = s.kysely): Promise<CommentRecord | null> {
  const row = await db.selectFrom('comments').selectAll().where('id', '=', commentId).executeTakeFirst();
  return row ? toComment(row) : null;
}

export function editComment(s: Sql, commentId: string, body: string): Promise<CommentRecord | null> {
  return s.dialect.write(async (db) => {
    const result = await db
      .updateTable('comments')
      .set({ body, edited_at: s.dialect.time(new Date()) })
      .where('id', '=', commentId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return null;
    return findComment(s, commentId, db);
  });
}

export function deleteComment(s: Sql, commentId: string): Promise<{ deleted: boolean; threadDeleted: boolean }> {
  return s.dialect.write(async (db) => {
    const comment = await db.selectFrom('comments').select('thread_id').where('id', '=', commentId).executeTakeFirst();
    if (!comment) return { deleted: false, threadDeleted: false };
    await db.deleteFrom('comments').where('id', '=', commentId).execute();
    const left = await db.selectFrom('comments').select('id').where('thread_id', '=', comment.thread_id).limit(1).executeTakeFirst();
    if (left) return { deleted: true, threadDeleted: false };
    await db.deleteFrom('threads').where('id', '=', comment.thread_id).execute();
    return { deleted: true, threadDeleted: true };
  });
}

export function setThreadResolved(
  s: Sql,
  threadId: string,
  resolvedBy: string | null,
  audit: Omit<AuditFields, 'seq' | 'at'>,
): Promise<{ thread: ThreadRecord; changed: boolean } | null> {
  return s.dialect.write(async (db) => {
    const at = resolvedBy === null ? null : s.dialect.time(new Date());
    const result = await db
      .updateTable('threads')
      .set({ resolved_by: resolvedBy, resolved_at: at })
      .where('id', '=', threadId)
      .where('resolved_at', resolvedBy === null ? 'is not' : 'is', null)
      .executeTakeFirst();
    const changed = Number(result.numUpdatedRows) > 0;
    if (changed) await insertAudit(s, db, audit);
    const thread = await findThread(s, threadId, db);
    return thread ? { thread, changed } : null;
  });
}

export async function countOpenThreads(s: Sql, documentIds?: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (documentIds && documentIds.length === 0) return counts;
  let query = s.kysely
    .selectFrom('threads')
    .select(['document_id', (eb) => eb.fn.countAll<number | string | bigint>().as('open')])
    .where('resolved_at', 'is', null)
    .where('suggestion_id', 'is', null)
    .groupBy('document_id');
  if (documentIds) query = query.where('document_id', 'in', [...documentIds]);
  for (const row of await query.execute()) counts.set(row.document_id, Number(row.open));
  return counts;
}
