import { describe, expect, it } from 'vitest';
import { hashPassword } from './password';
import { assertAcceptablePassword, isCommonPassword } from './password-policy';

const refusal = (password: string, owner: { email: string; currentHash?: string | null }) =>
  assertAcceptablePassword(password, owner).then(
    () => null,
    (err: Error) => err.message,
  );

describe('the password policy', () => {
  const email = 'Aigerim.Sultan@example.org';

  it('ships a list of common passwords and refuses them in any case', async () => {
    expect(isCommonPassword('qwertyuiop')).toBe(true);
    expect(isCommonPassword('PassWord123')).toBe(true);
    expect(isCommonPassword('communique')).toBe(true); // the demo password: fine for the seeded demo users only
    expect(isCommonPassword('amber-lantern-quietly')).toBe(false);
    expect(await refusal('1q2w3e4r5t6y', { email })).toMatch(/most common/);
  });

  it('refuses fewer than ten characters, the email and its local part', async () => {
    expect(await refusal('abc123xyz', { email })).toMatch(/at least 10/);
    expect(await refusal('aigerim.sultan@example.org', { email })).toMatch(/email/);
    expect(await refusal('AIGERIM.SULTAN', { email })).toMatch(/email/);
  });

  it('refuses the current password and accepts a good new one', async () => {
    const currentHash = await hashPassword('amber-lantern-quietly');
    expect(await refusal('amber-lantern-quietly', { email, currentHash })).toMatch(/differs from the current/);
    expect(await refusal('steppe-wind-over-lake', { email, currentHash })).toBeNull();
  });
});
