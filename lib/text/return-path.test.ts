import { describe, expect, it } from 'vitest';
import { returnPath } from './return-path';

describe('returnPath: where sign-in may send someone back to', () => {
  it('keeps a path on our own site, with its query and fragment', () => {
    expect(returnPath('/documents/abc?tab=history#v3')).toBe('/documents/abc?tab=history#v3');
    expect(returnPath('/admin/people')).toBe('/admin/people');
  });

  // As they arrive in `?callbackUrl=`: the page sees them decoded once.
  it.each([
    '/%5Cevil.example/',
    '/%09/evil.example',
    '/%0A/evil.example',
    '//evil.example',
    '/%2F/evil.example',
    '%2F%2Fevil.example',
    '///evil.example',
    '%5C%5Cevil.example',
    'https://evil.example/documents',
    'HTTPS%3A%2F%2Fevil.example',
    'javascript:alert(1)',
    '%20//evil.example',
    'http:/%5Cevil.example',
  ])('refuses callbackUrl=%s, which would leave the site', (query) => {
    expect(returnPath(decodeURIComponent(query))).toBe('/documents');
    // Decoded once more or not at all, it still never names another host.
    for (const raw of [query, decodeURIComponent(decodeURIComponent(query))]) {
      expect(new URL(returnPath(raw), 'http://app.example').host).toBe('app.example');
    }
  });

  it('an encoded slash stays part of the path, never a host', () => {
    // "/%2F/evil" is the path "/%2F/evil" on our site, which the browser does not read as a host.
    expect(new URL(returnPath('/%2F/x'), 'http://app.example').host).toBe('app.example');
  });

  it('falls back when there is nothing to go back to', () => {
    expect(returnPath(undefined)).toBe('/documents');
    expect(returnPath('')).toBe('/documents');
  });
});
