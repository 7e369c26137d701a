import { markAligned } from '@/server/commands/languages';
import { authedRoute, json, readJson } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** `{masterVersionId}` (a version of the master, or "current"): this language version follows that master text (audited) → the group. */
export const POST = authedRoute<{ id: string }>(async ({ req, user, services, params }) =>
  json(await markAligned(services, user, params.id, await readJson(req))),
);
