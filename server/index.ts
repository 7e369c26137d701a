import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import next from 'next';
import { resolveSessionSecret } from './auth/secret';
import { CLIENT_ADDRESS_HEADER } from './auth/throttle';
import { CollabHub } from './collab/hub';
import { connectRelay } from './collab/relay';
import { admitRequest } from './edge/gate';
import { countRequest, RouteTemplates } from './edge/http-metrics';
import { answerOperations, type Readiness } from './edge/operations';
import { assignRequestId, logRequest } from './edge/request-log';
import { StaticAssets } from './edge/static-assets';
import { RedisRelay } from './pubsub/redis';
import { saveAutoVersion } from './commands/versions';
import { AuditChainCheck } from './audit-check';
import { ProcessExportRenderer } from './export/renderer';
import { ProcessImportConverter } from './import/converter';
import { loadEnv, type Env } from './env';
import { createLogger } from './log';
import { Metrics } from './metrics';
import { setServices } from './registry';
import { ROOT } from './root';
import { indexBacklog } from './search/backlog';
import { checkDueAndReleased } from './mail/checks';
import { MailSender, mailFrom, mailOrigin, smtpTransport } from './mail/sender';
import { organisation } from './commands/organisation';
import { seedDemoUsers } from './seed';
import { chooseStorage } from './storage';

/**
 * The single process: Next's request handler and our collaboration websocket on one port,
 * so the session cookie reaches the websocket. Everything is opened here, in order, and
 * closed in reverse on SIGTERM/SIGINT; nothing touches the database at module load.
 */
async function main(): Promise<void> {
  const dev = process.argv.includes('--dev');
  let env: Env;
  try {
    env = loadEnv();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
  const log = createLogger(env.LOG_LEVEL);
  process.on('unhandledRejection', (err) => log.error('unhandled rejection', { err }));
  process.on('uncaughtException', (err) => log.error('uncaught exception', { err }));

  const secret = resolveSessionSecret(env.DATA_DIR, env.NEXTAUTH_SECRET);
  process.env.NEXTAUTH_SECRET = secret;
  // Without a public URL, next-auth takes the origin from the request (same origin).
  if (!env.NEXTAUTH_URL) {
    delete process.env.NEXTAUTH_URL; // an empty value would break next-auth's URL parsing
    process.env.AUTH_TRUST_HOST = 'true';
  }

  const { storage, documentLocks, closeLocks } = chooseStorage(env, log);
  await storage.open();
  // Under the lock: processes starting together on an empty PostgreSQL database seed once.
  if (env.SEED_DEMO_USERS && (await documentLocks.run('seed:demo-users', () => seedDemoUsers(storage, env.DEMO_PASSWORD)))) {
    log.info('seeded demo users (<role>@example.org)');
  }
  void indexBacklog(storage, log).catch((err: unknown) => log.error('indexing older documents for search failed', { err }));
  const relay = env.REDIS_URL ? new RedisRelay(env.REDIS_URL, env.REDIS_PREFIX, log) : undefined;
  const collab = new CollabHub({ env, storage, log, secret, relay, onUnversionedChanges: (id, content) => saveAutoVersion(storage, id, content) });
  if (relay) await connectRelay(collab, relay, log);
  const metrics = new Metrics(collab);
  const renderer = metrics.measureExports(new ProcessExportRenderer());
  const importer = new ProcessImportConverter();
  const auditChain = new AuditChainCheck(storage, env.AUDIT_HMAC_KEY ?? null, log);
  auditChain.start();
  const services = { env, secret, storage, collab, documentLocks, renderer, importer, pubsub: relay, metrics, auditChain };
  setServices(services);

  let stopping = false;
  const readiness = async (): Promise<Readiness> => ({
    process: stopping ? 'stopping' : 'ok',
    storage: await storage.ping().then(
      () => 'ok' as const,
      () => 'down' as const,
    ),
    pubsub: relay ? relay.state : 'off',
    renderer: renderer.state,
  });
  const operations = { metricsToken: env.METRICS_TOKEN, metrics, readiness };
  const routes = new RouteTemplates(ROOT);
  if (!env.METRICS_TOKEN) log.info('metrics are off: set METRICS_TOKEN to serve GET /metrics');

  const server = http.createServer();
  const createNext = (next as unknown as { default?: typeof next }).default ?? next;
  const app = createNext({ dev, dir: ROOT, hostname: 'localhost', port: env.PORT, httpServer: server });
  await app.prepare();
  const handle = app.getRequestHandler();
  // The build's scripts and styles as compressed at build time (Next's dev server serves its own).
  const assets = dev ? null : StaticAssets.load(path.join(ROOT, '.next'));

  server.on('request', (req, res) => {
    // We are the edge when nothing in front said otherwise: next-auth derives http/https from this.
    if (!req.headers['x-forwarded-proto']) req.headers['x-forwarded-proto'] = 'http';
    const requestId = assignRequestId(req, res, env.TRUST_PROXY);
    countRequest(req, res, routes, (route, method, status, seconds) => {
      metrics.httpRequest(route, method, status, seconds);
      if (log.enabled('info')) logRequest(req, { requestId, route, status, seconds }, log, secret);
    });
    if (!admitRequest(req, res, env, dev)) return;
    if (answerOperations(req, res, operations)) return;
    if (assets?.serve(req, res)) return;
    // Route handlers see no socket: hand them its address (sign-in throttling), whatever the client sent.
    req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? '';
    handle(req, res).catch((err: unknown) => {
      log.error('request failed', { requestId, url: req.url, err });
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'internal', message: 'Something went wrong on the server.' } }));
    });
  });
  server.on('upgrade', (req, socket, head) => {
    if (!CollabHub.owns(req)) return;
    assignRequestId(req, null, env.TRUST_PROXY);
    void collab.handleUpgrade(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.PORT, env.HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  // Mail starts once the port is known (links fall back to this address without NEXTAUTH_URL).
  const smtp = env.SMTP_URL ? smtpTransport(env.SMTP_URL) : null;
  const mail = smtp
    ? new MailSender({
        storage,
        log,
        transport: smtp.send,
        from: mailFrom(env),
        origin: mailOrigin(env, port),
        org: async () => (await organisation(services)).name,
        retrySeconds: env.MAIL_RETRY_SECONDS,
        maxAttempts: env.MAIL_MAX_ATTEMPTS,
        pollSeconds: env.MAIL_POLL_SECONDS,
        metrics,
        beforeRound: async () => void (await checkDueAndReleased(services)),
      })
    : null;
  if (mail) {
    setServices({ ...services, mail });
    mail.start();
  } else log.info('e-mail is off: set SMTP_URL (and MAIL_FROM) to send mail; nothing is sent or queued until then');
  log.info('ready', { port, storage: storage.kind, pubsub: relay ? relay.state : 'off', ...(storage.kind === 'sqlite' ? { dataDir: env.DATA_DIR } : {}), dev });
  process.stdout.write(`Communiqué is ready on http://localhost:${port}\n`);

  /**
   * A graceful stop: /readyz answers 503 at once (and for SHUTDOWN_DRAIN_SECONDS on SIGTERM,
   * while everything else goes on, so the load balancer sends new clients elsewhere); then
   * no new connection is taken, every socket is closed with 1012 (service restart: clients
   * reconnect elsewhere, or here once it is back), every update accepted is committed and the
   * documents' last writes are done; then the rest closes, in reverse order of opening.
   */
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const drainMs = signal === 'SIGTERM' ? env.SHUTDOWN_DRAIN_SECONDS * 1000 : 0;
    log.info('stopping', { signal, drainSeconds: drainMs / 1000 });
    if (drainMs) await new Promise((r) => setTimeout(r, drainMs));
    server.close();
    await mail?.stop();
    smtp?.close();
    await collab.shutdown();
    await relay?.close();
    auditChain.stop();
    await renderer.close();
    await importer.close();
    await storage.close();
    await closeLocks();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Communiqué could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
