import { authedRoute, json } from '@/server/next/http';
import { documentAudit } from '@/server/queries/audit';

export const dynamic = 'force-dynamic';

/** The document's audit entries, oldest first, with their chain hashes. */
export const GET = authedRoute<{ id: string }>(async ({ user, services, params }) => json(await documentAudit(services.storage, user, params.id)));
