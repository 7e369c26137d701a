import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStorage } from '@/server/storage/sqlite';
import { checkCredentials } from './credentials';
import { hashPassword, verifyPassword } from './password';

describe('checking an email and password', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'communique-credentials-'));
  const storage = new SqliteStorage(path.join(dir, 'communique.db'));

  beforeAll(async () => {
    await storage.open();
    await storage.createUser({ email: 'known@example.org', name: 'Known', role: 'drafter', passwordHash: await hashPassword('right-password-1') });
    const gone = await storage.createUser({ email: 'gone@example.org', name: 'Gone', role: 'drafter', passwordHash: await hashPassword('right-password-1') });
    await storage.updateUser(gone.id, { active: false });
    await storage.createUser({ email: 'sso-only@example.org', name: 'SSO', role: 'drafter', passwordHash: null });
  });
  afterAll(async () => {
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The real scrypt check, counting the hashes it was asked to check against. */
  function countingVerify(): { verify: typeof verifyPassword; checked: string[] } {
    const checked: string[] = [];
    return { checked, verify: (password, stored) => (checked.push(stored), verifyPassword(password, stored)) };
  }

  it('hashes once for an unknown email, an inactive account and one without a password, exactly as for a known one', async () => {
    for (const email of ['known@example.org', 'nobody@example.org', 'gone@example.org', 'sso-only@example.org']) {
      const { verify, checked } = countingVerify();
      await checkCredentials(storage, email, 'right-password-1', verify);
      expect(checked, email).toHaveLength(1);
      expect(checked[0], email).toMatch(/^scrypt\$16384\$8\$1\$/);
    }
  });

  it('signs in only an active account with its right password', async () => {
    expect((await checkCredentials(storage, 'KNOWN@example.org', 'right-password-1'))?.email).toBe('known@example.org');
    expect(await checkCredentials(storage, 'known@example.org', 'wrong-password')).toBeNull();
    expect(await checkCredentials(storage, 'gone@example.org', 'right-password-1')).toBeNull();
    expect(await checkCredentials(storage, 'nobody@example.org', 'right-password-1')).toBeNull();
  });
});
