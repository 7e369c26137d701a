import { exportDocument } from '@/server/commands/export';
import { authedRoute, fileResponse, publicOrigin } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** The document (or `?version=<vid>`) as a print-ready PDF; the export is audited. */
export const GET = authedRoute<{ id: string }>(async ({ req, user, services, params }) =>
  fileResponse(await exportDocument(services, user, params.id, req.nextUrl.searchParams.get('version'), 'pdf', publicOrigin(req, services.env))),
);
