import { letterheadLogo } from '@/server/commands/settings';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/**
 * The organisation's letterhead logo for the public newsroom's header (no sign-in: it is on
 * every released statement already). 404 with a JSON error when none is set.
 */
export async function GET(): Promise<Response> {
  const logo = await letterheadLogo(getServices().storage);
  if (!logo) return Response.json({ error: { code: 'not_found', message: 'No logo is set.' } }, { status: 404, headers: { 'Cache-Control': 'no-store' } });
  return new Response(new Blob([logo.bytes as Uint8Array<ArrayBuffer>]), {
    headers: {
      'Content-Type': logo.type === 'png' ? 'image/png' : 'image/svg+xml',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      // An SVG opened on its own can run nothing and load nothing.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox",
    },
  });
}
