import { AppLink } from '@/components/AppLink';
import { getTranslations } from 'next-intl/server';
import { titled } from '@/i18n/metadata';
import type { DocumentKind } from '@/lib/text/document';
import { formatDateline, formatInZone } from '@/lib/text/dates';
import { exportLabels } from '@/lib/text/export-labels';
import { releasedDocuments } from '@/server/queries/newsroom';
import { getServices } from '@/server/registry';
import { organisation } from '@/server/commands/organisation';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('Newsroom');

/**
 * Every released statement, newest first; each item's kind and date in its own language
 * (marked translate="no": it is the release's, not the interface's). The page's own words
 * (`Newsroom`) are in the visitor's language.
 */
export default async function NewsroomPage() {
  const { storage } = getServices();
  const org = await organisation(getServices());
  const released = await releasedDocuments(storage);
  const t = await getTranslations('Newsroom');
  return (
    <main className="page newsroom-page">
      <h1>{t('title')}</h1>
      <p className="lede">{t('lede', { org: org.name })}</p>
      {released.length === 0 ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        <ul className="releases">
          {released.map((doc) => {
            const labels = exportLabels(doc.language);
            return (
              <li key={doc.id} lang={doc.language} translate="no">
                <p className="eyebrow">
                  <span className="kind">{labels.kinds[doc.kind as DocumentKind] ?? doc.kind}</span>
                  <time dateTime={doc.publishedAt}>{formatInZone(doc.publishedAt, org.timeZone, doc.language)}</time>
                </p>
                <h2>
                  <AppLink href={`/newsroom/${doc.id}`}>{doc.title}</AppLink>
                </h2>
                {doc.dateline && <p className="dateline">{formatDateline(doc.dateline, doc.language)}</p>}
                {doc.superseded && <p className="superseded">{labels.superseded}</p>}
              </li>
            );
          })}
        </ul>
      )}
    </main>
  );
}
