import { authedRoute, json } from '@/server/next/http';
import { getVersion } from '@/server/queries/versions';

export const dynamic = 'force-dynamic';

/** One version with its body. */
export const GET = authedRoute<{ id: string; vid: string }>(async ({ user, services, params }) =>
  json(await getVersion(services.storage, user, params.id, params.vid)),
);
