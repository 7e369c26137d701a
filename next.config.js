// @ts-check
/**
 * Next.js configuration. The app is always served by our own Node server
 * (server/index.ts), which owns the port and the websocket upgrade; Next only
 * handles HTTP requests. Native and Yjs modules stay external so that route
 * handlers never bundle a second copy of them.
 * @type {import('next').NextConfig}
 */
module.exports = {
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: ['better-sqlite3', 'yjs', 'y-protocols', 'lib0', 'ws'],
  typescript: { ignoreBuildErrors: false },
};
