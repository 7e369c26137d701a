import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AccessPanel } from '@/components/AccessPanel';
import { CollaborativeEditor } from '@/components/CollaborativeEditor';
import { DocumentHeader } from '@/components/editor/DocumentHeader';
import { DeleteDraftButton } from '@/components/DeleteDraftButton';
import { LanguageBar } from '@/components/LanguageBar';
import { bilingualPdfLink } from '@/lib/languages/bilingual';
import { decideOnLanguages } from '@/lib/policies';
import { WorkflowBar } from '@/components/WorkflowBar';
import { getTranslations } from 'next-intl/server';
import { userColour } from '@/lib/text/colour';
import { formatDateline, formatInZone } from '@/lib/text/dates';
import { readOnlyReason as readOnlyReasonOf } from '@/lib/workflow/read-only';
import { TRANSITIONS, TRANSITION_LABELS, type DocumentState, type Transition } from '@/lib/workflow/states';
import { getAccess } from '@/server/commands/access';
import { currentUser, orNotFound } from '@/server/next/http';
import { auditStatus, documentAudit } from '@/server/queries/audit';
import { getDocument, possibleReviewers } from '@/server/queries/documents';
import { changedSinceApproved } from '@/server/queries/versions';
import { getLanguages } from '@/server/queries/languages';
import { getServices } from '@/server/registry';
import { organisation } from '@/server/commands/organisation';

export const dynamic = 'force-dynamic';

/** What an activity line says someone did, in words people use (the audit log's codes stay in the API). */
function activityWords(e: { action: string; detail: Record<string, unknown> }): string {
  if (e.action === 'export' && typeof e.detail.format === 'string')
    return `exported it as ${e.detail.format === 'docx' ? 'Word' : e.detail.format.toUpperCase()}`;
  if (e.action === 'publish' && e.detail.to === 'published' && e.detail.embargoUntil) return 'published it, to be released later';
  return ACTION_WORDS[e.action] ?? TRANSITION_LABELS[e.action as Transition]?.toLowerCase() ?? 'changed it';
}

const ACTION_WORDS: Record<string, string> = {
  submit: 'submitted it for review',
  withdraw: 'withdrew the submission',
  request_changes: 'requested changes',
  endorse: 'marked it reviewed, no changes',
  approve: 'approved it',
  publish: 'published it',
  publish_group: 'published it with its language versions',
  'language.add': 'added it as a language version',
  'language.aligned': 'marked it aligned with the master',
  'language.master': 'made it the master of its languages',
  reopen: 'reopened it',
  archive: 'archived it',
  unarchive: 'restored it from the archive',
  access: 'changed who can see it',
  export: 'exported it',
  restore: 'brought back an earlier version',
  resolve_thread: 'resolved a comment thread',
  reopen_thread: 'reopened a comment thread',
};

export default async function DocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=/documents/${encodeURIComponent(id)}`);
  const { storage, env } = getServices();
  const org = await organisation(getServices());
  const doc = await orNotFound(getDocument(storage, user, id, getServices()));
  const state = doc.state as DocumentState;
  const [audit, status, reviewers, access, sinceApproved, languages, stored] = await Promise.all([
    documentAudit(storage, user, id),
    auditStatus(storage, user, env.AUDIT_HMAC_KEY ?? null),
    doc.abilities.submit ? possibleReviewers(storage, user, id) : Promise.resolve([]),
    doc.abilities.manage_access ? getAccess(storage, user, id) : Promise.resolve(null),
    changedSinceApproved(storage, user, id),
    // The language bar does not show a lone document's hash: not computed here (it cost the page the text's length).
    getLanguages(getServices(), user, id, { hashWhenAlone: false }),
    storage.findDocument(id),
  ]);
  const mayAddLanguage = stored !== null && decideOnLanguages(user, 'add_language', stored).verdict === 'allow';
  const mayAlign = stored !== null && decideOnLanguages(user, 'align', stored).verdict === 'allow';
  const bilingual = bilingualPdfLink(languages, doc.id);
  const allowed = TRANSITIONS.filter((t) => doc.abilities[t]) as Transition[];
  const readOnlyReason = readOnlyReasonOf(doc);
  // Commenting is decided by the policy (every state but archived, every role but viewers).
  const mayComment = (doc.abilities as Record<string, boolean | undefined>).comment === true;
  // Suggestions (issue 21): who may suggest, accept and reject is the policy's answer.
  const can = doc.abilities as Record<string, boolean | undefined>;
  const suggesting = {
    may: can.suggest === true,
    only: can.suggest === true && can.edit !== true,
    accept: can.accept_suggestion === true,
    reject: can.reject_suggestion === true,
  };

  const kinds = await getTranslations('kinds');
  const states = await getTranslations('states');
  return (
    <main className="page editor-page">
      <div className="doc-head">
        <p className="eyebrow">
          {kinds(doc.kind)} · {doc.language} · <span className={`state state-${state}`}>{states(state)}</span>
          {state === 'in_review' && (
            <>
              {' '}
              · approvals {doc.approvals.count} of {doc.approvals.quorum}
            </>
          )}
          {state === 'in_review' &&
            doc.endorsements.map((e) => (
              <span key={`${e.by.id}-${e.contentHash}`} className="endorsement">
                {' '}
                · reviewed by {e.by.name} (text <code title={e.contentHash}>{e.contentHash.slice(0, 12)}</code>)
              </span>
            ))}
          {doc.embargoUntil && <> · embargoed until {formatInZone(doc.embargoUntil, org.timeZone)}</>}
        </p>
        <DocumentHeader
          documentId={doc.id}
          title={doc.title}
          language={doc.language}
          dateline={doc.dateline}
          datelineText={formatDateline(doc.dateline, doc.language)}
          editable={doc.abilities.edit === true}
        />
        <div className="doc-actions">
          <WorkflowBar documentId={doc.id} allowed={allowed} reviewers={reviewers} timeZone={org.timeZone} />
          {doc.abilities.delete && <DeleteDraftButton documentId={doc.id} title={doc.title} />}
          {sinceApproved && (
            <Link className="button-link" href={sinceApproved} data-testid="changed-since-approved">
              Changed since you approved
            </Link>
          )}
          <Link className="button-link" href={`/documents/${doc.id}/history`}>
            History
          </Link>
          {doc.abilities.export && (
            <>
              <a className="button-link" href={`/api/documents/${encodeURIComponent(doc.id)}/export.pdf`} download>
                Export PDF
              </a>
              <a className="button-link" href={`/api/documents/${encodeURIComponent(doc.id)}/export.docx`} download>
                Export DOCX
              </a>
              {bilingual && (
                // For a delegation's check: the master and this version side by side, paragraph by paragraph.
                <a className="button-link" href={bilingual.href} download data-testid="bilingual-pdf">
                  {bilingual.label}
                </a>
              )}
              {doc.openThreads > 0 && (
                // For a delegation reviewing the draft in Word: the open threads as Word comments on their passages.
                <a className="button-link" href={`/api/documents/${encodeURIComponent(doc.id)}/export.docx?comments=1`} download>
                  Export DOCX with comments
                </a>
              )}
            </>
          )}
          <LanguageBar documentId={doc.id} group={languages} mayAlign={mayAlign} mayAdd={mayAddLanguage} />
        </div>
      </div>
      {doc.lastComment && state === 'draft' && (doc.lastComment.action === 'request_changes' || doc.lastComment.action === 'reopen') && (
        <p className="banner comment" role="note">
          {doc.lastComment.by} {doc.lastComment.action === 'reopen' ? 'reopened it' : 'requested changes'}: “{doc.lastComment.text}”
        </p>
      )}
      <CollaborativeEditor
        documentId={doc.id}
        language={doc.language}
        kind={doc.kind}
        user={{ id: user.id, name: user.name, color: userColour(user.id) }}
        readOnlyReason={readOnlyReason}
        mayComment={mayComment}
        suggesting={suggesting}
        side={
          <>
            {access && <AccessPanel documentId={doc.id} restricted={access.restricted} members={access.members} />}
            <section className="panel" aria-labelledby="activity-title">
              <h2 id="activity-title">Activity</h2>
              {audit.length === 0 ? (
                <p className="muted">No sign-off activity yet.</p>
              ) : (
                // Newest first: what just happened is what people look for.
                <ol className="activity" reversed>
                  {[...audit].reverse().map((e) => (
                    <li key={e.seq}>
                      <span className="who">{e.actor?.name ?? 'Someone'}</span> {activityWords(e)}
                      {typeof e.detail.comment === 'string' && <q>{e.detail.comment}</q>}
                      <time dateTime={e.at}>{formatInZone(e.at, org.timeZone)}</time>
                    </li>
                  ))}
                </ol>
              )}
              <p className={status.intact ? 'chain ok' : 'chain broken'} role="status">
                {status.intact
                  ? 'Sign-off record verified: nothing in it has been changed.'
                  : 'The sign-off record does not verify: an entry was changed or removed. Tell an administrator.'}
                {/* The technical detail (where the chain broke, its head) only for those who may see the head: admins. */}
                {status.head && (
                  <span className="muted">
                    {' '}
                    {status.intact ? '' : `Broken at ${status.problem}. `}Audit head <code title={status.head.hash}>{status.head.hash.slice(0, 16)}</code> (
                    {status.head.entries} entries).
                  </span>
                )}
              </p>
            </section>
          </>
        }
      />
    </main>
  );
}
