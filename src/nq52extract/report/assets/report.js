/* Sorting and filtering of the report's tables; vanilla JS, no network. */
(function () {
  "use strict";
  function cellKey(td, numeric) {
    var raw = td.hasAttribute("data-sort") ? td.getAttribute("data-sort") : td.textContent;
    if (numeric) {
      var n = parseFloat(raw);
      return isNaN(n) ? null : n;
    }
    raw = (raw || "").trim();
    return raw === "" ? null : raw;
  }
  function sortTable(table, col, dir) {
    var th = table.tHead.rows[0].cells[col];
    var numeric = th.getAttribute("data-type") === "num";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var sign = dir === "descending" ? -1 : 1;
    rows.sort(function (a, b) {
      var x = cellKey(a.cells[col], numeric), y = cellKey(b.cells[col], numeric);
      if (x === null && y === null) return 0;
      if (x === null) return 1;   /* empty cells last either way */
      if (y === null) return -1;
      var c = numeric ? x - y : x.localeCompare(y, "vi", { numeric: true, sensitivity: "base" });
      return c * sign;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    table.setAttribute("data-sorted", col + ":" + dir);
  }
  function onHeader(ev) {
    var th = ev.currentTarget;
    if (ev.type === "keydown" && ev.key !== "Enter" && ev.key !== " ") return;
    if (ev.type === "keydown") ev.preventDefault();
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    sortTable(th.closest("table"), th.cellIndex, dir);
  }
  var tables = document.querySelectorAll("table.sortable");
  Array.prototype.forEach.call(tables, function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      if (th.classList.contains("nosort")) return;
      th.addEventListener("click", onHeader);
      th.addEventListener("keydown", onHeader);
      th.title = "click to sort";
    });
    table.setAttribute("data-sortable", "ready");
  });
  Array.prototype.forEach.call(document.querySelectorAll("input.filter"), function (input) {
    input.addEventListener("input", function () {
      var q = input.value.toLowerCase();
      var table = document.getElementById(input.getAttribute("data-table"));
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        r.hidden = q !== "" && r.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
  });
  /* ?sort=TABLE:COLUMN[:desc] sorts a table on load (handy for checks and links) */
  var m = /[?&]sort=([\w-]+):(\d+)(?::(desc))?/.exec(window.location.search);
  if (m) {
    var t = document.getElementById("t-" + m[1]);
    if (t) sortTable(t, parseInt(m[2], 10), m[3] ? "descending" : "ascending");
  }
  /* flash what a link jumps to */
  window.addEventListener("hashchange", function () {
    var el = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (!el) return;
    el.classList.add("flash");
    setTimeout(function () { el.classList.remove("flash"); }, 1600);
  });
  document.documentElement.setAttribute("data-report", "ready");
})();
