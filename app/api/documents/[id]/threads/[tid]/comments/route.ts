import { replyToThread } from '@/server/commands/threads';
import { authedRoute, json, readJson } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** `{body, mentions?}` → 201 the new comment at the end of the thread. */
export const POST = authedRoute<{ id: string; tid: string }>(async ({ req, user, services, params }) =>
  json(await replyToThread(services, user, params.id, params.tid, await readJson(req)), 201),
);
