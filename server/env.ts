import path from 'node:path';
import { z } from 'zod';

const booleanString = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const urlString = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://');

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .url()
    .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a PostgreSQL URL: postgres://user:password@host:5432/database')
    .optional(),
  REDIS_URL: z
    .string()
    .url()
    .refine((u) => /^rediss?:\/\//.test(u), 'must be a Redis URL: redis://host:6379')
    .optional(),
  NEXTAUTH_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  NEXTAUTH_URL: urlString.optional(),
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(urlString)),
  SEED_DEMO_USERS: booleanString.default(true),
  /** A proxy in front sets X-Forwarded-For: sign-in throttling counts the address it saw. */
  TRUST_PROXY: booleanString.default(false),
  /** Public verification lookups (/api/verify/…) one client address may make in a minute; past it, 429. */
  VERIFY_LOOKUPS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  DEMO_PASSWORD: z.string().min(1).default('communique'),
  ORG_NAME: z.string().min(1).default('Communiqué'),
  ORG_TIMEZONE: z
    .string()
    .default('UTC')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Europe/Istanbul'),
  MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 * 1024),
  REDIS_PREFIX: z.string().default('communique:'),
  OIDC_ISSUER: urlString.optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).default('Single sign-on'),
  VERSION_QUIET_SECONDS: z.coerce.number().min(0.2).max(86_400).default(120),
  VERSION_MAX_SECONDS: z.coerce.number().min(0.2).max(86_400).default(600),
  SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Keys the audit chain (HMAC-SHA-256); kept outside the database, the same in every process and for audit:verify. */
  AUDIT_HMAC_KEY: z.string().min(32, 'must be at least 32 characters (a random secret: openssl rand -hex 32)').optional(),
  /** Turns GET /metrics on, behind `Authorization: Bearer <token>`; unset, /metrics does not exist. */
  METRICS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters (a random secret: openssl rand -hex 32)')
    .regex(/^\S+$/, 'must not contain spaces')
    .optional(),
  /** Where mail goes out (issue 25): smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. Unset, no mail is sent. */
  SMTP_URL: z
    .string()
    .url()
    .refine((u) => /^smtps?:\/\//.test(u), 'must be an SMTP URL: smtp://user:password@host:587 or smtps://user:password@host:465')
    .optional(),
  /** The From of every mail, an address or `Name <address>`; defaults to no-reply at the public host. */
  MAIL_FROM: z.string().min(3).max(320).regex(/@/, 'must be an e-mail address, or Name <address>').optional(),
  /** Seconds before the first retry of a mail the SMTP server refused; each next wait doubles (at most 6 hours). */
  MAIL_RETRY_SECONDS: z.coerce.number().min(0.05).max(3600).default(30),
  /** Attempts after which a mail is given up, kept with its SMTP error and shown to admins. */
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  /** How often each process looks for mail to send and for due dates and embargoes to tell of. */
  MAIL_POLL_SECONDS: z.coerce.number().min(0.05).max(3600).default(15),
  /**
   * On SIGTERM, /readyz answers 503 for this long while everything else goes on, so the load
   * balancer stops sending new clients here before the sockets are closed (1012).
   */
  /**
   * Tests only (issue 24): offers the pseudo-locale en-XA, every message wrapped in ⟦ ⟧, so a
   * browser test can find text that is not in the catalogues. Off unless set; never set it in production.
   */
  PSEUDO_LOCALE: booleanString.default(false),
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().min(0).max(300).default(0),
});

export type Env = z.infer<typeof schema> & { DATA_DIR: string };

/**
 * Reads and validates the environment once per process. On any problem it throws one
 * error that lists every wrong setting with what is expected, so an operator fixes them
 * all in one go.
 */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = source[key];
    raw[key] = value === '' && key !== 'ALLOWED_ORIGINS' ? undefined : value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid settings:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  if (env.DATABASE_URL && !env.NEXTAUTH_SECRET) {
    throw new Error('Invalid settings:\n  NEXTAUTH_SECRET: required when DATABASE_URL is set (every process must share it)');
  }
  const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (oidc !== 0 && oidc !== 3) {
    throw new Error('Invalid settings:\n  OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: set all three to enable single sign-on, or none');
  }
  if (env.REDIS_URL && !env.DATABASE_URL) {
    throw new Error(
      'Invalid settings:\n  REDIS_URL: relays between processes that share one PostgreSQL database; set DATABASE_URL too (one process with SQLite needs no Redis)',
    );
  }
  return { ...env, DATA_DIR: path.resolve(env.DATA_DIR) };
}
