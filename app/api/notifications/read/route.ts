import { markNotificationsRead } from '@/server/commands/notifications';
import { authedRoute, json, readJson } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** `{upTo}`: marks the signed-in user's notifications up to that id as read. */
export const POST = authedRoute(async ({ req, user, services }) => {
  await markNotificationsRead(services.storage, user, await readJson(req));
  return json({ ok: true });
});
