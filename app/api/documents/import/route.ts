import { importDocument } from '../../../../server/commands/import';
import { authedRoute, json } from '../../../../server/next/http';

export const dynamic = 'force-dynamic';

/** Creates a document from an uploaded Markdown or DOCX file (multipart, field `file`). */
export const POST = authedRoute(async ({ req, user, services }) => {
  const form = await req.formData().catch(() => null);
  return json(await importDocument(services, user, form), 201);
});
