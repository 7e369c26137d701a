import { authedRoute, json } from '@/server/next/http';
import { waitingFor } from '@/server/queries/inbox';

export const dynamic = 'force-dynamic';

/** The documents where the signed-in user must act. */
export const GET = authedRoute(async ({ user, services }) => json(await waitingFor(services.storage, user)));
