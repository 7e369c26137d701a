import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Selectable } from 'kysely';
import type { AuditEntry } from '@/server/audit';
import type { ApprovalRecord, DocumentRecord, NotificationRecord, StoredUpdate, UserRecord, VersionRecord, VersionSummary } from '@/server/storage/types';
import type { ApprovalsTable, AuditLogTable, DocumentsTable, Flag, NotificationsTable, Time, UsersTable, VersionsTable } from './schema';

/** Row → record, once for both databases: times and flags arrive in either form (schema.ts). */

/** A stored time as a Date (SQLite: epoch milliseconds; PostgreSQL: already a Date). */
export const asDate = (v: Time): Date => (v instanceof Date ? v : new Date(v));
const asDateOrNull = (v: Time | null): Date | null => (v === null ? null : asDate(v));
const asFlag = (v: Flag): boolean => v === true || v === 1;

/** The bytes as a Buffer over the same memory (both drivers bind Buffers as BLOB/bytea). */
export const toBytes = (data: Uint8Array): Buffer => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

export function toUser(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    passwordHash: row.password_hash,
    active: asFlag(row.active),
    sessionEpoch: row.session_epoch,
    mustChangePassword: asFlag(row.must_change_password),
    locale: row.locale ?? null,
    createdAt: asDate(row.created_at),
  };
}

export type DocumentRow = Selectable<DocumentsTable> & { member_ids: string | string[] | null };

export function toDocument(row: DocumentRow): DocumentRecord {
  const members = row.member_ids;
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    language: row.language,
    state: row.state,
    datelinePlace: row.dateline_place,
    datelineDate: row.dateline_date,
    embargoUntil: asDateOrNull(row.embargo_until),
    submittedBy: row.submitted_by,
    submittedAt: asDateOrNull(row.submitted_at),
    reviewRound: row.review_round,
    reviewDue: row.review_due,
    archivedFrom: row.archived_from,
    publishedVersionId: row.published_version_id,
    publishedAt: asDateOrNull(row.published_at),
    restricted: asFlag(row.restricted),
    memberIds: typeof members === 'string' ? members.split(',') : (members ?? []),
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    createdAt: asDate(row.created_at),
    updatedAt: asDate(row.updated_at),
  };
}

export function toUpdate(row: { seq: number; user_id: string | null; data: Buffer; created_at: Time }): StoredUpdate {
  return { seq: row.seq, userId: row.user_id, data: new Uint8Array(row.data), createdAt: asDate(row.created_at) };
}

export const VERSION_SUMMARY_COLUMNS = [
  'id',
  'document_id',
  'label',
  'reason',
  'state',
  'upto_seq',
  'content_hash',
  'meta_json',
  'created_by',
  'created_at',
] as const;

export function toVersionSummary(row: Omit<Selectable<VersionsTable>, 'ystate' | 'content_deflated'>): VersionSummary {
  return {
    id: row.id,
    documentId: row.document_id,
    label: row.label,
    reason: row.reason,
    state: row.state,
    uptoSeq: row.upto_seq,
    contentHash: row.content_hash,
    meta: JSON.parse(row.meta_json) as VersionRecord['meta'],
    createdBy: row.created_by,
    createdAt: asDate(row.created_at),
  };
}

export function toVersion(row: Selectable<VersionsTable>): VersionRecord {
  return {
    ...toVersionSummary(row),
    ystate: new Uint8Array(inflateRawSync(row.ystate)),
    contentJson: inflateRawSync(row.content_deflated).toString('utf8'),
  };
}

/** A version as stored: its state and body deflated, its metadata as JSON (the time is the caller's). */
export function versionRow(v: Omit<VersionRecord, 'createdAt'>): Omit<Selectable<VersionsTable>, 'created_at'> {
  return {
    id: v.id,
    document_id: v.documentId,
    label: v.label,
    reason: v.reason,
    state: v.state,
    upto_seq: v.uptoSeq,
    ystate: deflateRawSync(v.ystate),
    content_deflated: deflateRawSync(Buffer.from(v.contentJson, 'utf8')),
    content_hash: v.contentHash,
    meta_json: JSON.stringify(v.meta),
    created_by: v.createdBy,
  };
}

export function toAudit(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actorId: row.actor_id,
    documentId: row.document_id,
    action: row.action,
    versionId: row.version_id,
    contentHash: row.content_hash,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export function toApproval(r: Selectable<ApprovalsTable>): ApprovalRecord {
  return {
    documentId: r.document_id,
    round: r.round,
    approverId: r.approver_id,
    versionId: r.version_id,
    contentHash: r.content_hash,
    createdAt: asDate(r.created_at),
  };
}

export function toNotification(r: Selectable<NotificationsTable>): NotificationRecord {
  return {
    id: r.id,
    userId: r.user_id,
    documentId: r.document_id,
    action: r.action,
    actorId: r.actor_id,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    createdAt: asDate(r.created_at),
    readAt: asDateOrNull(r.read_at),
  };
}
