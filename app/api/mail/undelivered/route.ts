import { undeliveredMails } from '@/server/commands/mail';
import { authedRoute, json } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** Mails given up after every attempt, with the SMTP server's answer (admins). */
export const GET = authedRoute(async ({ user, services }) => json(await undeliveredMails(services, user)));
