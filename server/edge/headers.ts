import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A host as it may appear in a CSP source (the Host header is the client's; keep it inert). */
const PLAIN_HOST = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

/**
 * The Content-Security-Policy of one response. Scripts run only with this response's nonce
 * (Next reads it from the request's own CSP header and puts it on every script it renders;
 * 'strict-dynamic' lets those load their chunks); no plugins, no framing by anyone, forms
 * post only to us, and the collaboration websocket is the only other connection. Styles
 * allow inline attributes because ProseMirror and React position carets and menus with
 * them. Development adds 'unsafe-eval' for Next's hot reload.
 */
export function contentSecurityPolicy(nonce: string, host: string | undefined, dev: boolean): string {
  const sockets = host && PLAIN_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Sets the security headers every response carries, and hands the CSP nonce to Next through
 * the request (a browser's own `Content-Security-Policy` request header is overwritten).
 * HSTS is sent only over https (the request arrived as https, or a proxy in front says so).
 */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, options: { dev: boolean; https: boolean }): void {
  const nonce = randomBytes(18).toString('base64');
  const csp = contentSecurityPolicy(nonce, req.headers.host, options.dev);
  req.headers['content-security-policy'] = csp;
  delete req.headers['content-security-policy-report-only'];
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  if (options.https) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
}
