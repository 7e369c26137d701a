import { resolveThread } from '@/server/commands/threads';
import { authedRoute, json, readJson } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** `{resolved: boolean}`: resolves or reopens the thread (audited) → the thread. */
export const PATCH = authedRoute<{ id: string; tid: string }>(async ({ req, user, services, params }) =>
  json(await resolveThread(services, user, params.id, params.tid, await readJson(req))),
);
