import { titled } from '@/i18n/metadata';
import { SearchSnippet } from '@/components/SearchSnippet';
import { AppLink } from '@/components/AppLink';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { HereNow, PresencePoller } from '@/components/HereNow';
import { ImportForm } from '@/components/ImportForm';
import { NewDocumentForm } from '@/components/NewDocumentForm';
import { can } from '@/lib/policies';
import { getLocale, getTranslations } from 'next-intl/server';
import { dateLocale, formatDateline, formatDatelineDate, formatInZone } from '@/lib/text/dates';
import { COMMON_LANGUAGES, DOCUMENT_KINDS } from '@/lib/text/document';
import { LISTED_STATES, LIST_SORTS, languageName, parseDocumentListQuery, type DocumentListQuery } from '@/lib/text/document-list';
import { currentUser } from '@/server/next/http';
import { documentListPage } from '@/server/queries/documents';
import { waitingFor } from '@/server/queries/inbox';
import { getServices } from '@/server/registry';
import { organisation } from '@/server/commands/organisation';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('Documents');

/** The list URL with `changes` applied to the current query (for pages and "clear"). */
function listHref(query: DocumentListQuery, changes: Partial<Record<keyof DocumentListQuery, string | number | null>>): string {
  const params = new URLSearchParams();
  const merged: Record<string, string | number | null> = { ...query, ...changes };
  for (const key of ['q', 'kind', 'language', 'state', 'sort', 'collation', 'page'] as const) {
    const value = merged[key];
    if (value === null || value === undefined || value === '') continue;
    if ((key === 'sort' && value === 'updated') || (key === 'page' && value === 1)) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `/documents?${text}` : '/documents';
}

/**
 * The documents the signed-in user may see: search in titles, datelines and texts (each
 * result with the passage that matched), filters for kind, language and
 * state, ordering by last edit or by title in a chosen alphabet, fifty to a page, and who is
 * in each document now (kept live by polling). Everything is a plain GET form, so it works
 * from the keyboard and without JavaScript, and every view has its own URL. Words from
 * `Documents`, `kinds`, `states` in the catalogues; times in the interface language.
 * Language names are each language's own (endonyms), marked translate="no".
 */
export default async function DocumentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=/documents');
  const services = getServices();
  const { storage } = services;
  const org = await organisation(services);
  const acceptLanguage = (await headers()).get('accept-language');
  const { query } = parseDocumentListQuery(await searchParams);
  const [list, waiting] = await Promise.all([documentListPage(services, user, query, acceptLanguage), waitingFor(storage, user)]);
  const mayCreate = can(user, 'create');
  const t = await getTranslations('Documents');
  const kinds = await getTranslations('kinds');
  const states = await getTranslations('states');
  const locale = dateLocale(await getLocale());
  const filtered = Boolean(query.q || query.kind || query.language || query.state);
  const languages = [...COMMON_LANGUAGES.map((l) => l.tag)];
  if (query.language && !languages.includes(query.language)) languages.push(query.language);

  return (
    <main className="page page-wide">
      <div className="page-head">
        <div>
          <h1>{t('title')}</h1>
          <p className="lede">{t('lede', { count: list.visible })}</p>
        </div>
        {mayCreate && (
          <div className="page-actions">
            <NewDocumentForm />
          </div>
        )}
      </div>

      <div className={mayCreate ? 'with-side' : undefined}>
        <div className="list-column">
          {waiting.length > 0 && (
            <section className="panel waiting" aria-labelledby="waiting-title">
              <h2 id="waiting-title">{t('waiting')}</h2>
              <ul>
                {waiting.map((w) => (
                  <li key={w.document.id}>
                    <span className="reason">{t(`reason.${w.reason}`)}</span>
                    <AppLink href={`/documents/${encodeURIComponent(w.document.id)}`} lang={w.document.language} translate="no">
                      {w.document.title}
                    </AppLink>
                    {w.due && <span className="muted"> · {t('due', { date: formatDatelineDate(w.due, locale) })}</span>}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {/* biome-ignore lint/a11y/useSemanticElements: <search> is too new for every browser the secretariat uses; a form with role=search is announced the same */}
          <form className="filters" role="search" aria-label={t('searchForm')} method="get" action="/documents">
            <label className="search-field">
              {t('search')}
              <input type="search" name="q" defaultValue={query.q ?? ''} placeholder={t('searchPlaceholder')} maxLength={200} />
            </label>
            <label>
              {t('kind')}
              <select name="kind" defaultValue={query.kind ?? ''}>
                <option value="">{t('allKinds')}</option>
                {DOCUMENT_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {kinds(kind)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('language')}
              <select name="language" defaultValue={query.language ?? ''}>
                <option value="">{t('allLanguages')}</option>
                {languages.map((tag) => (
                  <option key={tag} value={tag} lang={tag} translate="no">
                    {languageName(tag)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('state')}
              <select name="state" defaultValue={query.state ?? ''}>
                <option value="">{t('allStates')}</option>
                {LISTED_STATES.map((s) => (
                  <option key={s} value={s}>
                    {states(s)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('order')}
              <select name="sort" defaultValue={query.sort}>
                {LIST_SORTS.map((s) => (
                  <option key={s} value={s}>
                    {t(`sort.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('alphabet')}
              <select name="collation" defaultValue={query.collation ?? ''} aria-describedby="alphabet-hint">
                <option value="">{t('automatic')}</option>
                {COMMON_LANGUAGES.map((l) => (
                  <option key={l.tag} value={l.tag} lang={l.tag} translate="no">
                    {l.name}
                  </option>
                ))}
              </select>
            </label>
            <p id="alphabet-hint" className="visually-hidden">
              {t('alphabetHint', { language: languageName(list.collation) })}
            </p>
            <div className="filter-actions">
              <button type="submit">{t('apply')}</button>
              {(filtered || query.sort !== 'updated' || query.collation) && (
                <AppLink href="/documents" className="button-link subtle">
                  {t('clear')}
                </AppLink>
              )}
            </div>
          </form>

          {(filtered || query.sort !== 'updated') && (
            <p className="result-count" role="status">
              {filtered && <span data-testid="result-count">{t('matches', { total: list.total, visible: list.visible })} </span>}
              {query.sort !== 'updated' && (
                <span>
                  {t.rich('orderedIn', {
                    language: () => (
                      <span lang={list.collation} translate="no">
                        {languageName(list.collation)}
                      </span>
                    ),
                  })}
                </span>
              )}
            </p>
          )}

          {list.items.length === 0 ? (
            <div className="empty">
              {filtered ? (
                <p>
                  {t('noMatch')} <AppLink href="/documents">{t('showAll')}</AppLink> {t('orChange')}
                </p>
              ) : mayCreate ? (
                <p>{t('emptyCreator')}</p>
              ) : (
                <p>{t('emptyReader')}</p>
              )}
            </div>
          ) : (
            <div className="table-wrap">
              <table className="documents">
                <caption className="visually-hidden">{t(filtered ? 'captionFiltered' : 'caption', { order: t(`sort.${query.sort}`) })}</caption>
                <thead>
                  <tr>
                    <th scope="col" aria-sort={query.sort === 'title' ? 'ascending' : query.sort === 'title-desc' ? 'descending' : undefined}>
                      {t('colTitle')}
                    </th>
                    <th scope="col">{t('colKind')}</th>
                    <th scope="col">{t('colLanguage')}</th>
                    <th scope="col">{t('colState')}</th>
                    <th scope="col" aria-sort={query.sort === 'updated' ? 'descending' : undefined}>
                      {t('colEdited')}
                    </th>
                    <th scope="col">{t('colHere')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((doc) => (
                    <tr key={doc.id} data-testid="document-row">
                      <td className="title-cell">
                        <AppLink href={`/documents/${encodeURIComponent(doc.id)}`} lang={doc.language} className="doc-title" translate="no">
                          {doc.title}
                        </AppLink>
                        <OpenThreads count={doc.openThreads} label={t('openComments', { count: doc.openThreads })} />
                        {doc.masterChanged && (
                          <span className="thread-badge language-stale-badge" data-testid="master-changed" title={t('masterChangedTitle')}>
                            {t('masterChanged')}
                          </span>
                        )}
                        {doc.dateline && (
                          <span className="dateline-small" lang={doc.language} translate="no">
                            {formatDateline(doc.dateline, doc.language)}
                          </span>
                        )}
                        {doc.match && <SearchSnippet match={doc.match} language={doc.language} />}
                      </td>
                      <td data-label={t('colKind')}>{kinds(doc.kind)}</td>
                      <td data-label={t('colLanguage')}>
                        <span lang={doc.language} translate="no">
                          {languageName(doc.language)}
                        </span>
                      </td>
                      <td data-label={t('colState')}>
                        <span className={`state state-${doc.state}`}>{states(doc.state)}</span>
                      </td>
                      <td className="edited" data-label={t('colEdited')}>
                        <time dateTime={doc.updatedAt}>{formatInZone(doc.updatedAt, org.timeZone, locale)}</time>
                        {doc.updatedBy && (
                          <span className="by" translate="no">
                            {doc.updatedBy.name}
                          </span>
                        )}
                      </td>
                      <td data-testid="here-now" data-label={t('colHere')}>
                        <HereNow documentId={doc.id} initial={doc.present} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {list.pages > 1 && (
            <nav className="pager" aria-label={t('pages')}>
              {list.page > 1 ? <AppLink href={listHref(query, { page: list.page - 1 })}>{t('previous')}</AppLink> : <span />}
              <span>{t('page', { page: list.page, pages: list.pages })}</span>
              {list.page < list.pages ? <AppLink href={listHref(query, { page: list.page + 1 })}>{t('next')}</AppLink> : <span />}
            </nav>
          )}
          <PresencePoller />
        </div>

        {mayCreate && (
          <aside className="side-column" aria-label={t('importRegion')}>
            {mayCreate && (
              <section className="panel" aria-labelledby="import-title">
                <h2 id="import-title">{t('importTitle')}</h2>
                <p className="hint">{t('importHint')}</p>
                <ImportForm />
              </section>
            )}
          </aside>
        )}
      </div>
    </main>
  );
}

/** "2 open comments" beside a title, when there are any (`label`: the plural in the interface language). */
function OpenThreads({ count, label }: { count: number; label: string }) {
  if (count <= 0) return null;
  return (
    <span className="thread-badge" data-testid="open-threads-count">
      {label}
    </span>
  );
}
