/* The village head's outbox: every entry typed on the phone waits in IndexedDB until the server
   has confirmed it, and only then is it deleted. Used by the pages (window) and by the service
   worker (/sw.js imports this file), so a reload, a closed browser or an expired session loses
   nothing.

   An entry is {key, kind, url, page, store, label, user, body, hash, created, state, note,
   errors, tries, next}. It is deleted only when the server answers 200/201 with JSON naming the
   same key and the same hash: sha256 of the canonical JSON of the figures (sorted keys, no
   spaces; households.services.figures_hash computes the same). Anything else keeps it and
   says why, in Vietnamese. */
(function (root) {
  "use strict";
  var DB = "xtd-outbox", STORE = "entries", SESSION_URL = "/ra-soat/phien/";
  var MSG = {
    login: "Phiên đăng nhập đã hết hạn — đăng nhập lại, bản nháp vẫn còn.",
    offline: "Chưa có mạng. Bản nháp vẫn giữ trên máy, sẽ tự gửi khi có mạng.",
    busy: "Máy chủ chưa nhận được (lỗi tạm thời). Bản nháp vẫn giữ trên máy, sẽ tự gửi lại.",
    mismatch: "Máy chủ trả lời không khớp với số trên máy. Bản nháp vẫn giữ; hãy mở lại và nộp lại.",
    unconfirmed: "Chưa có xác nhận của máy chủ. Bản nháp vẫn giữ trên máy, sẽ tự gửi lại."
  };
  // States that are sent again by themselves; "invalid", "conflict", "other_user" wait for the user.
  var RETRY = {queued: 1, retry: 1, login: 1, offline: 1};

  function open() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB, 1);
      req.onupgradeneeded = function () { req.result.createObjectStore(STORE, {keyPath: "key"}); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }
  function tx(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode), out;
        var store = t.objectStore(STORE);
        var req = work(store);
        if (req) req.onsuccess = function () { out = req.result; };
        t.oncomplete = function () { db.close(); resolve(out); };
        t.onerror = t.onabort = function () { db.close(); reject(t.error); };
      });
    });
  }
  function all() {
    return tx("readonly", function (s) { return s.getAll(); }).then(function (rows) {
      return (rows || []).sort(function (a, b) { return a.created < b.created ? -1 : 1; });
    });
  }
  function put(entry) { return tx("readwrite", function (s) { return s.put(entry); }); }
  function remove(key) { return tx("readwrite", function (s) { return s["delete"](key); }); }

  // Canonical JSON of the figures and the note: the keys sorted, numbers as numbers.
  function canonical(figures, note) {
    var obj = {}, src = {};
    for (var k in figures) src[k] = figures[k];
    src.ghi_chu = note;
    Object.keys(src).sort().forEach(function (k) { obj[k] = src[k]; });
    return JSON.stringify(obj);
  }
  function hash(figures, note) {
    var bytes = new TextEncoder().encode(canonical(figures, note));
    return crypto.subtle.digest("SHA-256", bytes).then(function (buf) {
      return Array.prototype.map.call(new Uint8Array(buf), function (b) {
        return ("0" + b.toString(16)).slice(-2);
      }).join("");
    });
  }
  function newKey() {
    if (root.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    return Date.now().toString(36) + Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  }

  function notify(detail) {
    if (root.document) root.dispatchEvent(new CustomEvent("xtd-outbox", {detail: detail}));
    if (root.clients && root.clients.matchAll) {
      root.clients.matchAll({type: "window"}).then(function (list) {
        list.forEach(function (c) { c.postMessage({type: "xtd-outbox", detail: detail}); });
      });
    }
  }
  // One sender at a time across the tabs and the worker: a second one waits, then finds the
  // entries already gone (and the server's idempotency key stores each once in any case).
  function locked(work) {
    if (root.navigator && navigator.locks) return navigator.locks.request("xtd-outbox", work);
    return work();
  }
  function backoff(tries) { return Math.min(3000 * Math.pow(2, tries), 5 * 60 * 1000); }

  function readJSON(res) {
    var type = res.headers.get("Content-Type") || "";
    if (type.indexOf("application/json") < 0) return Promise.resolve(null);
    return res.json().catch(function () { return null; });
  }

  function sendOne(entry, token) {
    return fetch(entry.url, {
      method: "POST", credentials: "same-origin", redirect: "manual", cache: "no-store",
      headers: {"Content-Type": "application/json", "Accept": "application/json",
        "X-CSRFToken": token, "Idempotency-Key": entry.key},
      body: JSON.stringify(entry.body)
    }).then(function (res) {
      return readJSON(res).then(function (data) { return {status: res.status, data: data}; });
    });
  }

  // Classify one answer: "sent" deletes the entry, every other outcome keeps it.
  function outcome(entry, r) {
    var d = r.data || {};
    if (r.status === 200 || r.status === 201) {
      if (d.key === entry.key && d.hash === entry.hash) return {state: "sent"};
      return {state: "mismatch", note: MSG.mismatch};
    }
    if (r.status === 401) return {state: "login", note: MSG.login, stop: true};
    if (r.status === 400 && r.data) return {state: "invalid", note: d.message, errors: d.errors || {}};
    if (r.status === 409 && r.data) return {state: "conflict", note: d.message};
    if (r.status === 403 && d.code === "other_user") return {state: "other_user", note: d.message};
    if (r.data && d.message && r.status < 500) return {state: "conflict", note: d.message};
    return {state: "retry", note: r.status >= 500 ? MSG.busy : MSG.unconfirmed};
  }

  // Send every entry that is due. Resolves to {sent: [...], left: n, retry: bool}.
  function flush(opts) {
    opts = opts || {};
    return locked(function () {
      return all().then(function (entries) {
        var now = Date.now();
        var due = entries.filter(function (e) { return RETRY[e.state] && (opts.force || !e.next || e.next <= now); });
        var report = {sent: [], left: entries.length, retry: false, login: false};
        if (!due.length) { report.retry = entries.some(function (e) { return RETRY[e.state]; }); return report; }
        return fetch(SESSION_URL, {credentials: "same-origin", cache: "no-store", redirect: "manual"})
          .then(function (res) { return readJSON(res); })
          .then(function (session) {
            if (!session) throw new Error("no session answer");
            if (!session.authenticated) {
              report.login = true;
              return mark(due, {state: "login", note: MSG.login}).then(function () { return report; });
            }
            return due.reduce(function (chain, entry) {
              return chain.then(function (stop) {
                if (stop) return true;
                return sendOne(entry, session.csrf_token).then(function (r) {
                  var o = outcome(entry, r);
                  if (o.state === "sent") {
                    report.sent.push({entry: entry, answer: r.data});
                    report.left -= 1;
                    return remove(entry.key).then(function () { return false; });
                  }
                  if (o.state === "login") report.login = true;
                  if (o.state === "retry") report.retry = true;
                  return mark([entry], o).then(function () { return !!o.stop; });
                }, function () {
                  report.retry = true;
                  return mark([entry], {state: "offline", note: MSG.offline}).then(function () { return true; });
                });
              });
            }, Promise.resolve(false)).then(function () { return report; });
          }, function () {
            report.retry = true;
            return mark(due, {state: "offline", note: MSG.offline}).then(function () { return report; });
          });
      });
    }).then(function (report) { notify(report); return report; });
  }

  function mark(entries, o) {
    return entries.reduce(function (chain, e) {
      return chain.then(function () {
        e.state = o.state;
        e.note = o.note || "";
        e.errors = o.errors || {};
        // A failed or unanswered send is tried again after a growing pause (3 s … 5 min); the
        // "online" event and a page load do not wait for it.
        var again = o.state === "retry" || o.state === "offline";
        e.tries = (e.tries || 0) + (again ? 1 : 0);
        e.next = again ? Date.now() + backoff(e.tries - 1) : 0;
        e.updated = new Date().toISOString();
        return put(e);
      });
    }, Promise.resolve());
  }

  // Queue one entry (replacing any earlier unsent entry for the same form) and try to send.
  function enqueue(entry) {
    return hash(entry.body.figures, entry.body.ghi_chu).then(function (h) {
      entry.hash = h;
      entry.state = "queued";
      entry.created = entry.created || new Date().toISOString();
      return all();
    }).then(function (entries) {
      var stale = entries.filter(function (e) { return e.store === entry.store && e.key !== entry.key; });
      return Promise.all(stale.map(function (e) { return remove(e.key); }));
    }).then(function () { return put(entry); }).then(function () {
      if (root.navigator && navigator.storage && navigator.storage.persist) navigator.storage.persist();
      requestSync();
      notify({queued: entry.key});
      return entry;
    });
  }
  function forStore(store) {
    return all().then(function (entries) {
      return entries.filter(function (e) { return e.store === store; })[0] || null;
    });
  }
  function requestSync() {
    if (!root.document || !navigator.serviceWorker) return;
    navigator.serviceWorker.ready.then(function (reg) {
      if (reg.sync) return reg.sync.register("xtd-outbox");
    })["catch"](function () { /* no Background Sync: the pages send on load and when online */ });
  }

  root.XTDOutbox = {all: all, put: put, remove: remove, hash: hash, canonical: canonical, newKey: newKey,
    enqueue: enqueue, flush: flush, forStore: forStore, MSG: MSG};
})(self);
