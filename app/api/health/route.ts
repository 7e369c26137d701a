import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/**
 * For load balancers: storage and pub/sub status, nothing else, no session needed.
 * 200 when storage answers and the relay between processes (if configured) is connected;
 * 503 naming the failing part otherwise.
 */
export async function GET(): Promise<Response> {
  let storage: 'ok' | 'down' = 'down';
  let pubsub: 'ok' | 'down' | 'off' = 'off';
  try {
    const services = getServices();
    pubsub = services.pubsub?.state ?? 'off';
    await services.storage.ping();
    storage = 'ok';
  } catch {
    storage = 'down';
  }
  const healthy = storage === 'ok' && pubsub !== 'down';
  const body = { status: healthy ? 'ok' : 'unavailable', storage, pubsub };
  return Response.json(body, { status: healthy ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
