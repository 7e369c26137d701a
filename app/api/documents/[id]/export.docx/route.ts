import { exportDocument } from '@/server/commands/export';
import { authedRoute, fileResponse, publicOrigin } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/**
 * The document (or `?version=<vid>`) as an editable Word document; the export is audited.
 * `?comments=1`: with the open comment threads as Word comments on their passages.
 */
export const GET = authedRoute<{ id: string }>(async ({ req, user, services, params }) => {
  const query = req.nextUrl.searchParams;
  return fileResponse(
    await exportDocument(services, user, params.id, query.get('version'), 'docx', publicOrigin(req, services.env), query.get('comments') === '1'),
  );
});
