/* Mẫu 02 on a phone: keep what is being typed (localStorage), live consistency hints, and on
   "Nộp" put the entry in the outbox (outbox.js, IndexedDB) with an idempotency key that
   survives retries, reloads and re-logins, so a lost connection or a double tap stores the
   return once. Entry and draft are deleted only when the server confirms that key and hash. */
(function () {
  "use strict";
  var form = document.getElementById("m02");
  var O = window.XTDOutbox;
  if (!form || !window.fetch || !O) return;
  var NAMES = ["so_ho", "so_khau", "co_vneid", "chua_vneid", "hs_truc_tuyen", "hs_kq_dien_tu", "ho_danh_gia"];
  var LABEL = {so_ho: "Số hộ", so_khau: "Số khẩu", co_vneid: "Người có VNeID", chua_vneid: "Người chưa có",
    hs_truc_tuyen: "Hồ sơ DVC trực tuyến", hs_kq_dien_tu: "Hồ sơ có kết quả điện tử", ho_danh_gia: "Hộ đã đánh giá hài lòng"};
  var STORE = form.getAttribute("data-store");
  var msg = document.getElementById("m02-msg");
  var button = form.querySelector("button[type=submit]");
  var version = parseInt(form.getAttribute("data-version"), 10) || 0;

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
    say("Đã khôi phục số đang nhập dở trên máy này.", "");
    live();
  }
  form.addEventListener("input", function () {
    var s = load() || {};
    s.values = values();
    save(s);
    live();
  });

  function asBody(v) {
    var body = {idempotency_key: "", version: version, ghi_chu: v.ghi_chu.trim(), figures: {}, user: form.getAttribute("data-user") || ""};
    NAMES.forEach(function (k) { body.figures[k] = parseInt(v[k], 10); });
    return body;
  }
  function lock(done) {
    NAMES.concat(["ghi_chu"]).forEach(function (k) { if (el(k)) el(k).disabled = true; });
    if (button) button.style.display = "none";
    say(done, "ok");
  }

  // What the outbox says about this form's entry: sent (confirmed), or why it still waits.
  function onReport(report) {
    (report.sent || []).forEach(function (s) {
      if (s.entry.store !== STORE) return;
      try { localStorage.removeItem(STORE); } catch (e) { /* private mode */ }
      var d = s.answer || {};
      version = d.version || version;
      el("version").value = version;
      show({}, d.warnings || {});
      var st = document.getElementById("m02-state");
      if (st && d.status_label) st.textContent = d.status_label + (d.is_late ? ", nộp muộn" : "");
      lock((d.message || "Đã nộp.") + " Máy chủ đã xác nhận, máy đã xóa bản nháp.");
    });
    O.forStore(STORE).then(function (e) {
      if (!e) return;
      if (e.state === "invalid") show(e.errors || {}, {});
      var kind = e.state === "invalid" || e.state === "conflict" || e.state === "mismatch" || e.state === "login" ? "bad" : "wait";
      say(e.note || "Đang gửi…", kind);
    });
  }
  window.addEventListener("xtd-outbox", function (ev) { if (ev.detail && !ev.detail.queued) onReport(ev.detail); });

  // An entry still in the outbox wins over the page and the draft: it is what will be sent.
  if (O) O.forStore(STORE).then(function (e) {
    if (!e) return;
    NAMES.forEach(function (k) { el(k).value = String(e.body.figures[k]); });
    el("ghi_chu").value = e.body.ghi_chu;
    live();
    say(e.note || "Bản nộp lúc trước đang chờ gửi.", e.state === "login" || e.state === "invalid" ? "bad" : "wait");
  });

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var v = values();
    var r = check(v), missing = {};
    NAMES.forEach(function (k) { if (v[k] === "") missing[k] = "Chưa nhập " + LABEL[k] + "."; });
    for (var k in missing) if (!r.err[k]) r.err[k] = missing[k];
    show(r.err, r.warn);
    if (Object.keys(r.err).length) { say("Chưa nộp: hãy sửa các ô báo đỏ.", "bad"); return; }
    var body = asBody(v);
    say("Đang gửi…", "wait");
    // The same figures keep the same key (a retry or a double tap is one submission);
    // changed figures replace the queued entry with a new key.
    O.forStore(STORE).then(function (old) {
      if (old && O.canonical(old.body.figures, old.body.ghi_chu) === O.canonical(body.figures, body.ghi_chu)) {
        old.state = "queued";  // sent again as it is (e.g. after the centre returned the form)
        return O.put(old).then(function () { return O.flush({force: true}); });
      }
      body.idempotency_key = O.newKey();
      return O.enqueue({
        key: body.idempotency_key, kind: "mau02", url: form.getAttribute("data-api"), page: location.pathname,
        store: STORE, label: "Mẫu 02 – " + form.getAttribute("data-village"), user: body.user, body: body
      });
    })["catch"](function () {
      say("Máy không lưu được bản nháp (bộ nhớ đầy hoặc chế độ ẩn danh). Đừng đóng trang; hãy thử lại.", "bad");
    });
  });
})();
