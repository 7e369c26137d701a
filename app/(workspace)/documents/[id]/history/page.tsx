import Link from 'next/link';
import { redirect } from 'next/navigation';
import { DocumentBody, type PMJson } from '@/components/DocumentBody';
import { DiffView } from '@/components/DiffView';
import { NameVersionForm, RestoreButton } from '@/components/VersionActions';
import { can } from '@/lib/policies';
import { formatInZone } from '@/lib/text/dates';
import { STATE_LABELS, type DocumentState } from '@/lib/workflow/states';
import { currentUser, orNotFound } from '@/server/next/http';
import { getDocument } from '@/server/queries/documents';
import { diffVersions, getVersion, listVersions, type VersionView } from '@/server/queries/versions';
import { getServices } from '@/server/registry';
import { organisation } from '@/server/commands/organisation';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'History' };

const REASONS: Record<string, string> = {
  named: 'Named version',
  auto: 'Saved automatically',
  before_restore: 'Before a restore',
  submit: 'Submitted for review',
  withdraw: 'Submission withdrawn',
  request_changes: 'Changes requested',
  approve: 'Approved',
  publish: 'Published',
  publish_group: 'Published with its language versions',
  language: 'Taken for a language version',
  reopen: 'Reopened',
  archive: 'Archived',
  unarchive: 'Restored from archive',
  import: 'Imported',
};

const title = (v: VersionView) => v.label ?? REASONS[v.reason] ?? v.reason;

/** What tells two versions apart in a menu or a heading: time to the minute, authors, a short hash of the text, and the state. */
const details = (v: VersionView, timeZone: string) =>
  [formatInZone(v.createdAt, timeZone), v.authors.map((a) => a.name).join(', '), v.contentHash.slice(0, 8), STATE_LABELS[v.state as DocumentState] ?? v.state]
    .filter(Boolean)
    .join(' · ');

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
  const newestFirst = [...versions].reverse();
  const approved = newestFirst.find((v) => (v.reason === 'approve' || v.reason === 'publish') && (v.state === 'approved' || v.state === 'published'));
  const byId = new Map(versions.map((v) => [v.id, v]));
  const comparing = query.from && query.to ? await diffVersions(services, user, id, query.from, query.to).catch(() => null) : null;
  const viewing = !comparing && query.v && byId.has(query.v) ? await getVersion(storage, user, id, query.v) : null;
  // Two versions of the same name are named with their details, so the heading never reads "from “X” to “X”".
  const sameName = comparing && byId.get(comparing.from) && byId.get(comparing.to) && title(byId.get(comparing.from)!) === title(byId.get(comparing.to)!);
  const label = (vid: string) => {
    const v = byId.get(vid);
    if (vid === 'current') return 'the current text';
    if (!v) return 'an unknown version';
    return sameName ? `“${title(v)}” (${details(v, org.timeZone)})` : `“${title(v)}”`;
  };

  return (
    <main className="page history-page">
      <p className="eyebrow">
        <Link href={`/documents/${id}`}>← Back to the document</Link>
      </p>
      <h1 lang={doc.language}>History: {doc.title}</h1>
      <div className="editor-layout">
        <section className="panel history-main" aria-label="Version">
          <form key={`${query.from ?? ''}>${query.to ?? ''}`} className="filters" aria-label="Compare versions">
            <label>
              From
              <select name="from" defaultValue={query.from ?? versions.at(-2)?.id ?? versions.at(-1)?.id ?? ''}>
                {newestFirst.map((v) => (
                  <option key={v.id} value={v.id}>
                    {title(v)} · {details(v, org.timeZone)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              To
              <select name="to" defaultValue={query.to ?? 'current'}>
                <option value="current">Current text</option>
                {newestFirst.map((v) => (
                  <option key={v.id} value={v.id}>
                    {title(v)} · {details(v, org.timeZone)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" disabled={versions.length === 0}>
              Compare
            </button>
            {approved && (
              <Link className="button-link" href={`/documents/${id}/history?from=${approved.id}&to=current`}>
                What changed since approval
              </Link>
            )}
          </form>
          {comparing ? (
            <>
              <h2>
                Changes from {label(comparing.from)} to {label(comparing.to)}
              </h2>
              <p className="legend" lang="en">
                <ins>inserted</ins> <del>deleted</del> — tap a change, point at it or reach it with Tab to see who made it.
              </p>
              <DiffView blocks={comparing.blocks} language={doc.language} />
            </>
          ) : viewing ? (
            <>
              <h2>{title(viewing)}</h2>
              <p className="muted">
                {formatInZone(viewing.createdAt, org.timeZone)} · {STATE_LABELS[viewing.state as DocumentState] ?? viewing.state} · text{' '}
                <code>{viewing.contentHash.slice(0, 12)}</code>
              </p>
              {doc.abilities.edit && <RestoreButton documentId={id} versionId={viewing.id} label={title(viewing)} />}
              {/* The page is visible, so only the role × the version's state decides (the server decides again). */}
              {can(user, 'export', { state: viewing.state as DocumentState, createdBy: null, restricted: false, memberIds: [] }) && (
                <a className="button-link" href={`/api/documents/${encodeURIComponent(id)}/export.pdf?version=${encodeURIComponent(viewing.id)}`} download>
                  Export PDF of this version
                </a>
              )}
              <DocumentBody content={viewing.content as PMJson} language={doc.language} />
            </>
          ) : (
            <p className="empty">Open a version on the right, or choose two versions to compare.</p>
          )}
          {doc.abilities.edit && <NameVersionForm documentId={id} />}
        </section>
        <aside className="panel" aria-labelledby="versions-title">
          <h2 id="versions-title">Versions</h2>
          {newestFirst.length === 0 ? (
            <p className="muted">No versions yet. They are kept after a pause in editing, at every workflow step and when you name one.</p>
          ) : (
            <ol className="versions">
              {newestFirst.map((v) => (
                <li key={v.id} className={viewing?.id === v.id ? 'selected' : undefined}>
                  <Link href={`/documents/${id}/history?v=${v.id}`}>{title(v)}</Link>
                  <span className="muted">
                    {formatInZone(v.createdAt, org.timeZone)} · {STATE_LABELS[v.state as DocumentState] ?? v.state}
                  </span>
                  {v.authors.length > 0 && <span className="authors">{v.authors.map((a) => a.name).join(', ')}</span>}
                </li>
              ))}
            </ol>
          )}
        </aside>
      </div>
    </main>
  );
}
