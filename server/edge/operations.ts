import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '@/server/errors';

/** Each part /readyz checks, and what it found. */
export interface Readiness {
  /** `stopping` once SIGTERM arrived: the orchestrator takes this process out of rotation. */
  process: 'ok' | 'stopping';
  storage: 'ok' | 'down';
  pubsub: 'ok' | 'down' | 'off';
  renderer: 'ok' | 'busy' | 'closed';
}

export interface OperationsOptions {
  /** METRICS_TOKEN: /metrics exists only when it is set. */
  metricsToken: string | undefined;
  metrics: { expose(): Promise<{ contentType: string; body: string }> };
  readiness(): Promise<Readiness>;
}

const NO_STORE = { 'Cache-Control': 'no-store' };

/**
 * The endpoints for orchestrators and monitoring, answered at the edge before Next (no
 * session, nothing revealed beyond what they are for):
 * - `GET /livez`: the process answers (200 `{status:"ok"}`);
 * - `GET /readyz`: storage, pub/sub when configured and the render pool are ready, and the
 *   process is not stopping (200), or 503 naming the failing part;
 * - `GET /metrics`: Prometheus exposition, only when METRICS_TOKEN is set (otherwise Next's
 *   own 404, as for any unknown path), and only with `Authorization: Bearer <token>` (401).
 * Returns false for every other request (it goes on to Next).
 */
export function answerOperations(req: IncomingMessage, res: ServerResponse, options: OperationsOptions): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = (req.url ?? '/').split('?')[0];
  switch (path) {
    case '/livez':
      json(res, 200, { status: 'ok' });
      return true;
    case '/readyz':
      void options.readiness().then(
        (parts) => {
          const ready = parts.process === 'ok' && parts.storage === 'ok' && parts.pubsub !== 'down' && parts.renderer === 'ok';
          json(res, ready ? 200 : 503, { status: ready ? 'ok' : 'unavailable', ...parts });
        },
        () => json(res, 503, { status: 'unavailable' }),
      );
      return true;
    case '/metrics': {
      if (!options.metricsToken) return false;
      if (!bearerMatches(req.headers.authorization, options.metricsToken)) {
        const error = new AppError('unauthenticated', 'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.');
        res.writeHead(401, { 'Content-Type': 'application/json; charset=utf-8', 'WWW-Authenticate': 'Bearer', ...NO_STORE });
        res.end(JSON.stringify(error.toJSON()));
        return true;
      }
      void options.metrics.expose().then(
        ({ contentType, body }) => {
          res.writeHead(200, { 'Content-Type': contentType, ...NO_STORE });
          res.end(req.method === 'HEAD' ? undefined : body);
        },
        () => {
          const error = new AppError('internal');
          res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8', ...NO_STORE });
          res.end(JSON.stringify(error.toJSON()));
        },
      );
      return true;
    }
    default:
      return false;
  }
}

/**
 * Whether an Authorization header carries the bearer token, compared in constant time: both
 * sides are hashed first, so neither the token's length nor its first differing byte shows
 * in the time taken.
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  const given = createHash('sha256')
    .update(match?.[1] ?? '')
    .digest();
  const expected = createHash('sha256').update(token).digest();
  return timingSafeEqual(given, expected) && match !== null;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...NO_STORE });
  res.end(JSON.stringify(body));
}
