{% load static %}/* Xã Thi Đua service worker (served at /sw.js by households.api.service_worker).
   - keeps the shell (styles, scripts) and every village page opened once, so they open offline;
   - sends the outbox (outbox.js) when the link returns: Background Sync where the browser has
     it; the pages also send on every load and "online" event where it does not.
   Only GET requests of /static/, /ra-soat/, /bao-cao/thon/ and the home pages (/, /thon/) are touched; everything else goes
   to the network as if there were no worker. */
"use strict";
importScripts("{{ outbox_js|escapejs }}");
var SHELL = [{% for url in shell %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var STATIC_CACHE = "xtd-static-{{ version }}";
var PAGE_CACHE = "xtd-pages-v1";
var LOGIN_PATH = "{% url 'login' %}";
var STATIC_PREFIX = "{% get_static_prefix %}";
var OFFLINE_PAGE = '<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
  '<title>Chưa có mạng</title><body style="font-family:sans-serif;padding:1rem"><h1>Chưa có mạng</h1>' +
  '<p>Trang này chưa được lưu trên máy. Các bản nháp đã nhập vẫn còn và sẽ tự gửi khi có mạng.</p></body></html>';

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC_CACHE).then(function (c) { return c.addAll(SHELL); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("xtd-static-") === 0 && k !== STATIC_CACHE; })
      .map(function (k) { return caches["delete"](k); }));
  }).then(function () { return self.clients.claim(); }));
});

function isVillagePage(url) {
  if (url.pathname === "/" || url.pathname === "/thon/" || url.pathname.indexOf("/bao-cao/thon/") === 0) return true;
  return url.pathname.indexOf("/ra-soat/") === 0 && url.pathname !== "/ra-soat/phien/";
}

// A page as it may be kept: not the login page a lost session redirects to, and without the
// "redirected" flag (a redirected response cannot answer a navigation).
function keepPage(request, response) {
  if (!response || response.status !== 200 || response.type !== "basic") return Promise.resolve(response);
  if (new URL(response.url).pathname === LOGIN_PATH) return Promise.resolve(response);
  var copy = response.clone();
  return copy.blob().then(function (body) {
    var headers = new Headers(copy.headers);
    headers.set("X-Xtd-Kept", new Date().toISOString());  // marks the copy answered offline
    var clean = new Response(body, {status: 200, statusText: "OK", headers: headers});
    return caches.open(PAGE_CACHE).then(function (c) { return c.put(request.url, clean); });
  }).then(function () { return response; });
}

function page(request) {
  return fetch(request).then(function (response) {
    return keepPage(request, response);
  }, function () {
    return caches.open(PAGE_CACHE).then(function (c) { return c.match(request.url); }).then(function (hit) {
      return hit || new Response(OFFLINE_PAGE, {status: 503, headers: {"Content-Type": "text/html; charset=utf-8"}});
    });
  });
}

function staticFile(request) {
  return caches.open(STATIC_CACHE).then(function (c) {
    return c.match(request).then(function (hit) {
      var fresh = fetch(request).then(function (response) {
        if (response.ok) c.put(request, response.clone());
        return response;
      });
      if (hit) { fresh["catch"](function () {}); return hit; }
      return fresh;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === "{% url 'logout' %}") {
    // Logging out forgets the kept pages (they show the village's figures); the outbox stays.
    event.waitUntil(caches["delete"](PAGE_CACHE));
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.indexOf(STATIC_PREFIX) === 0) return event.respondWith(staticFile(request));
  if (request.mode === "navigate" && isVillagePage(url)) return event.respondWith(page(request));
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "cache-pages") {
    event.waitUntil(Promise.all((data.urls || []).map(function (u) {
      var url = new URL(u, self.location.origin);
      if (!isVillagePage(url)) return null;
      return caches.open(PAGE_CACHE).then(function (c) { return c.match(url.href); }).then(function (hit) {
        if (hit) return null;
        return fetch(url.href, {credentials: "same-origin"}).then(function (r) { return keepPage(new Request(url.href), r); })["catch"](function () {});
      });
    })));
  }
});

self.addEventListener("sync", function (event) {
  if (event.tag !== "xtd-outbox") return;
  event.waitUntil(self.XTDOutbox.flush({force: true}).then(function (report) {
    // Rejecting asks the browser to try this sync again later, with its own backoff.
    if (report.retry && !report.login) throw new Error("outbox: will retry");
  }));
});
