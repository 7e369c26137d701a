import { logoFile, removeLetterheadLogo, setLetterheadLogo } from '@/server/commands/settings';
import { readFormWithin } from '@/server/next/body';
import { authedRoute, json } from '@/server/next/http';

export const dynamic = 'force-dynamic';

/** The letterhead logo's image (admins; the settings page's preview). */
export const GET = authedRoute(async ({ user, services }) => {
  const file = await logoFile(services, user);
  return new Response(new Blob([file.bytes as Uint8Array<ArrayBuffer>]), {
    headers: {
      'Content-Type': file.contentType,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      // An SVG shown on its own can run nothing and load nothing.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox",
    },
  });
});

/** Sets the logo: multipart, field `file` (PNG or SVG) → 200 the logo's details (admins). */
export const POST = authedRoute(async ({ req, user, services }) =>
  json(await setLetterheadLogo(services, user, (maxBytes, tooLarge) => readFormWithin(req, maxBytes, tooLarge))),
);

/** Removes the logo → 200 null (admins). */
export const DELETE = authedRoute(async ({ user, services }) => json(await removeLetterheadLogo(services, user)));
