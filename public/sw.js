// Communiqué's service worker. One job: a document page that was opened online can be
// opened again without a network, so the editor shows this browser's copy of the draft
// (kept in IndexedDB by y-indexeddb) until the connection returns. Document pages are
// fetched from the network first and kept only as a fallback; built assets
// (/_next/static, immutable) likewise. Nothing else is touched. Signing out deletes the
// cache (components/editor/local-copy.ts: clearAllLocalCopies).
const CACHE = 'communique-offline-v1';
const PAGE = /^\/documents\/[A-Za-z0-9_-]{1,64}$/;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const page = request.mode === 'navigate' && PAGE.test(url.pathname);
  const asset = url.pathname.startsWith('/_next/static/');
  if (!page && !asset) return;
  const key = page ? url.pathname : url.pathname + url.search;
  event.respondWith(
    fetch(request)
      .then((response) => {
        // Only a page the server rendered for a signed-in user (a redirect to sign-in is not one).
        if (response.ok && !response.redirected && response.type === 'basic') {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(key, copy)));
        }
        return response;
      })
      .catch(async () => {
        const cached = await caches.match(key);
        if (!cached) return Response.error();
        // Marked, so the page (and a test) can tell the copy from a fresh render.
        const headers = new Headers(cached.headers);
        headers.set('X-Communique-Offline-Copy', '1');
        return new Response(cached.body, { status: cached.status, statusText: cached.statusText, headers });
      }),
  );
});
