import { authedRoute, json } from '@/server/next/http';
import { presenceInVisibleDocuments } from '@/server/queries/documents';

export const dynamic = 'force-dynamic';

/** Who is in each visible document right now: `{documentId: [{id, name}]}` (open documents only). */
export const GET = authedRoute(async ({ user, services }) => json(await presenceInVisibleDocuments(services, user)));
