import { decideOnSuggestions } from '@/server/commands/suggestions';
import { authedRoute, json, readJson } from '@/server/next/http';
import { listSuggestions } from '@/server/queries/suggestions';

export const dynamic = 'force-dynamic';

/** `{suggestions: [{id, type, text, replaced?, author, createdAt}]}` in document order (issue 21). */
export const GET = authedRoute<{ id: string }>(async ({ user, services, params }) => json(await listSuggestions(services, user, params.id)));

/** `{decision: "accept"|"reject", all: true}` → `{decided, suggestions}` (the ones still open). */
export const POST = authedRoute<{ id: string }>(async ({ req, user, services, params }) =>
  json(await decideOnSuggestions(services, user, params.id, null, await readJson(req))),
);
