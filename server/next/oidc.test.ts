import { describe, expect, it } from 'vitest';
import { mergeClaims } from './oidc';

describe('the claims of an SSO identity', () => {
  it('take the email from UserInfo when the ID token has none (the provider on its default settings)', () => {
    const merged = mergeClaims({ sub: 'u1' }, { sub: 'u1', email: 'drafter@example.org', email_verified: true, name: 'Daniyar' });
    expect(merged).toMatchObject({ sub: 'u1', email: 'drafter@example.org', email_verified: true, name: 'Daniyar' });
  });

  it('prefer the signed ID token where both carry a claim', () => {
    const merged = mergeClaims({ sub: 'u1', name: 'From the token' }, { sub: 'u1', name: 'From UserInfo' });
    expect(merged.name).toBe('From the token');
  });

  it('take the email and whether it is verified from one source, never one from each', () => {
    const fromToken = mergeClaims({ sub: 'u1', email: 'a@example.org' }, { sub: 'u1', email: 'b@example.org', email_verified: true });
    expect(fromToken).toMatchObject({ email: 'a@example.org', email_verified: undefined });
    const fromUserinfo = mergeClaims({ sub: 'u1', email_verified: true }, { sub: 'u1', email: 'b@example.org', email_verified: false });
    expect(fromUserinfo).toMatchObject({ email: 'b@example.org', email_verified: false });
  });

  it('read the ID token alone when the issuer has no UserInfo endpoint', () => {
    expect(mergeClaims({ sub: 'u1', email: 'a@example.org' }, null)).toMatchObject({ sub: 'u1', email: 'a@example.org' });
  });
});
