import { exportBilingualPdf } from '@/server/commands/export-bilingual';
import { exportDocument } from '@/server/commands/export';
import { authedRoute, fileResponse, publicOrigin } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/**
 * The document (or `?version=<vid>`) as a print-ready PDF; the export is audited.
 * `?bilingual=1`: a language version beside its group's master, in two columns (issue 23);
 * `?with=<id>`: beside that version of the same group (the master on the left).
 */
export const GET = authedRoute<{ id: string }>(async ({ req, user, services, params }) => {
  const query = req.nextUrl.searchParams;
  const origin = publicOrigin(req, services.env);
  if (!query.has('bilingual') && !query.has('with')) return fileResponse(await exportDocument(services, user, params.id, query.get('version'), 'pdf', origin));
  const bilingual = { bilingual: query.get('bilingual'), with: query.get('with'), version: query.get('version') };
  return fileResponse(await exportBilingualPdf(services, user, params.id, bilingual, origin));
});
