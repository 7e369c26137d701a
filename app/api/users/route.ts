import { createPerson, listPeople } from '@/server/commands/users';
import { authedRoute, json, readJson } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** Everyone with an account (admins). */
export const GET = authedRoute(async ({ user, services }) => json(await listPeople(services.storage, user)));

/** `{email, name, role, password?, sso?}` → 201 `{person, temporaryPassword}` (admins; `sso: true`: no password, signs in with SSO). */
export const POST = authedRoute(async ({ req, user, services }) => json(await createPerson(services, user, await readJson(req)), 201));
