import { authedRoute, json } from '@/server/next/http';
import { notificationsFor } from '@/server/queries/inbox';

export const dynamic = 'force-dynamic';

/** The signed-in user's newest notifications. */
export const GET = authedRoute(async ({ user, services }) => json(await notificationsFor(services.storage, user)));
