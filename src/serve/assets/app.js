/* tianbiao serve: live sums, character counters, rows added and removed, batch progress.
   The pages work without it; it only helps. */
(function () {
  "use strict";

  // Exact decimal sums in ten-thousandths, as the validator adds them (no floating point drift).
  function toUnits(s) {
    s = (s || "").trim();
    if (!/^\d+(\.\d{1,4})?$/.test(s)) return null;
    var p = s.split(".");
    return parseInt(p[0], 10) * 10000 + (p[1] ? parseInt((p[1] + "0000").slice(0, 4), 10) : 0);
  }
  function fromUnits(u) {
    var i = Math.floor(u / 10000), f = String(u % 10000).padStart(4, "0").replace(/0+$/, "");
    return f ? i + "." + f : String(i);
  }

  function sumGroups() {
    document.querySelectorAll("[data-sum-group]").forEach(function (g) {
      var out = g.querySelector("[data-sum-out]");
      var total = null, parts = 0, anyPart = false, bad = false;
      g.querySelectorAll("[data-sum]").forEach(function (inp) {
        var v = inp.value.trim(), u = v === "" ? 0 : toUnits(v);
        if (u === null) { bad = true; return; }
        if (inp.dataset.sumRole === "total") total = v === "" ? null : u;
        else { parts += u; if (v !== "") anyPart = true; }
      });
      if (!out) return;
      if (bad || total === null || !anyPart) { out.textContent = ""; out.classList.remove("bad"); return; }
      if (parts === total) { out.textContent = out.dataset.ok; out.classList.remove("bad"); }
      else {
        out.textContent = out.dataset.bad.replace("{sum}", fromUnits(parts)).replace("{total}", fromUnits(total));
        out.classList.add("bad");
      }
    });
  }

  function pointsTotals() {
    var all = 0, per = {};
    document.querySelectorAll("[data-points]").forEach(function (inp) {
      var v = inp.value.trim(), u = toUnits(v);
      if (u === null) return;
      var max = toUnits(inp.dataset.max || "");
      inp.classList.toggle("over", max !== null && u > max);
      all += u;
      per[inp.dataset.l1] = (per[inp.dataset.l1] || 0) + u;
    });
    document.querySelectorAll("[data-points-total]").forEach(function (e) { e.textContent = fromUnits(all); });
    document.querySelectorAll("[data-l1-sum]").forEach(function (e) {
      e.textContent = "Σ " + fromUnits(per[e.dataset.l1Sum] || 0);
    });
  }

  // Characters as the validator counts them: code points, whitespace not counted.
  function countChars(s) {
    var n = 0;
    for (var ch of s) if (!/\s/.test(ch) && ch !== "\u3000") n++;
    return n;
  }
  function counters() {
    document.querySelectorAll("textarea[data-limit], textarea[data-count]").forEach(function (t) {
      var c = t.nextElementSibling;
      if (!c || !c.classList.contains("counter")) {
        c = document.createElement("span");
        c.className = "counter";
        t.parentNode.insertBefore(c, t.nextSibling);
      }
      var n = countChars(t.value), lim = parseInt(t.dataset.limit || "0", 10);
      c.textContent = lim ? n + " / " + lim : String(n);
      c.classList.toggle("over", lim > 0 && n > lim);
    });
  }

  function rows() {
    document.addEventListener("click", function (ev) {
      var t = ev.target;
      if (t.matches("[data-remove-row]")) {
        var tr = t.closest("tr");
        if (tr) tr.remove();
      } else if (t.matches("[data-add-row]")) {
        var name = t.dataset.addRow, n = parseInt(t.dataset.next || "0", 10);
        var tpl = document.querySelector('template[data-row-template="' + name + '"]');
        var body = document.querySelector('table[data-rows="' + name + '"] tbody');
        if (!tpl || !body) return;
        var html = tpl.innerHTML.split("__N__").join(String(n));
        body.insertAdjacentHTML("beforeend", html);
        t.dataset.next = String(n + 1);
      }
    });
  }

  function batchProgress() {
    var box = document.querySelector("[data-batch-progress='1']");
    if (!box) return;
    var bar = box.querySelector("progress"), text = box.querySelector(".progress-text");
    var timer = setInterval(function () {
      fetch("/office/batch.json", { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (j) {
        if (j.total) { bar.max = j.total; bar.value = j.done; text.textContent = j.done + " / " + j.total; }
        if (!j.running) { clearInterval(timer); location.reload(); }
      }).catch(function () {});
    }, 700);
  }

  document.addEventListener("DOMContentLoaded", function () {
    sumGroups(); pointsTotals(); counters(); rows(); batchProgress();
    document.addEventListener("input", function (ev) {
      if (ev.target.matches("[data-sum]")) sumGroups();
      if (ev.target.matches("[data-points]")) pointsTotals();
      if (ev.target.matches("textarea")) counters();
    });
  });
})();
