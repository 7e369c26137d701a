import { addLanguageVersion, changeMaster } from '@/server/commands/languages';
import { authedRoute, json, readJson } from '@/server/next/http';
import { presentDocument } from '@/server/queries/documents';
import { getLanguages } from '@/server/queries/languages';

export const dynamic = 'force-dynamic';

/** The document's language group: `{groupId, masterId, masterContentHash, members: [{id, language, title, state, master, alignedWith, stale}]}`. */
export const GET = authedRoute<{ id: string }>(async ({ user, services, params }) => json(await getLanguages(services, user, params.id)));

/** "Add a language version": `{language, startFrom: "copy"|"empty", title?, dateline?}` → 201 with the new document's metadata. */
export const POST = authedRoute<{ id: string }>(async ({ req, user, services, params }) => {
  const doc = await addLanguageVersion(services, user, params.id, await readJson(req));
  return json(await presentDocument(services.storage, user, doc), 201);
});

/** Admins: `{masterId}` makes another version of the group its master (audited) → the group. */
export const PUT = authedRoute<{ id: string }>(async ({ req, user, services, params }) =>
  json(await changeMaster(services, user, params.id, await readJson(req))),
);
