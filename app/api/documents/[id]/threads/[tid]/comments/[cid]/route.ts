import { deleteComment, editComment } from '@/server/commands/threads';
import { authedRoute, json, readJson } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** The same as `PATCH …/comments/<cid>`, under its thread's path (404 when the comment is not in that thread). */
export const PATCH = authedRoute<{ id: string; tid: string; cid: string }>(async ({ req, user, services, params }) =>
  json(await editComment(services, user, params.id, params.cid, await readJson(req), params.tid)),
);

/** The same as `DELETE …/comments/<cid>`, under its thread's path. */
export const DELETE = authedRoute<{ id: string; tid: string; cid: string }>(async ({ user, services, params }) =>
  json(await deleteComment(services, user, params.id, params.cid, params.tid)),
);
