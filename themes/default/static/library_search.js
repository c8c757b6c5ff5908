/* 规范性文件检索 (templates/library_search.html): narrows the page's own table, no request made.
   标题 and 发文字号 match as substrings; a 发文字号 is compared without its brackets, 第 and
   leading zeros, so 渝府办发[2019]第071号 finds 渝府办发〔2019〕71号 (DOMAIN.md §5). The query
   lives in the address (?title=…&doc_no=…&agency=…&year=…&status=…&from=…&to=…). */
(function () {
  "use strict";
  var form = document.getElementById("library-search");
  var status = document.getElementById("library-search-status");
  var empty = document.getElementById("library-search-empty");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.library-row"));
  if (!form || !rows.length) { return; }
  var FIELDS = ["title", "doc_no", "agency", "year", "status", "from", "to"];
  var NOT_IN_FORCE = ["失效", "废止"];
  function fold(text) {  // full-width letters and digits → ASCII, lower case, no spaces
    return (text || "").replace(/[\uff01-\uff5e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(/\s+/g, "").toLowerCase();
  }
  function docNoKey(text) {  // brackets, 第 and a serial's leading zeros do not matter
    return fold(text).replace(/[〔〕﹝﹞\[\]［］【】（）()〖〗{}｛｝<>《》]/g, "|")
      .replace(/第/g, "|").replace(/(^|\D)0+(\d)/g, "$1$2").replace(/\|/g, "");
  }
  var data = rows.map(function (row) {
    return {
      title: fold(row.cells[0].querySelector("a").textContent),  // the title, not its 演示 mark
      docNo: docNoKey(row.querySelector(".library-doc-no").textContent),
      agency: row.getAttribute("data-agency"), year: row.getAttribute("data-year"),
      status: row.getAttribute("data-status"), published: row.getAttribute("data-published")
    };
  });
  function matches(d, q) {
    if (q.title && d.title.indexOf(fold(q.title)) === -1) { return false; }
    if (q.doc_no && d.docNo.indexOf(docNoKey(q.doc_no)) === -1) { return false; }
    if (q.agency && d.agency !== q.agency) { return false; }
    if (q.year && d.year !== q.year) { return false; }
    if (q.status === "in-force" && NOT_IN_FORCE.indexOf(d.status) !== -1) { return false; }
    if (q.status === "not-in-force" && NOT_IN_FORCE.indexOf(d.status) === -1) { return false; }
    if (q.status && q.status !== "in-force" && q.status !== "not-in-force" && d.status !== q.status) { return false; }
    if (q.from && (!d.published || d.published < q.from)) { return false; }  // ISO dates compare as text
    if (q.to && (!d.published || d.published > q.to)) { return false; }
    return true;
  }
  function read(params) {
    var q = {};
    FIELDS.forEach(function (name) { q[name] = (params.get(name) || "").trim(); });
    return q;
  }
  function apply(q) {
    var shown = 0, any = FIELDS.some(function (name) { return q[name]; });
    rows.forEach(function (row, i) {
      var ok = matches(data[i], q);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    FIELDS.forEach(function (name) { form.elements[name].value = q[name]; });
    status.textContent = any ? "找到 " + shown + " 件（共 " + rows.length + " 件）" : "共 " + rows.length + " 件";
    empty.hidden = shown > 0;
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) {
      var value = form.elements[name].value.trim();
      if (value) { params.set(name, value); }
    });
    window.history.pushState(null, "", params.toString() ? "?" + params.toString() : window.location.pathname);
    apply(read(params));
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { form.dispatchEvent(new Event("submit", {cancelable: true})); }, 0);
  });
  window.addEventListener("popstate", function () { apply(read(new URLSearchParams(window.location.search))); });
  apply(read(new URLSearchParams(window.location.search)));
}());
