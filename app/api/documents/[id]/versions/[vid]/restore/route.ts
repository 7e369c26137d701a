import { restoreVersion } from '@/server/commands/versions';
import { authedRoute, json } from '@/server/next/http';
import { getDocument } from '@/server/queries/documents';

export const dynamic = 'force-dynamic';

/** Makes the version the current text, live for everyone (drafts only, else 409). */
export const POST = authedRoute<{ id: string; vid: string }>(async ({ user, services, params }) => {
  await restoreVersion(services, user, params.id, params.vid);
  return json(await getDocument(services.storage, user, params.id));
});
