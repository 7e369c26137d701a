import { importDocument } from '@/server/commands/import';
import { readFormWithin } from '@/server/next/body';
import { authedRoute, inReaderLanguage, json } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** Creates a document from an uploaded Markdown or DOCX file (multipart, field `file`); the body is read up to the limit only. */
export const POST = authedRoute(async ({ req, user, services }) => {
  const imported = await importDocument(services, user, (maxBytes, tooLarge) => readFormWithin(req, maxBytes, tooLarge));
  return json({ ...imported, warnings: imported.warnings.map((note) => inReaderLanguage(note, req, user)) }, 201);
});
