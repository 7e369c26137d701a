import { organisationSettings, setOrganisationSettings } from '@/server/commands/organisation';
import { authedRoute, json, readJson } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** The organisation's name and time zone → 200 `{name, timeZone}` (admins). */
export const GET = authedRoute(async ({ user, services }) => json(await organisationSettings(services, user)));

/** `{name?, timeZone?}` → 200 the new settings (admins; audited); 422 with a sentence for a bad name or zone. */
export const PUT = authedRoute(async ({ req, user, services }) => json(await setOrganisationSettings(services, user, await readJson(req))));
