import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStorage } from '@/server/storage/sqlite';
import { ACCOUNT_FAILURES, ADDRESS_FAILURES, CLIENT_ADDRESS_HEADER, admitSignIn, clientAddress, signInFinished } from './throttle';

const headers = (h: Record<string, string>) => new Headers(h);

describe('the client address a sign-in counts against', () => {
  it('is the socket’s address, whatever X-Forwarded-For says, unless a proxy is trusted', () => {
    const h = headers({ [CLIENT_ADDRESS_HEADER]: '127.0.0.1', 'X-Forwarded-For': '203.0.113.9' });
    expect(clientAddress(h, false)).toBe('127.0.0.1');
    expect(clientAddress(h, true)).toBe('203.0.113.9');
  });

  it('behind a trusted proxy is the last X-Forwarded-For entry (the one the proxy added), not the client’s own claims', () => {
    expect(clientAddress(headers({ [CLIENT_ADDRESS_HEADER]: '10.0.0.2', 'X-Forwarded-For': '192.0.2.1, 198.51.100.4' }), true)).toBe('198.51.100.4');
    expect(clientAddress(headers({ [CLIENT_ADDRESS_HEADER]: '10.0.0.2' }), true)).toBe('10.0.0.2');
  });

  it('reads IPv4 mapped into IPv6 as IPv4, and counts IPv6 by its /64 network', () => {
    expect(clientAddress(headers({ [CLIENT_ADDRESS_HEADER]: '::ffff:127.0.0.1' }), false)).toBe('127.0.0.1');
    const a = clientAddress(headers({ [CLIENT_ADDRESS_HEADER]: '2001:db8:1:2::17' }), false);
    const b = clientAddress(headers({ [CLIENT_ADDRESS_HEADER]: '2001:0db8:0001:0002:ffff:1:2:3' }), false);
    expect(a).toBe('2001:db8:1:2::/64');
    expect(b).toBe(a);
    expect(clientAddress(headers({ [CLIENT_ADDRESS_HEADER]: '2001:db8:1:3::17' }), false)).not.toBe(a);
    expect(clientAddress(headers({ [CLIENT_ADDRESS_HEADER]: '::1' }), false)).toBe('0:0:0:0::/64');
  });
});

describe('sign-in throttling against real storage (SQLite)', () => {
  it('counts failures only: forty checks at once all go ahead in turn when they succeed, and a burst of guesses gets no more than the limit checked', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'communique-throttle-'));
    const storage = new SqliteStorage(path.join(dir, 'test.db'));
    await storage.open();
    try {
      let checking = 0;
      let most = 0;
      /** One sign-in as sign-in.ts runs it: admitted, checked (the check takes a moment), finished. */
      const signIn = async (email: string, correct: boolean) => {
        const admission = await admitSignIn(storage, email, '192.0.2.1');
        if (!admission.admitted) return admission.reason;
        checking++;
        most = Math.max(most, checking);
        await new Promise((resolve) => setImmediate(resolve));
        checking--;
        await signInFinished(storage, admission.keys, correct ? 'succeeded' : 'failed');
        return correct ? 'signed in' : 'wrong password';
      };
      const many = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn(`user${i % 8}@example.org`, true)));
      expect(many).toEqual(Array(40).fill('signed in'));
      expect(most).toBeLessThanOrEqual(ADDRESS_FAILURES);

      most = 0;
      const guesses = await Promise.all(Array.from({ length: 20 }, () => signIn('victim@example.org', false)));
      expect(guesses.filter((g) => g === 'wrong password')).toHaveLength(ACCOUNT_FAILURES);
      expect(guesses.filter((g) => g === 'failures')).toHaveLength(20 - ACCOUNT_FAILURES);
      expect(most).toBeLessThanOrEqual(ACCOUNT_FAILURES);
      // Now even the right password is refused for that account.
      expect(await signIn('victim@example.org', true)).toBe('failures');
    } finally {
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
