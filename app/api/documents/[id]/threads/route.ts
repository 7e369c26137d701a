import { createThread } from '@/server/commands/threads';
import { authedRoute, json, readJson } from '@/server/next/http';
import { listThreads } from '@/server/queries/threads';

export const dynamic = 'force-dynamic';

/** `{threads: [ThreadView]}` in document order (lib/comments/threads.ts); 404 for whoever may not see the document. */
export const GET = authedRoute<{ id: string }>(async ({ user, services, params }) => json(await listThreads(services, user, params.id)));

/** `{anchor: {exact, prefix?, suffix?, position?}, body, mentions?}` → 201 the new thread. */
export const POST = authedRoute<{ id: string }>(async ({ req, user, services, params }) =>
  json(await createThread(services, user, params.id, await readJson(req)), 201),
);
