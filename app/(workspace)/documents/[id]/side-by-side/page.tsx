import { AppLink } from '@/components/AppLink';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { titled } from '@/i18n/metadata';
import { CollaborativeEditor } from '@/components/CollaborativeEditor';
import { SideBySide } from '@/components/SideBySide';
import { WorkflowBar } from '@/components/WorkflowBar';
import { ownLanguageName } from '@/lib/languages/tags';
import { decideOnLanguages } from '@/lib/policies';
import { userColour } from '@/lib/text/colour';
import { readOnlyReason as readOnlyReasonOf } from '@/lib/workflow/read-only';
import { TRANSITIONS, type DocumentState, type Transition } from '@/lib/workflow/states';
import { DocumentEyebrow } from '../eyebrow';
import { organisation } from '@/server/commands/organisation';
import { currentUser, orNotFound } from '@/server/next/http';
import { getDocument, possibleReviewers } from '@/server/queries/documents';
import { getLanguages } from '@/server/queries/languages';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('SideBySidePage');

/**
 * The side-by-side view of a language version (issue 23): the master on the left, read only
 * and live, the translation's collaborative editor on the right. Everything here is read
 * through the same authorised queries as the editor page: a user who may not see the
 * translation gets 404, and the master's column is only what this user may read of it (its
 * socket is judged by the master's own access). Words from `SideBySidePage` (and `kinds`,
 * `states`) in the interface language; titles and languages' own names as written, translate="no".
 */
export default async function SideBySidePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=/documents/${encodeURIComponent(id)}/side-by-side`);
  const services = getServices();
  const { storage } = services;
  const doc = await orNotFound(getDocument(storage, user, id, services));
  const [group, stored, org, reviewers] = await Promise.all([
    getLanguages(services, user, id),
    storage.findDocument(id),
    organisation(services),
    doc.abilities.submit ? possibleReviewers(storage, user, id) : Promise.resolve([]),
  ]);
  const master = group.members.find((m) => m.master && m.id === group.masterId);
  const editorHref = `/documents/${encodeURIComponent(doc.id)}`;
  const t = await getTranslations('SideBySidePage');
  const heading = t.rich('heading', {
    title: doc.title,
    doc: (chunks) => (
      <span lang={doc.language} translate="no">
        {chunks}
      </span>
    ),
  });

  if (!master || master.id === doc.id) {
    const translations = group.members.filter((m) => !m.master);
    return (
      <main className="page">
        <h1>{heading}</h1>
        {translations.length > 0 && master ? (
          <>
            <p>{t('isMaster')}</p>
            <ul>
              {translations.map((m) => (
                <li key={m.id}>
                  <AppLink href={`/documents/${encodeURIComponent(m.id)}/side-by-side`} lang={m.language} translate="no">
                    {ownLanguageName(m.language)} — {m.title}
                  </AppLink>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t('noGroup')}</p>
        )}
        <AppLink className="button-link" href={editorHref}>
          {t('back')}
        </AppLink>
      </main>
    );
  }

  const state = doc.state as DocumentState;
  const can = doc.abilities as Record<string, boolean | undefined>;
  const allowed = TRANSITIONS.filter((t) => doc.abilities[t]) as Transition[];
  const mayAlign = stored !== null && decideOnLanguages(user, 'align', stored).verdict === 'allow';
  return (
    <main className="page page-wide editor-page side-by-side-page">
      <div className="doc-head">
        <DocumentEyebrow kind={doc.kind} language={doc.language} state={state} />
        <h1>{heading}</h1>
        <div className="doc-actions">
          <WorkflowBar documentId={doc.id} allowed={allowed} reviewers={reviewers} timeZone={org.timeZone} />
          <AppLink className="button-link" href={editorHref}>
            {t('editorOnly')}
          </AppLink>
        </div>
      </div>
      <SideBySide
        translation={{ id: doc.id, language: doc.language, title: doc.title }}
        master={{ id: master.id, language: master.language, title: master.title }}
        initialGroup={group}
        mayAlign={mayAlign}
        editor={
          <CollaborativeEditor
            documentId={doc.id}
            language={doc.language}
            kind={doc.kind}
            user={{ id: user.id, name: user.name, color: userColour(user.id) }}
            readOnlyReason={readOnlyReasonOf(doc)}
            mayComment={can.comment === true}
            suggesting={{
              may: can.suggest === true,
              only: can.suggest === true && can.edit !== true,
              accept: can.accept_suggestion === true,
              reject: can.reject_suggestion === true,
            }}
          />
        }
      />
    </main>
  );
}
