// The service worker of the saved-jobs page, served as /sw.js with the scope /saved: it controls that
// page only. It keeps a copy of the page and of the site's own static files, so the saved jobs
// (which live in the browser's localStorage) can be read offline. Network first, so an online visitor
// always gets the current page; the copy is used only when the network fails. It caches nothing but
// GET requests for /saved and /static/ of this origin, never a response marked no-store (the page of
// a signed-in visitor), and never sends anything anywhere.
"use strict";
var CACHE = "loket-saved-v1";
var SHELL = ["/saved", "/static/css/site.css", "/static/js/saved-jobs.js"];

function keep(cache, request, response) {
  var noStore = /no-store/i.test(response.headers.get("Cache-Control") || "");
  return response.ok && response.type === "basic" && !noStore ? cache.put(request, response) : Promise.resolve();
}

function cacheable(url) {
  return url.origin === self.location.origin && (url.pathname === "/saved" || url.pathname.indexOf("/static/") === 0);
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(SHELL.map(function (path) {
      return fetch(path).then(function (response) { return keep(cache, path, response); });
    }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) { return key.indexOf("loket-saved-") === 0 && key !== CACHE; })
      .map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (!cacheable(url)) { return; }
  var page = url.pathname === "/saved";
  event.respondWith(fetch(request).then(function (response) {
    var copy = response.clone();
    event.waitUntil(caches.open(CACHE).then(function (cache) { return keep(cache, request, copy); }));
    return response;
  }).catch(function () {
    // Offline: the kept copy (the page in whichever language it was last opened).
    return caches.match(request, { ignoreSearch: page, ignoreVary: true }).then(function (hit) {
      return hit || Response.error();
    });
  }));
});
