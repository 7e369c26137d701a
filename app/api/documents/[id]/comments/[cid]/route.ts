import { deleteComment, editComment } from '@/server/commands/threads';
import { authedRoute, json, readJson } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** `{body}`: the author edits their comment → the comment. */
export const PATCH = authedRoute<{ id: string; cid: string }>(async ({ req, user, services, params }) =>
  json(await editComment(services, user, params.id, params.cid, await readJson(req))),
);

/** Deletes the comment for good (its author, or an admin) → `{threadDeleted}` (the thread goes with its last comment). */
export const DELETE = authedRoute<{ id: string; cid: string }>(async ({ user, services, params }) =>
  json(await deleteComment(services, user, params.id, params.cid)),
);
