import { describe, expect, it } from 'vitest';
import { loadEnv as load } from './env';

/** Only these variables set (Next's types make NODE_ENV required on ProcessEnv). */
const loadEnv = (vars: Record<string, string>) => load(vars as NodeJS.ProcessEnv);

describe('operations settings', () => {
  it('leaves metrics off and the drain at 0 by default', () => {
    const env = loadEnv({});
    expect(env.METRICS_TOKEN).toBeUndefined();
    expect(env.SHUTDOWN_DRAIN_SECONDS).toBe(0);
  });

  it('takes a metrics token and a drain time', () => {
    const env = loadEnv({ METRICS_TOKEN: 'a'.repeat(32), SHUTDOWN_DRAIN_SECONDS: '7.5' });
    expect(env.METRICS_TOKEN).toBe('a'.repeat(32));
    expect(env.SHUTDOWN_DRAIN_SECONDS).toBe(7.5);
  });

  it('lists a short or spaced token and a drain that is not a number of seconds, each by name', () => {
    expect(() => loadEnv({ METRICS_TOKEN: 'short', SHUTDOWN_DRAIN_SECONDS: 'soon' })).toThrow(
      /METRICS_TOKEN: must be at least 16 characters[\s\S]*SHUTDOWN_DRAIN_SECONDS/,
    );
    expect(() => loadEnv({ METRICS_TOKEN: 'with a space inside it' })).toThrow(/METRICS_TOKEN: must not contain spaces/);
    expect(() => loadEnv({ SHUTDOWN_DRAIN_SECONDS: '-1' })).toThrow(/SHUTDOWN_DRAIN_SECONDS/);
  });
});

describe('mail settings', () => {
  it('leaves mail off by default, with retries every 30 s doubling, 10 attempts and a 15 s poll', () => {
    const env = loadEnv({});
    expect([env.SMTP_URL, env.MAIL_FROM, env.MAIL_RETRY_SECONDS, env.MAIL_MAX_ATTEMPTS, env.MAIL_POLL_SECONDS]).toEqual([undefined, undefined, 30, 10, 15]);
  });

  it('takes an smtp:// or smtps:// URL and a From, and lists anything else by name', () => {
    const env = loadEnv({ SMTP_URL: 'smtps://user:p%40ss@mail.example.org:465', MAIL_FROM: 'Press office <press@example.org>' });
    expect([env.SMTP_URL, env.MAIL_FROM]).toEqual(['smtps://user:p%40ss@mail.example.org:465', 'Press office <press@example.org>']);
    expect(() => loadEnv({ SMTP_URL: 'http://mail.example.org', MAIL_FROM: 'nobody' })).toThrow(/SMTP_URL: must be an SMTP URL[\s\S]*MAIL_FROM/);
    expect(() => loadEnv({ MAIL_MAX_ATTEMPTS: '0' })).toThrow(/MAIL_MAX_ATTEMPTS/);
  });
});
