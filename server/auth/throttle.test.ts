import { describe, expect, it } from 'vitest';
import { CLIENT_ADDRESS_HEADER, clientAddress } from './throttle';

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
