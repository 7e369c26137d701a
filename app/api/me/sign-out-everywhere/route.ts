import { signOutEverywhere } from '@/server/commands/users';
import { authedRoute, json } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** Ends every session of the signed-in user, on every device, this one included. */
export const POST = authedRoute(
  async ({ user, services }) => {
    await signOutEverywhere(services, user);
    return json({ ok: true });
  },
  { duringPasswordChange: true },
);
