import { headers } from 'next/headers';

/**
 * This response's CSP nonce, for an inline script of our own: server/edge/headers.ts hands the
 * policy to Next in the request's own CSP header, as Next reads it for its scripts.
 */
export async function scriptNonce(): Promise<string | undefined> {
  const csp = (await headers()).get('content-security-policy');
  return csp?.match(/'nonce-([^']+)'/)?.[1];
}
