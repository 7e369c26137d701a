import { clientAddress } from '@/server/auth/throttle';
import { errorResponse } from '@/server/next/http';
import { requestLocale } from '@/server/next/locale';
import { admitVerification, verifyFile } from '@/server/queries/verify';
import { getServices } from '@/server/registry';
import { organisation } from '@/server/commands/organisation';

export const dynamic = 'force-dynamic';

/**
 * Public verification of a file, no session: whether the file whose bytes have this SHA-256
 * (computed in the browser, so the file is never sent) is an export of a text the
 * organisation released. The same answers as `GET /api/verify/<hash>`; 400 for a malformed
 * hash. Readable by fetch from any site (server/edge/gate.ts lets /api/verify/ through).
 * Refusals in the caller's language (cookie or Accept-Language).
 */
export async function GET(req: Request, context: { params: Promise<{ sha256: string }> }): Promise<Response> {
  try {
    const { storage, env } = getServices();
    admitVerification(clientAddress(req.headers, env.TRUST_PROXY), env.VERIFY_LOOKUPS_PER_MINUTE);
    const org = await organisation(getServices());
    const answer = await verifyFile(storage, org.name, (await context.params).sha256);
    return Response.json(answer, { headers: { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' } });
  } catch (err) {
    return errorResponse(err, {}, requestLocale(req, null));
  }
}
