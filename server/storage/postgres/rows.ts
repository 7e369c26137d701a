import { inflateRawSync } from 'node:zlib';
import type { Role } from '../../../lib/policies';
import type { DocumentKind } from '../../../lib/text/document';
import type { DocumentState } from '../../../lib/workflow/states';
import type { AuditEntry } from '../../audit';
import type { ApprovalRecord, DocumentRecord, NotificationRecord, StoredUpdate, UserRecord, VersionRecord, VersionSummary } from '../types';

/** Rows as `pg` returns them (timestamptz → Date, bytea → Buffer, bigint → number: see index.ts). */
export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  active: boolean;
  session_epoch: number;
  created_at: Date;
}

export interface DocumentRow {
  id: string;
  title: string;
  kind: DocumentKind;
  language: string;
  state: DocumentState;
  dateline_place: string | null;
  dateline_date: string | null;
  embargo_until: Date | null;
  submitted_by: string | null;
  submitted_at: Date | null;
  review_round: number;
  review_due: string | null;
  archived_from: DocumentState | null;
  published_version_id: string | null;
  published_at: Date | null;
  restricted: boolean;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
  member_ids: string[] | null;
}

export interface UpdateRow {
  seq: number;
  user_id: string | null;
  data: Buffer;
  created_at: Date;
}

export interface VersionRow {
  id: string;
  document_id: string;
  label: string | null;
  reason: string;
  state: DocumentState;
  upto_seq: number;
  ystate: Buffer;
  content_deflated: Buffer;
  content_hash: string;
  meta_json: string;
  created_by: string | null;
  created_at: Date;
}

export interface AuditRow {
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

export interface ApprovalRow {
  document_id: string;
  round: number;
  approver_id: string;
  version_id: string;
  content_hash: string;
  created_at: Date;
}

export interface NotificationRow {
  id: number;
  user_id: string;
  document_id: string | null;
  action: string;
  actor_id: string | null;
  detail: string;
  created_at: Date;
  read_at: Date | null;
}

export const DOCUMENT_SELECT = `
  SELECT d.*, (SELECT array_agg(m.user_id ORDER BY m.user_id) FROM document_members m WHERE m.document_id = d.id) AS member_ids
  FROM documents d`;

export const VERSION_SUMMARY_COLUMNS = 'id, document_id, label, reason, state, upto_seq, content_hash, meta_json, created_by, created_at';

export function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    passwordHash: row.password_hash,
    active: row.active,
    sessionEpoch: row.session_epoch,
    createdAt: row.created_at,
  };
}

export function toDocument(row: DocumentRow): DocumentRecord {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    language: row.language,
    state: row.state,
    datelinePlace: row.dateline_place,
    datelineDate: row.dateline_date,
    embargoUntil: row.embargo_until,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
    reviewRound: row.review_round,
    reviewDue: row.review_due,
    archivedFrom: row.archived_from,
    publishedVersionId: row.published_version_id,
    publishedAt: row.published_at,
    restricted: row.restricted,
    memberIds: row.member_ids ?? [],
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toUpdate(row: UpdateRow): StoredUpdate {
  return { seq: row.seq, userId: row.user_id, data: new Uint8Array(row.data), createdAt: row.created_at };
}

export function toVersionSummary(row: Omit<VersionRow, 'ystate' | 'content_deflated'>): VersionSummary {
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
    createdAt: row.created_at,
  };
}

export function toVersion(row: VersionRow): VersionRecord {
  return {
    ...toVersionSummary(row),
    // Stored deflated, as in SQLite.
    ystate: new Uint8Array(inflateRawSync(row.ystate)),
    contentJson: inflateRawSync(row.content_deflated).toString('utf8'),
  };
}

export function toAudit(row: AuditRow): AuditEntry {
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

export function toApproval(r: ApprovalRow): ApprovalRecord {
  return { documentId: r.document_id, round: r.round, approverId: r.approver_id, versionId: r.version_id, contentHash: r.content_hash, createdAt: r.created_at };
}

export function toNotification(r: NotificationRow): NotificationRecord {
  return {
    id: r.id,
    userId: r.user_id,
    documentId: r.document_id,
    action: r.action,
    actorId: r.actor_id,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    createdAt: r.created_at,
    readAt: r.read_at,
  };
}
