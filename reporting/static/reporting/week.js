/* The village's weekly report on a phone (issue 13 item 4): "Nộp" puts the figures in the outbox
   (households/outbox.js, IndexedDB) with an idempotency key; the entry is deleted only when the
   server names that key and the hash of the figures as stored. An entry still waiting wins over
   the page, so it can be opened and edited until it is sent. */
(function () {
  "use strict";
  var form = document.getElementById("week-form");
  var O = window.XTDOutbox;
  if (!form || !window.fetch || !O) return;
  var STORE = form.getAttribute("data-store");
  var msg = document.getElementById("week-msg");
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[data-code]"));
  var button = form.querySelector("button[type=submit]");
  var version = parseInt(form.getAttribute("data-version"), 10) || 0;

  function say(text, kind) { msg.textContent = text; msg.className = "m02-msg " + (kind || ""); }
  function show(errors) {
    inputs.forEach(function (i) {
      var e = errors[i.name]; if (e && e.join) e = e.join(" ");
      document.getElementById("err_" + i.name).textContent = e || "";
      if (e) i.setAttribute("aria-invalid", "true"); else i.removeAttribute("aria-invalid");
    });
  }
  function read() {
    var figures = {}, err = {};
    inputs.forEach(function (i) {
      var s = i.value.trim(), label = form.querySelector("label[for='" + i.id + "']").textContent;
      if (s === "") err[i.name] = "Chưa nhập " + label + ".";
      else if (!/^\d+$/.test(s)) err[i.name] = label + (/^-/.test(s) ? " không được là số âm." : " phải là số nguyên, chỉ gồm chữ số.");
      else figures[i.name] = parseInt(s, 10);
    });
    return {figures: figures, note: form.elements.ghi_chu.value.trim(), err: err};
  }

  O.forStore(STORE).then(function (e) {
    if (!e) return;
    inputs.forEach(function (i) { if (e.body.figures[i.name] !== undefined) i.value = String(e.body.figures[i.name]); });
    form.elements.ghi_chu.value = e.body.ghi_chu;
    show(e.errors || {});
    say(e.note || "Bản nộp lúc trước đang chờ gửi.", e.state === "login" || e.state === "invalid" || e.state === "conflict" ? "bad" : "wait");
  });
  window.addEventListener("xtd-outbox", function (ev) {
    var d = ev.detail || {};
    if (d.queued) return;
    (d.sent || []).forEach(function (s) {
      if (s.entry.store !== STORE) return;
      var a = s.answer || {};
      inputs.forEach(function (i) { i.disabled = true; });
      form.elements.ghi_chu.disabled = true;
      if (button) button.style.display = "none";
      var st = document.getElementById("week-state");
      if (st && a.status_label) st.textContent = a.status_label + (a.is_late ? ", nộp muộn" : "");
      say((a.message || "Đã nộp.") + " Máy chủ đã xác nhận, máy đã xóa bản nháp.", "ok");
    });
    O.forStore(STORE).then(function (e) {
      if (!e) return;
      show(e.errors || {});
      say(e.note || "Đang gửi…", e.state === "invalid" || e.state === "conflict" || e.state === "login" ? "bad" : "wait");
    });
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var r = read();
    show(r.err);
    if (Object.keys(r.err).length) { say("Chưa nộp: hãy sửa các ô báo đỏ.", "bad"); return; }
    say("Đang gửi…", "wait");
    O.forStore(STORE).then(function (old) {
      if (old && O.canonical(old.body.figures, old.body.ghi_chu) === O.canonical(r.figures, r.note)) {
        old.state = "queued";
        return O.put(old).then(function () { return O.flush({force: true}); });
      }
      var key = O.newKey();
      var body = {idempotency_key: key, version: version, figures: r.figures, ghi_chu: r.note, user: form.getAttribute("data-user") || ""};
      return O.enqueue({key: key, kind: "week", url: form.getAttribute("data-api"), page: location.pathname,
        store: STORE, label: "Báo cáo " + form.getAttribute("data-label"), user: body.user, body: body});
    })["catch"](function () {
      say("Máy không lưu được bản nháp (bộ nhớ đầy hoặc chế độ ẩn danh). Đừng đóng trang; hãy thử lại.", "bad");
    });
  });
})();
