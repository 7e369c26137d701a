import { peopleForDocument } from '@/server/commands/threads';
import { authedRoute, json } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** `?q=`: people who can see the document, `[{id, name, email}]`, for @-completion in comments. */
export const GET = authedRoute<{ id: string }>(async ({ req, user, services, params }) =>
  json(await peopleForDocument(services, user, params.id, req.nextUrl.searchParams.get('q'))),
);
