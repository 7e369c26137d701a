import { clientAddress } from '@/server/auth/throttle';
import { errorResponse } from '@/server/next/http';
import { requestLocale } from '@/server/next/locale';
import { admitVerification, verifyText } from '@/server/queries/verify';
import { getServices } from '@/server/registry';
import { organisation } from '@/server/commands/organisation';

export const dynamic = 'force-dynamic';

/**
 * Public verification, no session: whether the text with this SHA-256 was released, and
 * if so its title, language, release moment and organisation. 400 for a malformed hash.
 * Readable by fetch from any site (public data; server/edge/gate.ts lets it through).
 * Refusals in the caller's language (cookie or Accept-Language).
 */
export async function GET(req: Request, context: { params: Promise<{ hash: string }> }): Promise<Response> {
  try {
    const { storage, env } = getServices();
    admitVerification(clientAddress(req.headers, env.TRUST_PROXY), env.VERIFY_LOOKUPS_PER_MINUTE);
    const org = await organisation(getServices());
    const answer = await verifyText(storage, org.name, (await context.params).hash);
    return Response.json(answer, { headers: { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' } });
  } catch (err) {
    return errorResponse(err, {}, requestLocale(req, null));
  }
}
