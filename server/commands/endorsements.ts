import { z } from 'zod';
import { DOCUMENT_KINDS } from '@/lib/text/document';
import type { SessionUser } from '@/server/auth/session';
import type { Services } from '@/server/registry';
import type { DocumentRecord, Storage } from '@/server/storage/types';
import { authorize, parseBody } from './guard';

/**
 * A reviewer's "Reviewed" (the `endorse` transition) is kept where every transition is: on
 * the audit log, with the submitted version's id and content hash and the review round. The
 * chained log is the record; nothing else stores it, so no migration was needed.
 */

/** The settings key of the kinds whose approval needs a "Reviewed" first (JSON list of kinds). */
const REQUIRED_KEY = 'endorsement_required_kinds';

/** One reviewer's endorsement of one exact text. */
export interface Endorsement {
  reviewerId: string;
  versionId: string;
  contentHash: string;
  at: string;
}

/** The endorsements of a document's current review round, oldest first. */
export async function listEndorsements(storage: Storage, doc: DocumentRecord): Promise<Endorsement[]> {
  if (doc.reviewRound === 0 || doc.state === 'draft') return [];
  const entries = await storage.listAudit(doc.id, { actions: ['endorse'] });
  return entries
    .filter((e) => e.action === 'endorse' && e.detail.round === doc.reviewRound && e.actorId && e.versionId && e.contentHash)
    .map((e) => ({ reviewerId: e.actorId as string, versionId: e.versionId as string, contentHash: e.contentHash as string, at: e.at }));
}

/** The document kinds whose approval needs a "Reviewed" of the submitted text first (default: none). */
export async function endorsementRequiredKinds(storage: Storage): Promise<string[]> {
  const setting = await storage.getSetting(REQUIRED_KEY);
  if (!setting?.value) return [];
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(setting.value));
    return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * True when the document, in review, is of a kind whose approval needs a "Reviewed" and no
 * reviewer has marked this round's submitted text reviewed yet. A text in review takes no
 * updates, so an endorsement of this round is of the submitted text; the hash is compared
 * all the same.
 */
export async function awaitingEndorsement(storage: Storage, doc: DocumentRecord): Promise<boolean> {
  if (doc.state !== 'in_review' || !(await endorsementRequiredKinds(storage)).includes(doc.kind)) return false;
  const submitted = (await storage.listVersionSummaries(doc.id)).filter((v) => v.reason === 'submit').at(-1);
  if (!submitted) return false;
  return !(await listEndorsements(storage, doc)).some((e) => e.contentHash === submitted.contentHash);
}

export interface EndorsementSettings {
  /** The kinds whose approval needs at least one "Reviewed" of the submitted text. */
  requiredFor: string[];
}

const settingsSchema = z.object({ requiredFor: z.array(z.enum(DOCUMENT_KINDS)).max(DOCUMENT_KINDS.length) }).strict();

/** The "Reviewed before approval" setting as admins see it. */
export async function endorsementSettings(services: Services, actor: SessionUser): Promise<EndorsementSettings> {
  authorize(actor, 'manage_settings');
  return { requiredFor: await endorsementRequiredKinds(services.storage) };
}

/** Sets the kinds that need a "Reviewed" before approval (admins; audited). */
export async function setEndorsementSettings(services: Services, actor: SessionUser, body: unknown): Promise<EndorsementSettings> {
  authorize(actor, 'manage_settings');
  const requiredFor = [...new Set(parseBody(settingsSchema, body).requiredFor)];
  await services.storage.putSetting(REQUIRED_KEY, new TextEncoder().encode(JSON.stringify(requiredFor)), actor.id, {
    actorId: actor.id,
    documentId: null,
    action: 'settings.endorsement.set',
    versionId: null,
    contentHash: null,
    detail: { requiredFor },
  });
  return { requiredFor };
}
