// @ts-check
const path = require('node:path');
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
  turbopack: {
    resolveAlias: {
      // Messages reach next-intl compiled (server/i18n/catalogues.ts, `compiledMessagesFor`), so
      // it formats them with icu-minify's small formatter, without intl-messageformat and its ICU
      // parser: what next-intl's own `precompile` option sets. Not that option itself: it also
      // compiles every import of messages/*.json, which lib/i18n/format.ts formats as ICU text.
      'use-intl/format-message': `./${path.relative(__dirname, require.resolve('use-intl/format-message/format-only')).replace(/\\/g, '/')}`,
    },
  },
};

module.exports = createNextIntlPlugin('./i18n/request.ts')(config);
