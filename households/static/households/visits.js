/* Sổ thăm hộ on a phone (issue 13 item 4): each household typed is one outbox entry with its own
   idempotency key, kept in IndexedDB until the server confirms that key and the hash of the
   visit as stored; the server then recomputes the village's Mẫu 02 row from the register.
   "?sua=<id>" opens a queued entry for editing (same entry, new key for the new figures). */
(function () {
  "use strict";
  var form = document.getElementById("visit-form");
  var O = window.XTDOutbox;
  if (!form || !window.fetch || !O) return;
  var INTS = ["members", "members_vneid", "online_dossiers", "e_results"];
  var LABEL = {household_code: "Mã hộ / số nhà", head_name: "Tên chủ hộ", members: "Số khẩu",
    members_vneid: "Số người có VNeID", online_dossiers: "Hồ sơ DVC trực tuyến", e_results: "Hồ sơ có kết quả điện tử"};
  var msg = document.getElementById("visit-msg");
  var prefix = form.getAttribute("data-store");
  var editing = new URLSearchParams(location.search).get("sua");

  function el(name) { return form.elements[name]; }
  function say(text, kind) { msg.textContent = text; msg.className = "m02-msg " + (kind || ""); }
  function show(errors) {
    Object.keys(LABEL).concat(["note"]).forEach(function (k) {
      var p = document.getElementById("verr_" + k), e = errors[k];
      if (e && e.join) e = e.join(" ");
      if (p) p.textContent = e || "";
      if (el(k)) { if (e) el(k).setAttribute("aria-invalid", "true"); else el(k).removeAttribute("aria-invalid"); }
    });
  }
  // The visit as the server will store it (trimmed text, whole numbers, a yes/no), so the
  // phone's hash and the server's hash of the stored visit are the same.
  function read() {
    var v = {}, err = {};
    v.household_code = el("household_code").value.trim();
    v.head_name = el("head_name").value.trim();
    v.note = el("note").value.trim();
    v.rated = el("rated").checked;
    if (!v.household_code) err.household_code = "Chưa nhập mã hộ hoặc số nhà.";
    if (!v.head_name) err.head_name = "Chưa nhập tên chủ hộ.";
    INTS.forEach(function (k) {
      var s = el(k).value.trim();
      if (s === "" && (k === "online_dossiers" || k === "e_results")) s = "0";
      if (!/^\d+$/.test(s)) { err[k] = s === "" ? "Chưa nhập " + LABEL[k] + "." : LABEL[k] + " phải là số nguyên, chỉ gồm chữ số."; return; }
      v[k] = parseInt(s, 10);
    });
    if (v.members !== undefined && v.members < 1) err.members = "Số khẩu của hộ phải từ 1 trở lên.";
    if (v.members !== undefined && v.members_vneid !== undefined && v.members_vneid > v.members)
      err.members_vneid = "Số người có VNeID (" + v.members_vneid + ") không được lớn hơn Số khẩu của hộ (" + v.members + ").";
    return {v: v, err: err};
  }
  function fill(v) {
    ["household_code", "head_name", "note"].concat(INTS).forEach(function (k) { el(k).value = v[k] === undefined ? "" : String(v[k]); });
    el("rated").checked = !!v.rated;
  }

  if (editing) O.forStore(prefix + editing).then(function (e) {
    if (!e) { say("Bản này đã được gửi, hoặc không còn trên máy.", "wait"); return; }
    fill(e.body.figures);
    show(e.errors || {});
    say((e.note ? e.note + " " : "") + "Đang sửa bản chờ gửi: hộ " + e.body.figures.household_code + ".", "wait");
  });

  window.addEventListener("xtd-outbox", function (ev) {
    var d = ev.detail || {};
    (d.sent || []).forEach(function (s) {
      if (s.entry.kind !== "visit" || s.entry.store.indexOf(prefix) !== 0) return;
      var a = s.answer || {};
      say((a.message || "Đã lưu hộ.") + " Máy chủ đã xác nhận.", "ok");
      var derived = a.derived || {};
      Object.keys(derived).forEach(function (k) {
        var dd = document.querySelector("[data-total='" + k + "']");
        if (dd) dd.textContent = String(derived[k]);
      });
    });
  });

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var r = read();
    show(r.err);
    if (Object.keys(r.err).length) { say("Chưa lưu: hãy sửa các ô báo đỏ.", "bad"); return; }
    var key = O.newKey();
    var store = prefix + (editing || key);
    var body = {idempotency_key: key, figures: r.v, ghi_chu: "", user: form.getAttribute("data-user") || ""};
    O.enqueue({
      key: key, kind: "visit", url: form.getAttribute("data-api"), page: location.pathname + "?sua=" + (editing || key),
      store: store, label: "Sổ thăm hộ – hộ " + r.v.household_code + " (" + form.getAttribute("data-village") + ")",
      user: body.user, body: body
    }).then(function () {
      say("Đã giữ hộ " + r.v.household_code + " trên máy, đang gửi… Nhập hộ tiếp theo.", "wait");
      if (editing) history.replaceState(null, "", location.pathname);
      editing = null;
      fill({});
      el("household_code").focus();
    })["catch"](function () {
      say("Máy không lưu được bản nháp (bộ nhớ đầy hoặc chế độ ẩn danh). Đừng đóng trang; hãy thử lại.", "bad");
    });
  });
})();
