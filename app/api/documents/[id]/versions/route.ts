import { saveNamedVersion } from '@/server/commands/versions';
import { authedRoute, json, readJson } from '@/server/next/http';
import { listVersions } from '@/server/queries/versions';

export const dynamic = 'force-dynamic';

/** Every version, oldest first: `{id, label, reason, state, createdAt, createdBy, authors, contentHash}`. */
export const GET = authedRoute<{ id: string }>(async ({ user, services, params }) => json(await listVersions(services.storage, user, params.id)));

/** `{label}` → 201: a named version of the current text (drafts, for those who may edit). */
export const POST = authedRoute<{ id: string }>(async ({ req, user, services, params }) => {
  const version = await saveNamedVersion(services, user, params.id, await readJson(req));
  const views = await listVersions(services.storage, user, params.id);
  return json(
    views.find((v) => v.id === version.id),
    201,
  );
});
