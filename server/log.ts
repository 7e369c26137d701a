import { findSourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * A small structured logger: one JSON line per event on stderr, so an operator can grep
 * and a log shipper can parse. Errors are expanded with their cause.
 */
export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
  /** Whether lines at `level` are written (to skip work, such as decoding a cookie, for lines that are not). */
  enabled(level: Level): boolean;
}

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;

function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: sourceStack(value.stack), cause: value.cause ? serialise(value.cause) : undefined };
  }
  return value;
}

/**
 * The stack with each frame in the compiled server (.next/communique/server-core.cjs) pointed
 * back at its TypeScript source (server-core.cjs.map). Node's `--enable-source-maps` does this for
 * `error.stack` only until Next starts: Next formats stacks itself from then on.
 */
function sourceStack(stack: string | undefined): string | undefined {
  return stack?.replace(/(\/[^\s():]+\.cjs):(\d+):(\d+)/g, (frame, file: string, line: string, column: string) => {
    const entry = findSourceMap(file)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry)) return frame;
    const source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : entry.originalSource;
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

export function createLogger(minimum: Level = 'info'): Logger {
  const write = (level: Level, msg: string, data?: Record<string, unknown>) => {
    if (LEVELS[level] < LEVELS[minimum]) return;
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data ?? {})) fields[k] = serialise(v);
    process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields })}\n`);
  };
  return {
    debug: (m, d) => write('debug', m, d),
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
    enabled: (level) => LEVELS[level] >= LEVELS[minimum],
  };
}
