import { getAccess, setAccess } from '@/server/commands/access';
import { authedRoute, json, readJson } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** Who may see a restricted document (its creator and admins may ask). */
export const GET = authedRoute<{ id: string }>(async ({ user, services, params }) => json(await getAccess(services.storage, user, params.id)));

/** `{restricted, members: [email]}` → 200 the access list. */
export const PUT = authedRoute<{ id: string }>(async ({ req, user, services, params }) =>
  json(await setAccess(services, user, params.id, await readJson(req))),
);
