import { deleteDraft, updateDocument } from '@/server/commands/documents';
import { authedRoute, json, readJson } from '@/server/next/http';
import { getDocument, presentDocument } from '@/server/queries/documents';

export const dynamic = 'force-dynamic';

/** One document's metadata and the caller's abilities on it. */
export const GET = authedRoute<{ id: string }>(async ({ user, services, params }) => json(await getDocument(services.storage, user, params.id, services)));

/** Changes title, language and/or dateline of a draft. */
export const PATCH = authedRoute<{ id: string }>(async ({ req, user, services, params }) => {
  const doc = await updateDocument(services.storage, user, params.id, await readJson(req));
  return json(await presentDocument(services.storage, user, doc));
});

/** Deletes a draft never submitted (its creator or an admin): 204; 409 once it was submitted. */
export const DELETE = authedRoute<{ id: string }>(async ({ user, services, params }) => {
  await deleteDraft(services, user, params.id);
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
});
