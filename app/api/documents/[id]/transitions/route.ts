import { transitionDocument } from '@/server/commands/transitions';
import { authedRoute, json, readJson } from '@/server/next/http';
import { presentDocument } from '@/server/queries/documents';

export const dynamic = 'force-dynamic';

/** `{action, comment?, embargoUntil?}` → 200 with the document's new metadata. */
export const POST = authedRoute<{ id: string }>(async ({ req, user, services, params }) => {
  const doc = await transitionDocument(services, user, params.id, await readJson(req));
  return json(await presentDocument(services.storage, user, doc, new Map(), services));
});
