import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { decide, mayBeNamedReviewer, wrongStateReason } from '@/lib/policies';
import { RELEASE_PASSED_REASON } from '@/lib/policies/reasons';
import { COMMENT_REQUIRED, RELEASE_TRANSITIONS, TRANSITIONS, quorumFor, targetState, type DocumentState, type Transition } from '@/lib/workflow/states';
import type { SessionUser } from '@/server/auth/session';
import type { DocumentContent } from '@/server/collab/content';
import { AppError } from '@/server/errors';
import type { Services } from '@/server/registry';
import { isStorageError, type DocumentRecord, type TransitionWrite, type VersionRecord, type VersionSummary } from '@/server/storage/types';
import { parseBody } from './guard';
import { acceptableDueDate, acceptableEmbargo, releaseWrite } from './release';
import { organisation } from './organisation';
import { listEndorsements } from './endorsements';
import { notifyTransition } from './notify';
import { takeVersion } from './versions';
import { publishGroup } from './language-release';
import { documentFactsFor } from '@/server/history/round-editors';
import { withOpenSuggestions } from '@/server/queries/suggestions';
import { createLogger } from '@/server/log';
import { transitionMails } from '@/server/mail/events';
import { sentence } from '@/lib/i18n/sentence';

const actionSchema = z.object({ action: z.enum(TRANSITIONS) }).passthrough();
const transitionSchema = z
  .object({
    action: z.enum(TRANSITIONS),
    comment: z.string().max(4000).optional(),
    embargoUntil: z.string().max(64).nullable().optional(),
    /** Submit only: the reviewers/approvers asked to act (emails), and by when. */
    assignees: z.array(z.string().max(320)).max(50).optional(),
    dueDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'dueDate must be YYYY-MM-DD')
      .optional(),
  })
  .strict();

/** The transitions that four eyes judges with the actor's edits of this round (lib/policies). */
const BOUND_TO_REVIEWER: ReadonlySet<Transition> = new Set(['approve', 'endorse']);

/** How often a submission takes the text again when another process committed meanwhile. */
const MAX_SUBMIT_ATTEMPTS = 5;

const SOCKET_REASON: Record<Transition, string> = {
  submit: 'submitted for review',
  withdraw: 'submission withdrawn',
  request_changes: 'changes requested',
  endorse: 'reviewed',
  approve: 'approved',
  publish: 'published',
  publish_group: 'published with its language versions',
  reschedule: 'embargo moved',
  release_now: 'released',
  unschedule: 'release pulled back',
  reopen: 'reopened',
  archive: 'archived',
  unarchive: 'restored from archive',
};

/**
 * Takes a workflow transition: `{action, comment?, embargoUntil?}`. The error order is the
 * contract's (404, 403, 400, 422, 409). Every transition is written atomically with its
 * audit entry; those that freeze the text (submit) or bind to it (approve, publish) record
 * the version and its content hash. Afterwards every open socket of the document is
 * closed with 4205 so each client is judged again against the new state.
 */
export async function transitionDocument(services: Services, actor: SessionUser, documentId: string, body: unknown): Promise<DocumentRecord> {
  const { storage } = services;
  const doc = await storage.findDocument(documentId);
  if (!doc || decide(actor, 'read', doc).verdict === 'hidden') throw new AppError('not_found');
  const { action } = parseBody(actionSchema, body);
  const facts = BOUND_TO_REVIEWER.has(action) || action === 'publish_group' ? await factsForApproval(services, actor, doc, action) : doc;
  const decision = decide(actor, action, facts);
  // The refusal's sentence comes from the rule that refused (four eyes, only the submitter withdraws, the role).
  if (decision.verdict === 'forbidden') throw new AppError('forbidden', decision.reason);
  const input = parseBody(transitionSchema, body);
  const comment = input.comment?.trim() || null;
  if (COMMENT_REQUIRED.has(action) && !comment) throw new AppError('bad_request', sentence('commandErrors.transitions.commentRequired'));
  if (input.embargoUntil && action !== 'publish' && action !== 'publish_group' && action !== 'reschedule')
    throw new AppError('bad_request', sentence('commandErrors.transitions.embargoOnPublish'));
  if (action === 'reschedule' && !input.embargoUntil) throw new AppError('bad_request', sentence('commandErrors.release.embargoMissing'));
  const embargoUntil = input.embargoUntil ? acceptableEmbargo(input.embargoUntil, new Date()) : null;
  if ((input.assignees || input.dueDate) && action !== 'submit') throw new AppError('bad_request', sentence('commandErrors.transitions.assigneesOnSubmit'));
  const dueDate = input.dueDate ? acceptableDueDate(input.dueDate, new Date(), (await organisation(services)).timeZone) : null;
  const review = { assigneeIds: await reviewers(storage, actor, doc, input.assignees ?? []), dueDate };
  if (decision.verdict === 'wrong_state') throw new AppError('conflict', decision.reason);

  const result = await services.documentLocks.run(documentId, async () => {
    const found = await storage.findDocument(documentId);
    const fresh = found && (BOUND_TO_REVIEWER.has(action) || action === 'publish_group') ? await factsForApproval(services, actor, found, action) : found;
    const again = fresh ? decide(actor, action, fresh) : null;
    if (again?.verdict === 'forbidden' && BOUND_TO_REVIEWER.has(action)) throw new AppError('forbidden', again.reason);
    // The policy's sentence: the state moved on, the embargo passed, a "Reviewed" is still needed, or a comment thread opened meanwhile.
    if (again?.verdict === 'wrong_state') throw new AppError('conflict', again.reason);
    if (!fresh || again?.verdict !== 'allow') throw wrongState(action, fresh?.state ?? doc.state);
    try {
      return await apply(services, actor, fresh, action, comment, embargoUntil, review);
    } catch (err) {
      // A release change refused at commit: the embargo passed while it waited (the policy says so).
      if (isStorageError(err, 'StateConflict') && RELEASE_TRANSITIONS.has(action) && err.actual === 'published')
        throw new AppError('conflict', RELEASE_PASSED_REASON);
      if (isStorageError(err, 'StateConflict')) throw wrongState(action, err.actual ?? fresh.state);
      throw err;
    }
  });
  services.mail?.nudge();
  await notifyTransition(storage, createLogger(services.env.LOG_LEVEL), actor, result, action, comment ? { comment } : {});
  return result;
}

/** What the policy needs for approve and endorse; approval also counts the suggestions open in the text (issue 21). */
async function factsForApproval(services: Services, actor: SessionUser, doc: DocumentRecord, action: Transition) {
  const facts = await documentFactsFor(services.storage, actor, doc);
  return action === 'approve' ? withOpenSuggestions(services, facts) : facts;
}

/** Named reviewers must exist, be active, see the document and be able to review it. */
async function reviewers(storage: Services['storage'], actor: SessionUser, doc: DocumentRecord, emails: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const email of new Set(emails.map((e) => e.trim().toLowerCase()))) {
    const user = await storage.findUserByEmail(email);
    if (!user?.active) throw new AppError('unprocessable', sentence('commandErrors.transitions.noActiveUser', { email }));
    if (!mayBeNamedReviewer(user, doc, actor.id)) {
      throw new AppError('unprocessable', sentence('commandErrors.transitions.cannotReview', { name: user.name }));
    }
    ids.push(user.id);
  }
  return ids;
}

async function apply(
  services: Services,
  actor: SessionUser,
  doc: DocumentRecord,
  action: Transition,
  comment: string | null,
  embargoUntil: Date | null,
  review: { assigneeIds: string[]; dueDate: string | null },
): Promise<DocumentRecord> {
  const { storage, collab } = services;
  const base = { documentId: doc.id, from: doc.state };
  const audit = (to: DocumentState, extra: Record<string, unknown> = {}, content?: { versionId: string; contentHash: string }) => ({
    actorId: actor.id,
    documentId: doc.id,
    action,
    versionId: content?.versionId ?? null,
    contentHash: content?.contentHash ?? null,
    detail: { from: doc.state, to, ...(comment ? { comment } : {}), ...extra },
  });

  let write: TransitionWrite;
  switch (action) {
    case 'submit': {
      // Nothing typed after this point can change the text that is submitted. With several
      // processes, one may still commit a keystroke before it hears of the freeze: storage
      // then refuses the transition (LogMoved) and the text is taken again, a few times at most.
      try {
        for (let attempt = 1; ; attempt++) {
          const content = await collab.freeze(doc.id);
          const version = newVersion(doc, actor.id, 'submit', 'in_review', content, 'Submitted for review');
          const submission: TransitionWrite = {
            ...base,
            patch: {
              state: 'in_review',
              submittedBy: actor.id,
              submittedAt: new Date(),
              reviewRound: doc.reviewRound + 1,
              reviewDue: review.dueDate,
              updatedBy: actor.id,
            },
            assignees: { round: doc.reviewRound + 1, userIds: review.assigneeIds },
            version,
            audit: audit(
              'in_review',
              { round: doc.reviewRound + 1, assignees: review.assigneeIds, dueDate: review.dueDate },
              { versionId: version.id, contentHash: version.contentHash },
            ),
          };
          try {
            return await storage.applyTransition({ ...submission, mails: await transitionMails(services, actor, doc, submission, action) });
          } catch (err) {
            if (!isStorageError(err, 'LogMoved')) throw err;
            if (attempt >= MAX_SUBMIT_ATTEMPTS) throw new AppError('conflict', sentence('commandErrors.transitions.stillChanging'));
          }
        }
      } finally {
        collab.release(doc.id, SOCKET_REASON.submit);
      }
    }
    case 'endorse': {
      // "Reviewed, no changes": bound to the exact submitted text, like an approval.
      const submitted = await unchangedSubmission(services, doc, 'endorsed');
      const endorsements = await listEndorsements(storage, doc);
      if (endorsements.some((e) => e.reviewerId === actor.id && e.contentHash === submitted.contentHash)) {
        throw new AppError('conflict', sentence('commandErrors.transitions.alreadyEndorsed'));
      }
      const hash = { versionId: submitted.id, contentHash: submitted.contentHash };
      write = { ...base, patch: { state: 'in_review', updatedBy: actor.id }, audit: audit('in_review', { round: doc.reviewRound }, hash) };
      break;
    }
    case 'approve': {
      // A kind that needs a "Reviewed" first was judged by the policy (awaitingEndorsement).
      const submitted = await unchangedSubmission(services, doc, 'approved');
      const approvals = await storage.listApprovals(doc.id, doc.reviewRound);
      if (approvals.some((a) => a.approverId === actor.id)) throw new AppError('conflict', sentence('commandErrors.transitions.alreadyApproved'));
      const count = approvals.filter((a) => a.contentHash === submitted.contentHash).length + 1;
      const quorum = quorumFor(doc.kind);
      const to = targetState('approve', { quorumReached: count >= quorum });
      write = {
        ...base,
        patch: { state: to, updatedBy: actor.id },
        approval: { documentId: doc.id, round: doc.reviewRound, approverId: actor.id, versionId: submitted.id, contentHash: submitted.contentHash },
        audit: audit(to, { approvals: count, quorum, round: doc.reviewRound }, { versionId: submitted.id, contentHash: submitted.contentHash }),
      };
      break;
    }
    case 'publish': {
      const submitted = await submittedVersion(services, doc);
      const approvals = (await storage.listApprovals(doc.id, doc.reviewRound)).filter((a) => a.contentHash === submitted.contentHash);
      const content = await collab.currentContent(doc.id);
      if (approvals.length < quorumFor(doc.kind) || content.contentHash !== submitted.contentHash) {
        throw new AppError('conflict', sentence('commandErrors.transitions.notApprovedText'));
      }
      write = {
        ...base,
        patch: { state: 'published', publishedVersionId: submitted.id, publishedAt: new Date(), embargoUntil, updatedBy: actor.id },
        audit: audit('published', { embargoUntil: embargoUntil?.toISOString() ?? null }, { versionId: submitted.id, contentHash: submitted.contentHash }),
      };
      break;
    }
    case 'publish_group':
      // Every language version at one instant, in one write (server/commands/language-release.ts).
      return publishGroup(services, actor, doc, embargoUntil);
    case 'reschedule':
    case 'release_now':
    case 'unschedule':
      write = releaseWrite(doc, action, actor.id, embargoUntil, audit);
      break;
    case 'withdraw':
    case 'request_changes':
    case 'reopen':
      write = { ...base, patch: { state: 'draft', updatedBy: actor.id }, audit: audit('draft') };
      break;
    case 'archive':
      write = { ...base, patch: { state: 'archived', archivedFrom: doc.state, updatedBy: actor.id }, audit: audit('archived') };
      break;
    case 'unarchive': {
      const to = targetState('unarchive', { archivedFrom: doc.archivedFrom });
      write = { ...base, patch: { state: to, archivedFrom: null, updatedBy: actor.id }, audit: audit(to) };
      break;
    }
  }
  try {
    const result = await storage.applyTransition({ ...write, mails: await transitionMails(services, actor, doc, write, action) });
    // Every transition leaves a version behind, in the state it led to; except "Reviewed",
    // which changes neither text nor state (the audit entry names the submitted version).
    if (action !== 'endorse') await takeVersion(services, result, actor.id, action, null);
    return result;
  } finally {
    collab.release(doc.id, SOCKET_REASON[action]);
  }
}

function newVersion(
  doc: DocumentRecord,
  userId: string,
  reason: string,
  state: DocumentState,
  content: DocumentContent,
  label: string | null,
): Omit<VersionRecord, 'createdAt'> {
  const meta = { title: doc.title, kind: doc.kind, language: doc.language, datelinePlace: doc.datelinePlace, datelineDate: doc.datelineDate };
  return { id: randomUUID(), documentId: doc.id, label, reason, state, createdBy: userId, meta, ...content };
}

/** The submitted version, provided the live text is still exactly it (approve, endorse). */
async function unchangedSubmission(services: Services, doc: DocumentRecord, done: 'approved' | 'endorsed'): Promise<VersionSummary> {
  const submitted = await submittedVersion(services, doc);
  const content = await services.collab.currentContent(doc.id);
  if (content.contentHash !== submitted.contentHash) {
    throw new AppError('conflict', sentence('commandErrors.transitions.differsFromSubmitted', { done }));
  }
  return submitted;
}

/** The version submitted in the current review round. */
async function submittedVersion(services: Services, doc: DocumentRecord): Promise<VersionSummary> {
  const versions = await services.storage.listVersionSummaries(doc.id);
  const submitted = versions.filter((v) => v.reason === 'submit').at(-1);
  if (!submitted) throw new AppError('conflict', sentence('commandErrors.transitions.noSubmittedVersion'));
  return submitted;
}

/** 409 for a document whose state moved on while the transition waited (its sentence is the policy's). */
function wrongState(action: Transition, state: DocumentState): AppError {
  return new AppError('conflict', wrongStateReason(action, state));
}
