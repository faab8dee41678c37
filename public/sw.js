// Roadshow's service worker: keeps the app shell on the device so the scoring screen opens in a
// hall whose Wi-Fi has dropped. API calls always go to the network (the app keeps its own
// copy of event data and its outbox in storage); pages fall back to the cached shell.
const CACHE = 'roadshow-shell-v1';

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

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    // Network first, so a new release is picked up; the cached shell when offline.
    event.respondWith((async () => {
      try {
        const response = await fetch(request);
        if (response.ok) (await caches.open(CACHE)).put('/', response.clone());
        return response;
      } catch {
        return (await caches.match('/')) ?? Response.error();
      }
    })());
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
