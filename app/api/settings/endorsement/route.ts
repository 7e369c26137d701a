import { endorsementSettings, setEndorsementSettings } from '@/server/commands/endorsements';
import { authedRoute, json, readJson } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** The kinds whose approval needs a reviewer's "Reviewed" first → 200 `{requiredFor}` (admins). */
export const GET = authedRoute(async ({ user, services }) => json(await endorsementSettings(services, user)));

/** `{requiredFor: kind[]}` → 200 the new setting (admins; audited). */
export const PUT = authedRoute(async ({ req, user, services }) => json(await setEndorsementSettings(services, user, await readJson(req))));
