import { updatePerson } from '@/server/commands/users';
import { authedRoute, json, readJson } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** `{name?, role?, active?}` (admins); a changed role or deactivation closes the person's sockets. */
export const PATCH = authedRoute<{ id: string }>(async ({ req, user, services, params }) =>
  json(await updatePerson(services, user, params.id, await readJson(req))),
);
