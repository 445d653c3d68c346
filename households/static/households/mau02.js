/* Mẫu 02 on a phone: keep what was typed (localStorage), live consistency hints, and submit
   with an idempotency key that survives retries, so a lost connection or a double tap stores
   the return once. The draft is cleared only after the server confirms (201 / 200). */
(function () {
  "use strict";
  var form = document.getElementById("m02");
  if (!form || !window.fetch) return;
  var NAMES = ["so_ho", "so_khau", "co_vneid", "chua_vneid", "hs_truc_tuyen", "hs_kq_dien_tu", "ho_danh_gia"];
  var LABEL = {so_ho: "Số hộ", so_khau: "Số khẩu", co_vneid: "Người có VNeID", chua_vneid: "Người chưa có",
    hs_truc_tuyen: "Hồ sơ DVC trực tuyến", hs_kq_dien_tu: "Hồ sơ có kết quả điện tử", ho_danh_gia: "Hộ đã đánh giá hài lòng"};
  var STORE = form.getAttribute("data-store");
  var msg = document.getElementById("m02-msg");
  var button = form.querySelector("button[type=submit]");
  var version = parseInt(form.getAttribute("data-version"), 10) || 0;
  var retryTimer = null, sending = false, delay = 3000;

  function el(name) { return form.elements[name]; }
  function load() { try { return JSON.parse(localStorage.getItem(STORE)) || null; } catch (e) { return null; } }
  function save(state) { try { localStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* full or private */ } }
  function values() {
    var v = {};
    NAMES.forEach(function (n) { v[n] = el(n).value.trim(); });
    v.ghi_chu = el("ghi_chu").value;
    return v;
  }
  function say(text, kind) { msg.textContent = text; msg.className = "m02-msg " + (kind || ""); }
  function setText(id, text) { var p = document.getElementById(id); if (p) p.textContent = text; }

  function check(v) {
    var err = {}, warn = {}, n = {};
    NAMES.forEach(function (k) {
      var s = v[k];
      if (s === "") return;
      if (!/^\d+$/.test(s)) { err[k] = LABEL[k] + (/^-/.test(s) ? " không được là số âm." : " phải là số nguyên, chỉ gồm chữ số."); return; }
      n[k] = parseInt(s, 10);
    });
    function has() { for (var i = 0; i < arguments.length; i++) if (!(arguments[i] in n)) return false; return true; }
    if (has("co_vneid", "chua_vneid", "so_khau") && n.co_vneid + n.chua_vneid !== n.so_khau)
      err.chua_vneid = "Người có VNeID (" + n.co_vneid + ") + Người chưa có (" + n.chua_vneid + ") = " +
        (n.co_vneid + n.chua_vneid) + ", phải bằng Số khẩu (" + n.so_khau + ").";
    if (has("so_ho", "so_khau") && n.so_ho > n.so_khau)
      err.so_ho = "Số hộ (" + n.so_ho + ") không được lớn hơn Số khẩu (" + n.so_khau + "): mỗi hộ có ít nhất một người.";
    if (has("ho_danh_gia", "so_ho") && n.ho_danh_gia > n.so_ho)
      err.ho_danh_gia = "Hộ đã đánh giá hài lòng (" + n.ho_danh_gia + ") không được lớn hơn Số hộ (" + n.so_ho + ").";
    if (has("hs_kq_dien_tu", "hs_truc_tuyen") && n.hs_kq_dien_tu > n.hs_truc_tuyen)
      warn.hs_kq_dien_tu = "Nhiều hơn Hồ sơ DVC trực tuyến: được phép (kết quả có thể từ hồ sơ giấy), Trung tâm sẽ kiểm tra lại.";
    return {err: err, warn: warn};
  }
  function show(err, warn) {
    NAMES.concat(["ghi_chu"]).forEach(function (k) {
      var e = err[k]; if (e && e.join) e = e.join(" ");
      var w = warn && warn[k]; if (w && w.join) w = w.join(" ");
      setText("err_" + k, e || "");
      setText("warn_" + k, w || "");
      if (el(k)) { if (e) el(k).setAttribute("aria-invalid", "true"); else el(k).removeAttribute("aria-invalid"); }
    });
  }
  function live() { var r = check(values()); show(r.err, r.warn); return r; }

  // Restore a draft typed earlier on this phone (it wins over the page: it is newer).
  var state = load();
  if (state && state.values) {
    NAMES.concat(["ghi_chu"]).forEach(function (k) { if (state.values[k] !== undefined) el(k).value = state.values[k]; });
    if (state.pending) say("Số liệu chưa gửi được lần trước vẫn còn trên máy. Đang gửi lại…", "wait");
    else say("Đã khôi phục số đang nhập dở trên máy này.", "");
    live();
  }
  form.addEventListener("input", function () {
    var s = load() || {};
    s.values = values();
    save(s);
    live();
  });

  function fp(v) { return JSON.stringify(NAMES.map(function (k) { return v[k]; }).concat([v.ghi_chu.trim()])); }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    return Date.now().toString(36) + Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  }
  function scheduleRetry() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(send, delay);
    delay = Math.min(delay * 2, 30000);
  }

  function send() {
    var s = load();
    if (!s || !s.pending || sending) return;
    sending = true;
    if (button) button.disabled = true;
    var p = s.pending;
    var body = {idempotency_key: p.key, version: p.version, ghi_chu: p.values.ghi_chu, figures: {}};
    NAMES.forEach(function (k) { body.figures[k] = p.values[k]; });
    fetch(form.getAttribute("data-api"), {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": form.elements.csrfmiddlewaretoken.value,
        "Idempotency-Key": p.key},
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) { return {status: res.status, data: data}; });
    }).then(function (r) {
      sending = false;
      if (button) button.disabled = false;
      if (r.status === 200 || r.status === 201) {
        localStorage.removeItem(STORE);
        clearTimeout(retryTimer); delay = 3000;
        version = r.data.version;
        el("version").value = version;
        show({}, r.data.warnings || {});
        say(r.data.message + " Máy đã xóa bản nháp.", "ok");
        var st = document.getElementById("m02-state");
        if (st) st.textContent = r.data.status_label + (r.data.is_late ? ", nộp muộn" : "");
      } else if (r.status === 400) {
        s.pending = null; save(s);
        show(r.data.errors || {}, {});
        say((r.data.errors && r.data.errors.__all__ ? r.data.errors.__all__.join(" ") + " " : "") +
          (r.data.message || "Chưa nộp được: hãy sửa các ô báo đỏ."), "bad");
      } else if (r.status === 409 || r.status === 403 || r.status === 404) {
        s.pending = null; save(s);
        say(r.data.message || "Không nộp được.", "bad");
      } else {
        say("Máy chủ đang bận. Số liệu vẫn được giữ trên máy, sẽ tự gửi lại.", "wait");
        scheduleRetry();
      }
    }, function () {
      sending = false;
      if (button) button.disabled = false;
      say("Mất kết nối mạng. Số liệu vẫn được giữ trên máy này và sẽ tự gửi lại khi có mạng. Không cần nhập lại.", "wait");
      scheduleRetry();
    });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var v = values();
    var r = check(v), missing = {};
    NAMES.forEach(function (k) { if (v[k] === "") missing[k] = "Chưa nhập " + LABEL[k] + "."; });
    for (var k in missing) if (!r.err[k]) r.err[k] = missing[k];
    show(r.err, r.warn);
    if (Object.keys(r.err).length) { say("Chưa nộp: hãy sửa các ô báo đỏ.", "bad"); return; }
    var s = load() || {};
    s.values = v;
    // The same figures keep the same key (a retry or a double tap is one submission);
    // changed figures are a new submission with a new key.
    if (!s.pending || s.pending.fp !== fp(v)) s.pending = {key: newKey(), fp: fp(v), values: v, version: version};
    save(s);
    say("Đang gửi…", "wait");
    send();
  });
  window.addEventListener("online", function () { delay = 3000; send(); });
  if (state && state.pending) send();
})();
