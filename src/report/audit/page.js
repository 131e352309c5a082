(function () {
  "use strict";
  var names = { rule: "规则", cat: "类别", office: "发文机关", path: "文件", year: "年份" };

  // Sortable table: click a header; numbers sort descending first.
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("th");
    heads.forEach(function (th, col) {
      th.addEventListener("click", function () {
        var numeric = th.dataset.kind === "num";
        var asc = th.classList.contains("desc") || (!th.classList.contains("asc") && !numeric);
        heads.forEach(function (h) { h.classList.remove("asc", "desc"); });
        th.classList.add(asc ? "asc" : "desc");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].textContent, y = b.cells[col].textContent;
          var c = numeric ? Number(x) - Number(y) : x.localeCompare(y, "zh-CN");
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  var items = Array.prototype.slice.call(document.querySelectorAll("li.f"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("details.notice"));
  var files = Array.prototype.slice.call(document.querySelectorAll("#findings .file"));
  var chip = document.getElementById("filter");
  var search = document.getElementById("search");
  var shown = document.getElementById("shown");
  var active = null;

  function apply() {
    var q = search.value.trim();
    var n = 0;
    items.forEach(function (li) {
      var ok = (!active || li.dataset[active.kind] === active.value) &&
        (!q || li.textContent.indexOf(q) >= 0);
      li.hidden = !ok;
      if (ok) { n += 1; }
    });
    var filtering = active !== null || q !== "";
    groups.forEach(function (d) {
      var any = d.querySelector("li.f:not([hidden])") !== null;
      d.hidden = !any;
      if (filtering) { d.open = any; }
    });
    files.forEach(function (f) {
      f.hidden = f.querySelector("details.notice:not([hidden])") === null;
    });
    shown.textContent = filtering ? "显示 " + n + " / " + items.length + " 个问题" : "共 " + items.length + " 个问题";
  }

  function setFilter(kind, value, label) {
    active = { kind: kind, value: value };
    chip.textContent = names[kind] + "：" + label;
    var x = document.createElement("button");
    x.type = "button";
    x.title = "取消筛选";
    x.textContent = "×";
    x.addEventListener("click", function () {
      active = null;
      chip.hidden = true;
      apply();
    });
    chip.appendChild(x);
    chip.hidden = false;
    apply();
    document.getElementById("findings").scrollIntoView({ behavior: "smooth" });
  }

  document.querySelectorAll("[data-filter]").forEach(function (g) {
    g.addEventListener("click", function () {
      var label = g.querySelector("text.label");
      setFilter(g.dataset.filter, g.dataset.value, label ? label.textContent : g.dataset.value);
    });
  });
  search.addEventListener("input", apply);
  document.getElementById("expand").addEventListener("click", function () {
    groups.forEach(function (d) { if (!d.hidden) { d.open = true; } });
  });
  document.getElementById("collapse").addEventListener("click", function () {
    groups.forEach(function (d) { d.open = false; });
  });
  document.querySelectorAll("td.title a").forEach(function (a) {
    a.addEventListener("click", function () {
      var d = document.getElementById(a.getAttribute("href").slice(1));
      if (d) { d.hidden = false; d.open = true; }
    });
  });
})();
