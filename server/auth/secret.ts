import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** The file in DATA_DIR that keeps the generated session secret. */
export const SECRET_FILE = 'nextauth-secret';

/**
 * The session-signing secret: NEXTAUTH_SECRET when given; otherwise one generated on first
 * start and kept (mode 0600) in DATA_DIR, so sessions survive restarts and no secret is
 * ever hard-coded.
 */
export function resolveSessionSecret(dataDir: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, SECRET_FILE);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
