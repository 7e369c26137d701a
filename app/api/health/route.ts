import { getServices } from '../../../server/registry';

export const dynamic = 'force-dynamic';

/** For load balancers: storage and pub/sub status, nothing else, no session needed. */
export async function GET(): Promise<Response> {
  let storage: 'ok' | 'down' = 'down';
  try {
    await getServices().storage.ping();
    storage = 'ok';
  } catch {
    storage = 'down';
  }
  const body = { status: storage === 'ok' ? 'ok' : 'unavailable', storage, pubsub: 'off' as const };
  return Response.json(body, { status: storage === 'ok' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
