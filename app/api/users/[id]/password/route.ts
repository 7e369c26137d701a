import { resetPassword } from '@/server/commands/users';
import { authedRoute, json } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** Sets a new temporary password (admins) and returns it once. */
export const POST = authedRoute<{ id: string }>(async ({ user, services, params }) => json(await resetPassword(services, user, params.id)));
