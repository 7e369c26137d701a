import { mailSettings, setMailSettings } from '@/server/commands/mail';
import { authedRoute, json, readJson } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** The signed-in user's choice of mail → `{mode: immediate|digest|none, digestHour, enabled}`. */
export const GET = authedRoute(async ({ user, services }) => json(await mailSettings(services, user)));

/** `{mode, digestHour?}` → the new choice; 400 for anything else. */
export const PUT = authedRoute(async ({ req, user, services }) => json(await setMailSettings(services, user, await readJson(req))));
