/* 规范性文件库: instant filtering of the table on a library view page.
   The page works without this script; it only reveals the filter box.
   Bracket variants of 发文字号 (〔〕﹝﹞[]［］【】（）()〖〗) are treated as one,
   so typing 渝府办发[2019] finds 渝府办发〔2019〕71号 (DOMAIN.md §5). */
(function () {
  "use strict";
  var box = document.querySelector("[data-library-filter]");
  var input = document.getElementById("library-filter-input");
  var status = document.getElementById("library-filter-status");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.library-row"));
  if (!box || !input || !rows.length) { return; }
  function normalise(text) {
    return text.toLowerCase()
      .replace(/[﹝\[［【（(〖{｛]/g, "〔")
      .replace(/[﹞\]］】）)〗}｝]/g, "〕")
      .replace(/\s+/g, "");
  }
  var texts = rows.map(function (row) { return normalise(row.textContent); });
  var timer = null;
  function apply() {
    var query = normalise(input.value);
    var shown = 0;
    rows.forEach(function (row, i) {
      var match = !query || texts[i].indexOf(query) !== -1;
      row.hidden = !match;
      if (match) { shown += 1; }
    });
    status.textContent = query ? "筛选出 " + shown + " 件（共 " + rows.length + " 件）" : "";
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 80);
  });
  box.hidden = false;
}());
