import type { Metadata } from 'next';
import { AppLink } from '@/components/AppLink';
import { redirect } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { cache, type ReactNode } from 'react';
import { AccessPanel } from '@/components/AccessPanel';
import { CollaborativeEditor } from '@/components/CollaborativeEditor';
import { DocumentHeader } from '@/components/editor/DocumentHeader';
import { DeleteDraftButton } from '@/components/DeleteDraftButton';
import { MoreActions } from '@/components/MoreActions';
import { LanguageBar } from '@/components/LanguageBar';
import { WorkflowBar } from '@/components/WorkflowBar';
import { bilingualPdfLink } from '@/lib/languages/bilingual';
import { ownLanguageName } from '@/lib/languages/tags';
import { decideOnLanguages } from '@/lib/policies';
import { userColour } from '@/lib/text/colour';
import { dateLocale, formatDateline, formatInZone } from '@/lib/text/dates';
import { readOnlyReason as readOnlyReasonOf } from '@/lib/workflow/read-only';
import { TRANSITIONS, type DocumentState, type Transition } from '@/lib/workflow/states';
import type { SessionUser } from '@/server/auth/session';
import { getAccess } from '@/server/commands/access';
import { organisation } from '@/server/commands/organisation';
import { currentUser, orNotFound } from '@/server/next/http';
import { AuditChainCheck } from '@/server/audit-check';
import { auditStatus, documentAudit } from '@/server/queries/audit';
import { getDocument, possibleReviewers } from '@/server/queries/documents';
import { getLanguages } from '@/server/queries/languages';
import { changedSinceApproved } from '@/server/queries/versions';
import { getServices } from '@/server/registry';
import { ActivityPanel } from './activity';
import { DocumentEyebrow } from './eyebrow';

export const dynamic = 'force-dynamic';

/** The signed-in user and the document as they may see it, each read once per request for the page and its `<title>` (React's `cache`). */
const signedIn = cache(currentUser);
const readDocument = cache(async (id: string, user: SessionUser) => getDocument(getServices().storage, user, id, getServices()));

/** The `<title>`: the document's title and state, in the interface language; only for a reader who may see it. */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  const user = await signedIn();
  const doc = user ? await readDocument(id, user).catch(() => null) : null;
  if (!doc) return {};
  const [t, states] = await Promise.all([getTranslations('DocumentPage'), getTranslations('states')]);
  return { title: t('title', { title: doc.title, state: states(doc.state as DocumentState) }) };
}

/**
 * The editor page: the document's head (kind, language, state, approvals, reviews, embargo),
 * its workflow and export actions, the editor, and the Activity panel. Words from
 * `DocumentPage` (and `kinds`, `states`) in the interface language; the document's title,
 * text, people's names and comments are as written, marked translate="no".
 */
export default async function DocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await signedIn();
  if (!user) redirect(`/signin?callbackUrl=/documents/${encodeURIComponent(id)}`);
  const { storage, env, auditChain } = getServices();
  const org = await organisation(getServices());
  const doc = await orNotFound(readDocument(id, user));
  const state = doc.state as DocumentState;
  const [audit, status, reviewers, access, sinceApproved, languages, stored] = await Promise.all([
    documentAudit(storage, user, id),
    auditStatus(storage, user, auditChain ?? new AuditChainCheck(storage, env.AUDIT_HMAC_KEY ?? null)),
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

  const t = await getTranslations('DocumentPage');
  const locale = dateLocale(await getLocale());
  const exportHref = (format: string) => `/api/documents/${encodeURIComponent(doc.id)}/export.${format}`;
  const notTranslated = (chunks: ReactNode) => <span translate="no">{chunks}</span>;
  return (
    <main className="page editor-page">
      <div className="doc-head">
        <DocumentEyebrow kind={doc.kind} language={doc.language} state={state}>
          {state === 'in_review' && <> · {t('approvals', { count: doc.approvals.count, quorum: doc.approvals.quorum })}</>}
          {state === 'in_review' &&
            doc.endorsements.map((e) => (
              <span key={`${e.by.id}-${e.contentHash}`} className="endorsement">
                {' '}
                ·{' '}
                {t.rich('reviewedBy', {
                  name: e.by.name,
                  hash: e.contentHash.slice(0, 12),
                  who: notTranslated,
                  code: (chunks) => (
                    <code title={e.contentHash} translate="no">
                      {chunks}
                    </code>
                  ),
                })}
              </span>
            ))}
          {doc.embargoUntil && <> · {t('embargoedUntil', { when: formatInZone(doc.embargoUntil, org.timeZone, locale) })}</>}
        </DocumentEyebrow>
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
            <AppLink className="button-link" href={sinceApproved} data-testid="changed-since-approved">
              {t('changedSinceApproved')}
            </AppLink>
          )}
          <MoreActions label={t('moreActions')}>
            <AppLink className="button-link" href={`/documents/${doc.id}/history`}>
              {t('history')}
            </AppLink>
            {doc.abilities.export && (
              <>
                <a className="button-link" href={exportHref('pdf')} download>
                  {t('exportPdf')}
                </a>
                <a className="button-link" href={exportHref('docx')} download>
                  {t('exportDocx')}
                </a>
                {bilingual && (
                  // For a delegation's check: the master and this version side by side, paragraph by paragraph.
                  <a className="button-link" href={bilingual.href} download data-testid="bilingual-pdf">
                    {t.rich('bilingualPdf', {
                      language: ownLanguageName(bilingual.masterLanguage),
                      lang: (chunks) => (
                        <span lang={bilingual.masterLanguage} translate="no">
                          {chunks}
                        </span>
                      ),
                    })}
                  </a>
                )}
                {doc.openThreads > 0 && (
                  // For a delegation reviewing the draft in Word: the open threads as Word comments on their passages.
                  <a className="button-link" href={`${exportHref('docx')}?comments=1`} download>
                    {t('exportDocxComments')}
                  </a>
                )}
              </>
            )}
          </MoreActions>
          <LanguageBar documentId={doc.id} group={languages} mayAlign={mayAlign} mayAdd={mayAddLanguage} />
        </div>
      </div>
      {doc.lastComment && state === 'draft' && (doc.lastComment.action === 'request_changes' || doc.lastComment.action === 'reopen') && (
        <p className="banner comment" role="note">
          {t.rich(doc.lastComment.action === 'reopen' ? 'reopenedBanner' : 'changesRequestedBanner', {
            name: doc.lastComment.by,
            text: doc.lastComment.text,
            who: notTranslated,
            comment: notTranslated,
          })}
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
            <ActivityPanel audit={audit} status={status} timeZone={org.timeZone} />
          </>
        }
      />
    </main>
  );
}
