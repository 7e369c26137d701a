import { changeOwnPassword } from '../../../../server/commands/users';
import { authedRoute, json, readJson } from '../../../../server/next/http';

export const dynamic = 'force-dynamic';

/** `{current, next}`: changes the signed-in user's own password. */
export const PUT = authedRoute(async ({ req, user, services }) => {
  await changeOwnPassword(services.storage, user, await readJson(req));
  return json({ ok: true });
});
