import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { MESSAGE_KINDS, REFUSAL_REASONS, type CollabCounters, type DurationHistogram } from '@/server/collab/counters';
import type { BilingualInput } from '@/server/export/bilingual';
import type { ExportFormat, ExportRenderer } from '@/server/export/renderer';
import type { StatementInput } from '@/server/export/statement-data';
import type { MailMetrics } from '@/server/mail/sender';

/** What the metrics read from the collaboration server when they are scraped. */
export interface CollabGauges {
  readonly counters: CollabCounters;
  readonly connectionCount: number;
  readonly openDocumentCount: number;
}

/**
 * What route handlers (inside Next's bundle) may count. They reach it through the registry
 * (server/registry.ts), since Next bundles its own copy of every module of ours.
 */
export interface SignInMetrics {
  signInFailed(): void;
  signInThrottled(): void;
}

const EXPORT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 30];
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * A histogram whose counts the collaboration server keeps as plain numbers (a
 * DurationHistogram, counted on the keystroke path); prom-client reads them when scraped.
 * `getForPromString` is where prom-client 15's Histogram produces its values: both `get()`
 * and the registry's text exposition read them from it (tests/integration/operations.test.ts
 * reads the count from /metrics).
 */
class CountedHistogram extends Histogram {
  constructor(
    private readonly metricName: string,
    private readonly helpText: string,
    private readonly counted: DurationHistogram,
    registers: Registry[],
  ) {
    super({ name: metricName, help: helpText, buckets: [...counted.bounds], registers });
  }

  async getForPromString() {
    const { metricName: name, counted } = this;
    const bucket = `${name}_bucket`;
    const value = (metricName: string, v: number, labels: Record<string, string | number> = {}) => ({ metricName, value: v, labels, sharedLabels: {} });
    let below = 0;
    const values = [
      ...counted.bounds.map((le, i) => value(bucket, (below += counted.counts[i]!), { le })),
      value(bucket, counted.count, { le: '+Inf' }),
      value(`${name}_sum`, counted.sum),
      value(`${name}_count`, counted.count),
    ];
    return { name, help: this.helpText, type: 'histogram' as const, values, aggregator: 'sum' as const };
  }
}

/**
 * The process's Prometheus metrics (prom-client), named by Prometheus's rules: the
 * `communique_` prefix, base units (seconds, bytes), `_total` for counters. No label ever
 * carries a document id, a user id or a raw path: messages by type, refusals by reason,
 * exports by format, HTTP requests by route template (server/edge/http-metrics.ts).
 * Counters on the keystroke path are plain numbers (collab/counters.ts) read at scrape time.
 */
export class Metrics implements SignInMetrics, MailMetrics {
  readonly registry = new Registry();
  private readonly signInFailures: Counter;
  private readonly signInThrottles: Counter;
  private readonly exports: Counter<'format' | 'outcome'>;
  private readonly exportSeconds: Histogram<'format'>;
  private readonly httpRequests: Counter<'route' | 'method' | 'status'>;
  private readonly httpSeconds: Histogram<'route'>;
  private readonly mailsSent: Counter;
  private readonly mailsFailed: Counter<'outcome'>;

  constructor(collab: CollabGauges) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    const { counters } = collab;

    new Gauge({
      name: 'communique_collab_connections',
      help: 'Collaboration websockets open in this process.',
      registers,
      collect() {
        this.set(collab.connectionCount);
      },
    });
    new Gauge({
      name: 'communique_collab_documents_loaded',
      help: 'Documents loaded in memory in this process.',
      registers,
      collect() {
        this.set(collab.openDocumentCount);
      },
    });
    new Counter({
      name: 'communique_collab_messages_received_total',
      help: 'Websocket messages received, by y-websocket message type (sync steps, update, awareness, …).',
      labelNames: ['type'],
      registers,
      collect() {
        this.reset();
        MESSAGE_KINDS.forEach((type, i) => this.inc({ type }, counters.messages[i]!));
      },
    });
    new Counter({
      name: 'communique_collab_updates_refused_total',
      help: 'Updates (or the frames carrying them) refused: read_only, refused_copy (edits refused earlier), malformed, too_large.',
      labelNames: ['reason'],
      registers,
      collect() {
        this.reset();
        REFUSAL_REASONS.forEach((reason, i) => this.inc({ reason }, counters.refused[i]!));
      },
    });
    new Counter({
      name: 'communique_collab_updates_committed_total',
      help: 'Updates written to the durable log by this process.',
      registers,
      collect() {
        this.reset();
        this.inc(counters.committed);
      },
    });
    new CountedHistogram(
      'communique_collab_commit_duration_seconds',
      'Time to write one batch of updates to the durable log (one transaction), before it is relayed.',
      counters.commitSeconds,
      registers,
    );
    new CountedHistogram(
      'communique_collab_relay_lag_seconds',
      'From the commit of updates in another process to their arrival here through the relay (includes clock difference between hosts).',
      counters.relayLagSeconds,
      registers,
    );

    this.exports = new Counter({
      name: 'communique_exports_total',
      help: 'Exports rendered, by format and outcome (ok, failed).',
      labelNames: ['format', 'outcome'],
      registers,
    });
    this.exportSeconds = new Histogram({
      name: 'communique_export_duration_seconds',
      help: 'Time to render one export, by format.',
      labelNames: ['format'],
      buckets: EXPORT_BUCKETS,
      registers,
    });
    this.httpRequests = new Counter({
      name: 'communique_http_requests_total',
      help: 'HTTP requests answered, by route template (never a raw path), method and status.',
      labelNames: ['route', 'method', 'status'],
      registers,
    });
    this.httpSeconds = new Histogram({
      name: 'communique_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route template.',
      labelNames: ['route'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.mailsSent = new Counter({
      name: 'communique_mails_sent_total',
      help: 'Mails the SMTP server accepted (a daily digest counts once).',
      registers,
    });
    this.mailsFailed = new Counter({
      name: 'communique_mails_failed_total',
      help: 'Mail attempts that failed: retry (tried again later) or gave_up (kept for admins with the SMTP error).',
      labelNames: ['outcome'],
      registers,
    });
    for (const outcome of ['retry', 'gave_up']) this.mailsFailed.inc({ outcome }, 0);
    this.signInFailures = new Counter({
      name: 'communique_sign_in_failures_total',
      help: 'Credential sign-ins that failed (wrong email or password, inactive account).',
      registers,
    });
    this.signInThrottles = new Counter({
      name: 'communique_sign_in_throttled_total',
      help: 'Credential sign-ins refused by the throttle (429) before the password was checked.',
      registers,
    });
  }

  signInFailed(): void {
    this.signInFailures.inc();
  }

  mailSent(count: number): void {
    this.mailsSent.inc(count);
  }

  mailFailed(outcome: 'retry' | 'gave_up'): void {
    this.mailsFailed.inc({ outcome });
  }

  signInThrottled(): void {
    this.signInThrottles.inc();
  }

  /** An HTTP request was answered (server/edge/http-metrics.ts gives the route template). */
  httpRequest(route: string, method: string, status: number, seconds: number): void {
    this.httpRequests.inc({ route, method, status: String(status) });
    this.httpSeconds.observe({ route }, seconds);
  }

  /** The renderer, counting each export by format and outcome, with its duration. */
  measureExports(renderer: ExportRenderer): ExportRenderer {
    const measured = async (format: string, run: () => Promise<Uint8Array>): Promise<Uint8Array> => {
      const started = performance.now();
      try {
        const bytes = await run();
        this.exports.inc({ format, outcome: 'ok' });
        return bytes;
      } catch (err) {
        this.exports.inc({ format, outcome: 'failed' });
        throw err;
      } finally {
        this.exportSeconds.observe({ format }, (performance.now() - started) / 1000);
      }
    };
    const render = (statement: StatementInput, format: ExportFormat) => measured(format, () => renderer.render(statement, format));
    const renderBilingual = (input: BilingualInput) => measured('pdf_bilingual', () => renderer.renderBilingual(input));
    return {
      render,
      renderBilingual,
      content: (stored) => renderer.content(stored),
      checkLogo: (logo) => renderer.checkLogo(logo),
      get state() {
        return renderer.state;
      },
      close: () => renderer.close(),
    };
  }

  /** The exposition text and its content type. */
  async expose(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
