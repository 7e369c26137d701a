import { AppLink } from '@/components/AppLink';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { DocumentBody, type PMJson } from '@/components/DocumentBody';
import type { DocumentKind } from '@/lib/text/document';
import { formatDateline, formatInZone } from '@/lib/text/dates';
import { exportLabels } from '@/lib/text/export-labels';
import { ownLanguageName } from '@/lib/languages/tags';
import { releasedDocument, releasedLanguages } from '@/server/queries/newsroom';
import { getServices } from '@/server/registry';
import { organisation } from '@/server/commands/organisation';

export const dynamic = 'force-dynamic';

/**
 * One released statement, its kind, date and notes in its own language, with a link to
 * the public check of this exact text (/verify/<hash>). An embargoed or unknown id is the
 * newsroom's own not-found page (status 404). The way back and the languages' label
 * (`NewsroomRelease`) are in the visitor's language; the article is in its own.
 */
export default async function ReleasedDocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { storage } = getServices();
  const org = await organisation(getServices());
  const doc = await releasedDocument(storage, id);
  if (!doc) notFound();
  const labels = exportLabels(doc.language);
  const languages = await releasedLanguages(storage, doc.id);
  const t = await getTranslations('NewsroomRelease');
  return (
    <main className="page release">
      <p className="back-link">
        <AppLink href="/newsroom">{t('back')}</AppLink>
      </p>
      <article lang={doc.language}>
        <p className="eyebrow">
          <span className="kind">{labels.kinds[doc.kind as DocumentKind] ?? doc.kind}</span>
          <time dateTime={doc.publishedAt}>{formatInZone(doc.publishedAt, org.timeZone, doc.language)}</time>
        </p>
        {doc.superseded && (
          <p className="banner" role="note">
            {labels.superseded}
          </p>
        )}
        {languages.length > 0 && (
          <nav className="release-languages" aria-label={t('languages')}>
            <ul>
              <li>
                <span lang={doc.language} aria-current="page">
                  {ownLanguageName(doc.language)}
                </span>
              </li>
              {languages.map((l) => (
                <li key={l.id}>
                  <a href={`/newsroom/${l.id}`} hrefLang={l.language} lang={l.language} title={l.title}>
                    {ownLanguageName(l.language)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <h1>{doc.title}</h1>
        {doc.dateline && <p className="dateline">{formatDateline(doc.dateline, doc.language)}</p>}
        <DocumentBody content={doc.content as PMJson} language={doc.language} />
        <footer className="release-footer">
          <span>{org.name}</span>
          <a href={`/verify/${doc.contentHash}`}>{labels.verifyLink}</a>
        </footer>
      </article>
    </main>
  );
}
