// luring-sw.js - the service worker of visits without a signal. It keeps
// nothing on its own: the verification page's script (offline.js) puts the
// page and what it needs into the cache when the verifier prepares a visit.
// For those addresses the network is asked first (and the kept copy of a
// page renewed); when there is no network, the kept copy answers. Every
// other request goes to the network untouched.
'use strict';

var CACHE = 'p2ham-luring-v1';

self.addEventListener('install', function () {
  self.skipWaiting();
});

self.addEventListener('activate', function (event) {
  event.waitUntil(self.clients.claim());
});

// A page is kept under its path, without the notice of a redirect (?ok=).
function keyOf(request) {
  var url = new URL(request.url);
  return request.mode === 'navigate' ? url.origin + url.pathname : request.url;
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  event.respondWith(caches.open(CACHE).then(function (cache) {
    var key = keyOf(request);
    return cache.match(key).then(function (kept) {
      if (!kept) {
        return fetch(request);
      }
      return fetch(request).then(function (fresh) {
        if (fresh.ok && request.mode === 'navigate') {
          cache.put(key, fresh.clone());
        }
        return fresh;
      }, function () {
        return kept;
      });
    });
  }));
});
