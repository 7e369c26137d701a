// @ts-check
const createNextIntlPlugin = require('next-intl/plugin');

/**
 * Next.js configuration. The app is always served by our own Node server
 * (server/index.ts), which owns the port and the websocket upgrade; Next only
 * handles HTTP requests. Native and Yjs modules stay external so that route
 * handlers never bundle a second copy of them. next-intl's plugin points Next at
 * i18n/request.ts, the per-request interface language (issue 24).
 * @type {import('next').NextConfig}
 */
const config = {
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: ['better-sqlite3', 'yjs', 'y-protocols', 'lib0', 'ws'],
  typescript: { ignoreBuildErrors: false },
};

module.exports = createNextIntlPlugin('./i18n/request.ts')(config);
