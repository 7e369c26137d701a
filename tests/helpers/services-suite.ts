import { beforeAll, describe } from 'vitest';
import { inCI } from './services';

/**
 * A describe block that needs PostgreSQL (and Redis): skipped with a message on a
 * workstation without them, failing (never skipping) when CI is set.
 * `problems` are the probes' answers (null = reachable).
 */
export function servicesSuite(name: string, problems: (string | null)[], body: () => void): void {
  const missing = problems.filter((p): p is string => p !== null);
  if (missing.length && !inCI) {
    console.warn(
      `\n[scale-out] SKIPPING "${name}": ${missing.join('; ')}. ` +
        'Start PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 to run it. With CI set this fails instead of skipping.\n',
    );
  }
  describe.skipIf(missing.length > 0 && !inCI)(name, () => {
    beforeAll(() => {
      if (missing.length) throw new Error(`${missing.join('; ')}, and CI is set: the scale-out suites must run in CI.`);
    });
    body();
  });
}
