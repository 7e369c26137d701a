import { importDocument } from '@/server/commands/import';
import { readFormWithin } from '@/server/next/body';
import { authedRoute, json } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** Creates a document from an uploaded Markdown or DOCX file (multipart, field `file`); the body is read up to the limit only. */
export const POST = authedRoute(async ({ req, user, services }) =>
  json(await importDocument(services, user, (maxBytes, tooLarge) => readFormWithin(req, maxBytes, tooLarge)), 201),
);
