import { decideOnSuggestions } from '@/server/commands/suggestions';
import { authedRoute, json, readJson } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** `{decision: "accept"|"reject"}` on one suggestion → `{decided, suggestions}` (the ones still open). */
export const POST = authedRoute<{ id: string; sid: string }>(async ({ req, user, services, params }) =>
  json(await decideOnSuggestions(services, user, params.id, params.sid, await readJson(req))),
);
