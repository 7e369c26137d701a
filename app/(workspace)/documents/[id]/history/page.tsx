import { AppLink } from '@/components/AppLink';
import { getLocale, getTranslations } from 'next-intl/server';
import { titled } from '@/i18n/metadata';
import en from '@/messages/en.json';
import { redirect } from 'next/navigation';
import { DocumentBody, type PMJson } from '@/components/DocumentBody';
import { DiffView } from '@/components/DiffView';
import { NameVersionForm, RestoreButton } from '@/components/VersionActions';
import { can } from '@/lib/policies';
import { dateLocale, formatInZone } from '@/lib/text/dates';
import { STATE_LABELS, type DocumentState } from '@/lib/workflow/states';
import { currentUser, orNotFound } from '@/server/next/http';
import { getDocument } from '@/server/queries/documents';
import { diffVersions, getVersion, listVersions, type VersionView } from '@/server/queries/versions';
import { getServices } from '@/server/registry';
import { organisation } from '@/server/commands/organisation';
import { restoredName } from '@/lib/text/version-labels';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('History');

/** The reasons a version was kept that have a name (`History.reasons.<reason>`); any other is shown as it is. */
const REASONS = new Set(Object.keys(en.History.reasons));
const REASON_NAMES: Record<string, string> = en.History.reasons;

/**
 * A document's versions: view one, restore it, export it, or compare two (or one with the
 * current text). Words from `History`, `states` in the interface language, times too; the
 * document's title and text keep the document's language, names of versions and people
 * are as they were given.
 */
export default async function HistoryPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ v?: string; from?: string; to?: string }>;
}) {
  const { id } = await params;
  const query = await searchParams;
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=/documents/${encodeURIComponent(id)}/history`);
  const services = getServices();
  const { storage } = services;
  const org = await organisation(services);
  const doc = await orNotFound(getDocument(storage, user, id));
  const versions = await listVersions(storage, user, id);
  const t = await getTranslations('History');
  const states = await getTranslations('states');
  const locale = dateLocale(await getLocale());
  const stateName = (state: string) => (state in STATE_LABELS ? states(state as DocumentState) : state);
  // A workflow step stores its English name as the version's label: that one is named in the reader's language.
  const reasonName = (reason: string) => (REASONS.has(reason) ? t(`reasons.${reason}` as 'reasons.named') : reason);
  const title = (v: VersionView): string => {
    // A restore keeps the text before it as "Before restoring “<name>”", in the server's English:
    // said in the reader's language, the name as it was given (or, for an unnamed one, its reason's).
    const name = v.reason === 'before_restore' && v.label ? restoredName(v.label) : null;
    if (name !== null) {
      const reason = REASONS.has(name) ? name : Object.keys(REASON_NAMES).find((code) => REASON_NAMES[code] === name);
      return t('beforeRestoring', { label: reason ? reasonName(reason) : name });
    }
    return v.label && v.label !== REASON_NAMES[v.reason] ? v.label : REASONS.has(v.reason) ? reasonName(v.reason) : (v.label ?? v.reason);
  };
  /** What tells two versions apart in a menu or a heading: time to the minute, authors, a short hash of the text, and the state. */
  const details = (v: VersionView) =>
    [formatInZone(v.createdAt, org.timeZone, locale), v.authors.map((a) => a.name).join(', '), v.contentHash.slice(0, 8), stateName(v.state)]
      .filter(Boolean)
      .join(' · ');
  const newestFirst = [...versions].reverse();
  const approved = newestFirst.find((v) => (v.reason === 'approve' || v.reason === 'publish') && (v.state === 'approved' || v.state === 'published'));
  const byId = new Map(versions.map((v) => [v.id, v]));
  const comparing = query.from && query.to ? await diffVersions(services, user, id, query.from, query.to).catch(() => null) : null;
  const viewing = !comparing && query.v && byId.has(query.v) ? await getVersion(storage, user, id, query.v) : null;
  // Two versions of the same name are named with their details, so the heading never reads "from “X” to “X”".
  const sameName = comparing && byId.get(comparing.from) && byId.get(comparing.to) && title(byId.get(comparing.from)!) === title(byId.get(comparing.to)!);
  const label = (vid: string) => {
    const v = byId.get(vid);
    if (vid === 'current') return t('currentText');
    if (!v) return t('unknownVersion');
    return sameName ? t('quotedDetails', { name: title(v), details: details(v) }) : t('quoted', { name: title(v) });
  };

  return (
    <main className="page history-page">
      <p className="eyebrow">
        <AppLink href={`/documents/${id}`}>{t('back')}</AppLink>
      </p>
      <h1>
        {t.rich('heading', {
          title: doc.title,
          doc: (chunks) => (
            <span lang={doc.language} translate="no">
              {chunks}
            </span>
          ),
        })}
      </h1>
      <div className="editor-layout">
        <section className="panel history-main" aria-label={t('version')}>
          <form key={`${query.from ?? ''}>${query.to ?? ''}`} className="filters" aria-label={t('compareForm')}>
            <label>
              {t('from')}
              <select name="from" defaultValue={query.from ?? versions.at(-2)?.id ?? versions.at(-1)?.id ?? ''}>
                {newestFirst.map((v) => (
                  <option key={v.id} value={v.id}>
                    {t('option', { name: title(v), details: details(v) })}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('to')}
              <select name="to" defaultValue={query.to ?? 'current'}>
                <option value="current">{t('current')}</option>
                {newestFirst.map((v) => (
                  <option key={v.id} value={v.id}>
                    {t('option', { name: title(v), details: details(v) })}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" disabled={versions.length === 0}>
              {t('compare')}
            </button>
            {approved && (
              <AppLink className="button-link" href={`/documents/${id}/history?from=${approved.id}&to=current`}>
                {t('sinceApproval')}
              </AppLink>
            )}
          </form>
          {comparing ? (
            <>
              <h2>{t('changes', { from: label(comparing.from), to: label(comparing.to) })}</h2>
              <p className="legend">{t.rich('legend', { ins: (chunks) => <ins>{chunks}</ins>, del: (chunks) => <del>{chunks}</del> })}</p>
              <DiffView blocks={comparing.blocks} language={doc.language} />
            </>
          ) : viewing ? (
            <>
              <h2>{title(viewing)}</h2>
              <p className="muted">
                <time dateTime={viewing.createdAt}>{formatInZone(viewing.createdAt, org.timeZone, locale)}</time> · {stateName(viewing.state)} · {t('text')}{' '}
                <code>{viewing.contentHash.slice(0, 12)}</code>
              </p>
              {doc.abilities.edit && <RestoreButton documentId={id} versionId={viewing.id} label={title(viewing)} />}
              {/* The page is visible, so only the role × the version's state decides (the server decides again). */}
              {can(user, 'export', { state: viewing.state as DocumentState, createdBy: null, restricted: false, memberIds: [] }) && (
                <a className="button-link" href={`/api/documents/${encodeURIComponent(id)}/export.pdf?version=${encodeURIComponent(viewing.id)}`} download>
                  {t('exportPdf')}
                </a>
              )}
              <DocumentBody content={viewing.content as PMJson} language={doc.language} asWritten />
            </>
          ) : (
            <p className="empty">{t('empty')}</p>
          )}
          {doc.abilities.edit && <NameVersionForm documentId={id} />}
        </section>
        <aside className="panel" aria-labelledby="versions-title">
          <h2 id="versions-title">{t('versions')}</h2>
          {newestFirst.length === 0 ? (
            <p className="muted">{t('noVersions')}</p>
          ) : (
            <ol className="versions">
              {newestFirst.map((v) => (
                <li key={v.id} className={viewing?.id === v.id ? 'selected' : undefined}>
                  <AppLink href={`/documents/${id}/history?v=${v.id}`}>{title(v)}</AppLink>
                  <span className="muted">
                    <time dateTime={v.createdAt}>{formatInZone(v.createdAt, org.timeZone, locale)}</time> · {stateName(v.state)}
                  </span>
                  {v.authors.length > 0 && (
                    <span className="authors" translate="no">
                      {v.authors.map((a) => a.name).join(', ')}
                    </span>
                  )}
                </li>
              ))}
            </ol>
          )}
        </aside>
      </div>
    </main>
  );
}
