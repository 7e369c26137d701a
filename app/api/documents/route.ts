import { createDocument } from '../../../server/commands/documents';
import { authedRoute, json, readJson } from '../../../server/next/http';
import { listDocuments, presentDocument } from '../../../server/queries/documents';

export const dynamic = 'force-dynamic';

/** The documents the signed-in user may see. */
export const GET = authedRoute(async ({ user, services }) => json(await listDocuments(services.storage, user)));

/** Creates a draft: `{title, kind, language, dateline?}` → 201 with its metadata. */
export const POST = authedRoute(async ({ req, user, services }) => {
  const doc = await createDocument(services.storage, user, await readJson(req));
  return json(await presentDocument(services.storage, user, doc), 201);
});
