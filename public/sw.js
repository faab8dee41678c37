// Roadshow's service worker: keeps the main app's shell (index.html and its hashed assets) on the
// device so the scoring screen opens in a hall whose Wi-Fi has dropped. API calls always go to
// the network (the app keeps its own copy of event data and its outbox in storage); pages fall
// back to the cached shell.
// The organizer console (console.html, served for /events/{id}/organize and the import page
// /events/new/import, assets under /console/)
// and the startup's screens (startup.html, served for /events/{id}/register and
// /events/{id}/startup, assets under /startup-app/) are bundles of their own: this worker leaves
// their pages and assets to the network, so it never answers their navigations with the main
// shell.
const CACHE = 'roadshow-shell-v4';
// Trunk's content-hashed names (`name-<hex hash>[_bg].ext`) never change: cache first. Anything
// else (the worker loader, sw.js, zones.csv…) may change under the same name: network first.
const HASHED = /-[0-9a-f]{12,16}(?:_bg)?\.(?:js|wasm|css)$/;
// Keep in step with EVENT_PAGE_DOCUMENTS (server/src/assets.rs) and bundle_for_path
// (src/navigation.rs).
const OTHER_BUNDLE_PAGE = /^\/(?:events\/[^/]+\/(?:organize|import|register|startup)|programs\/(?:new|[^/]+\/organize))$/;
const OTHER_BUNDLE_ASSETS = ['/console/', '/startup-app/'];

async function cacheShell() {
  const cache = await caches.open(CACHE);
  const response = await fetch('/', { cache: 'no-cache' });
  const html = await response.clone().text();
  await cache.put('/', response);
  // The shell's hashed assets, named in index.html by Trunk.
  const assets = [...html.matchAll(/(?:href|src|module_or_path:)\s*=?\s*["']?(\/[^"'\s>]+\.(?:js|wasm|css))/g)].map((m) => m[1]);
  await cache.addAll([...new Set(assets)]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

// Network first; `cacheKey`'s copy when offline.
async function networkFirst(request, cacheKey) {
  try {
    const response = await fetch(request);
    if (response.ok) (await caches.open(CACHE)).put(cacheKey, response.clone());
    return response;
  } catch {
    return (await caches.match(cacheKey)) ?? Response.error();
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  // The other bundles' documents and assets: the network (and the HTTP cache) only.
  if (OTHER_BUNDLE_PAGE.test(url.pathname) || OTHER_BUNDLE_ASSETS.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (request.mode === 'navigate') {
    // Every other page is the main app's index.html: network first, so a new release is picked
    // up; the cached shell when offline.
    event.respondWith(networkFirst(request, '/'));
    return;
  }
  if (!HASHED.test(url.pathname)) {
    event.respondWith(networkFirst(request, request));
    return;
  }
  // Hashed assets never change: cache first.
  event.respondWith((async () => {
    const cached = await caches.match(request);
    if (cached) return cached;
    const response = await fetch(request);
    if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
    return response;
  })());
});
