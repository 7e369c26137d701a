import { parseDocumentListQuery } from '@/lib/text/document-list';
import { createDocument } from '@/server/commands/documents';
import { AppError } from '@/server/errors';
import { authedRoute, json, readJson } from '@/server/next/http';
import { listDocuments, presentDocument } from '@/server/queries/documents';

export const dynamic = 'force-dynamic';

/**
 * The documents the signed-in user may see, every match of the optional
 * `?q=&kind=&language=&state=&sort=updated|title|title-desc&collation=<tag>`; with `q`, each
 * carries `match: {field, snippet, highlights}`. 400 when a parameter is malformed, 422 when
 * the search is longer than 200 characters.
 */
export const GET = authedRoute(async ({ req, user, services }) => {
  const { query, problems, unacceptable } = parseDocumentListQuery(req.nextUrl.searchParams);
  if (problems.length) throw new AppError('bad_request', problems.join(' '));
  if (unacceptable.length) throw new AppError('unprocessable', unacceptable.join(' '));
  return json(await listDocuments(services.storage, user, query, req.headers.get('accept-language')));
});

/** Creates a draft: `{title, kind, language, dateline?, skeleton?}` → 201 with its metadata. */
export const POST = authedRoute(async ({ req, user, services }) => {
  const doc = await createDocument(services, user, await readJson(req));
  return json(await presentDocument(services.storage, user, doc), 201);
});
