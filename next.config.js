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

// Messages reach next-intl compiled (server/i18n/catalogues.ts, `compiledMessagesFor`): the
// browser formats them with icu-minify's small formatter, without intl-messageformat and
// its ICU parser (`precompile`). The catalogues stay files read at runtime, as before.
module.exports = createNextIntlPlugin({
  requestConfig: './i18n/request.ts',
  experimental: { messages: { path: './messages', format: 'json', locales: 'infer', precompile: true } },
})(config);
