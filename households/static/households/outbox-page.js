/* On every page of a village head: register the service worker (/sw.js), show the outbox
   ("2 bản chờ gửi", what and since when, why it waits) and send it on load, when the link
   returns, and with backoff after a failure. The sending itself is XTDOutbox.flush (outbox.js). */
(function () {
  "use strict";
  var O = window.XTDOutbox;
  if (!O || !window.indexedDB) return;
  var timer = null, lastSent = [];

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function when(iso) {
    var d = new Date(iso);
    return pad(d.getHours()) + ":" + pad(d.getMinutes()) + " " + pad(d.getDate()) + "/" + pad(d.getMonth() + 1) + "/" + d.getFullYear();
  }
  function node(tag, attrs, text) {
    var n = document.createElement(tag);
    for (var k in attrs) n.setAttribute(k, attrs[k]);
    if (text) n.textContent = text;
    return n;
  }
  function panel() {
    var p = document.getElementById("xtd-outbox");
    if (p) return p;
    var main = document.getElementById("main");
    if (!main) return null;
    p = node("section", {id: "xtd-outbox", "class": "card outbox", "aria-live": "polite", hidden: ""});
    main.insertBefore(p, main.firstChild);
    return p;
  }
  function render() {
    return O.all().then(function (entries) {
      var p = panel();
      if (!p) return entries;
      p.textContent = "";
      if (!entries.length && !lastSent.length) { p.hidden = true; return entries; }
      p.hidden = false;
      if (entries.length) {
        p.appendChild(node("h2", {"class": "outbox-title"}, entries.length + " bản chờ gửi"));
        var ul = node("ul", {"class": "list outbox-list"});
        entries.forEach(function (e) {
          var li = node("li", {"class": "outbox-entry outbox-" + e.state, "data-key": e.key});
          li.appendChild(node("strong", {}, e.label));
          li.appendChild(node("span", {"class": "muted"}, " · nhập lúc " + when(e.created)));
          if (e.note) li.appendChild(node("p", {"class": "outbox-note"}, e.note));
          var links = node("p", {});
          if (e.state === "login") {
            links.appendChild(node("a", {"class": "btn primary", href: "/dang-nhap/?next=" + encodeURIComponent(location.pathname)}, "Đăng nhập lại"));
            links.appendChild(document.createTextNode(" "));
          }
          if (e.page && e.page !== location.pathname) links.appendChild(node("a", {href: e.page}, "Mở để xem, sửa"));
          li.appendChild(links);
          ul.appendChild(li);
        });
        p.appendChild(ul);
        var btn = node("button", {type: "button", "class": "btn outbox-send"}, "Gửi ngay");
        btn.addEventListener("click", function () { run(true); });
        p.appendChild(btn);
      }
      lastSent.forEach(function (s) {
        p.appendChild(node("p", {"class": "msg msg-success outbox-sent"}, "Đã gửi và máy chủ đã xác nhận: " + s.entry.label + "."));
      });
      return entries;
    });
  }
  function schedule(entries) {
    clearTimeout(timer);
    var next = null;
    entries.forEach(function (e) {
      if ((e.state === "retry" || e.state === "offline") && e.next && (next === null || e.next < next)) next = e.next;
    });
    if (next !== null) timer = setTimeout(function () { run(false); }, Math.max(1000, next - Date.now()));
  }
  function run(force) {
    return O.flush({force: force}).then(render).then(schedule, function () { return render(); });
  }

  // A report of a sending round (this page's, or the worker's relayed below), or a new entry.
  window.addEventListener("xtd-outbox", function (ev) {
    var d = ev.detail || {};
    if (d.queued) return run(true);
    if (d.sent && d.sent.length) lastSent = lastSent.concat(d.sent);
    render();
  });
  window.addEventListener("online", function () { run(true); });
  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", function (ev) {
      if (ev.data && ev.data.type === "xtd-outbox") window.dispatchEvent(new CustomEvent("xtd-outbox", {detail: ev.data.detail}));
    });
    navigator.serviceWorker.register("/sw.js", {scope: "/"}).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      // This page was loaded before the worker could see it: keep a copy for offline use.
      if (reg.active) reg.active.postMessage({type: "cache-pages", urls: [location.pathname + location.search]});
    })["catch"](function () { /* no service worker (http, private mode): the outbox still works while the page is open */ });
  }
  // Told before typing (issue 13, faults): a phone whose storage is nearly full may refuse to keep
  // an entry. Ask for persistent storage, and warn when the estimate leaves less than LOW bytes.
  var LOW = 5 * 1024 * 1024;
  function storageCheck() {
    var st = navigator.storage;
    if (!st || !st.estimate) return;
    if (st.persist) st.persist()["catch"](function () {});
    st.estimate().then(function (e) {
      if (!e || !e.quota) return;
      var free = e.quota - (e.usage || 0);
      if (free >= LOW) return;
      var main = document.getElementById("main");
      if (!main || document.getElementById("xtd-storage")) return;
      var mb = (free / 1048576).toFixed(1).replace(".", ",");
      var p = node("p", {id: "xtd-storage", "class": "msg msg-warning", role: "alert"},
        "Bộ nhớ trên máy sắp đầy (còn khoảng " + mb + " MB): bản nháp có thể không lưu được khi mất mạng. " +
        "Hãy xóa bớt ảnh, video hoặc ứng dụng không dùng trước khi nhập số liệu.");
      main.insertBefore(p, main.firstChild);
    })["catch"](function () {});
  }
  storageCheck();
  run(true);  // every page load sends what waits
})();
