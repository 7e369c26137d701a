import { replyToSuggestion } from '@/server/commands/suggestion-threads';
import { authedRoute, json, readJson } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** `{body, mentions?}` → 201 the new comment in the suggestion's reply thread (made by the first reply; issue 21). */
export const POST = authedRoute<{ id: string; sid: string }>(async ({ req, user, services, params }) =>
  json(await replyToSuggestion(services, user, params.id, params.sid, await readJson(req)), 201),
);
