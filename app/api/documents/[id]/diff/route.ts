import { authedRoute, json } from '@/server/next/http';
import { diffVersions } from '@/server/queries/versions';

export const dynamic = 'force-dynamic';

/** `?from=<vid>&to=<vid|current>` → `{changes: [{op, text, authors, block, structural}]}` in document order. */
export const GET = authedRoute<{ id: string }>(async ({ req, user, services, params }) => {
  const search = req.nextUrl.searchParams;
  return json(await diffVersions(services, user, params.id, search.get('from'), search.get('to')));
});
