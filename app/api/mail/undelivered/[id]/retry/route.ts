import { retryUndeliveredMail } from '@/server/commands/mail';
import { authedRoute, json } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** Puts an undelivered mail back in the queue, due now (admins). */
export const POST = authedRoute<{ id: string }>(async ({ user, services, params }) => json(await retryUndeliveredMail(services, user, params.id)));
