/* gkssg search page: queries the static index under search/ (gkssg/search/static_index.py).
   Plain JavaScript, same-origin fetches only (the CSP allows nothing else), no inline code.
   The tokenizer and the exact keys of 发文字号 / 索引号 mirror gkssg/search/tokenizer.py and keys.py. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) { return; }
  var input = document.getElementById("search-q");
  var statusEl = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var pagesEl = document.getElementById("search-pages");
  var FILTERS = ["column", "topic", "year", "agency", "validity"];
  var PAGE_SIZE = 10;
  // A rarest term with at most this many documents is intersected exhaustively (tests lower it).
  var SNIPPET_BEFORE = 30, SNIPPET_LENGTH = 160;  // characters of text shown before a match, in all
  var SMALL_LIST = typeof window.gkssgSmallList === "number" ? window.gkssgSmallList : 2000;
  var manifestUrl = form.getAttribute("data-index");
  var base = manifestUrl.replace(/manifest\.json$/, "");
  var root = manifestUrl.replace(/search\/manifest\.json$/, "");

  function say(text) { statusEl.textContent = text; }

  if (!window.fetch || typeof DecompressionStream === "undefined") {
    say("您的浏览器版本较旧，无法使用本页搜索。请通过规范性文件库或网站地图查找文件。");
    return;
  }

  /* ---- tokenizer (tokenizer.py) ---- */
  function fold(text) {
    return text.replace(/[\uff01-\uff5e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(/\u3000/g, " ").toLowerCase();
  }
  function tokenize(text) {
    var out = [], matches = [], re = /([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)|([a-z0-9]+)/g, m;
    text = fold(text);
    while ((m = re.exec(text)) !== null) { matches.push(m); }
    for (var i = 0; i < matches.length; i++) {
      var run = matches[i][1];
      if (run === undefined) { out.push(matches[i][2]); continue; }
      if (run.length === 1) { out.push(run); continue; }
      var start = matches[i].index, end = start + run.length;
      var left = i > 0 && matches[i - 1].index + matches[i - 1][0].length === start;
      var right = i + 1 < matches.length && matches[i + 1].index === end;
      if (left) { out.push(run.charAt(0)); }
      for (var j = 0; j + 1 < run.length; j++) { out.push(run.substr(j, 2)); }
      if (right) { out.push(run.charAt(run.length - 1)); }
    }
    return out;
  }
  function queryGroups(query) {
    return fold(query).split(/\s+/).map(tokenize).filter(function (g) { return g.length > 0; });
  }

  /* ---- exact keys (keys.py, codes.parse_doc_no) ---- */
  var ORDER = /^([\u4e00-\u9fa5]+令)第([0-9]+|[一二三四五六七八九十百千零〇两]+)号$/;
  var VARIANT = /^([\u4e00-\u9fa5A-Za-z]+?)([〔﹝\[［【（(〖{｛])(\d{2}|\d{4})(年?)([〕﹞\]］】）)〗}｝])(第?)(\d+)(号?)$/;
  function parseDocNo(compact) {
    var m = ORDER.exec(compact);
    if (m) { return m[1] + "第" + (/^[0-9]+$/.test(m[2]) ? String(parseInt(m[2], 10)) : m[2]) + "号"; }
    m = VARIANT.exec(compact);
    if (!m) { return ""; }
    var year = m[3].length === 4 ? parseInt(m[3], 10) : (parseInt(m[3], 10) < 50 ? 2000 : 1900) + parseInt(m[3], 10);
    var serial = String(parseInt(m[7], 10));
    if (serial === "0" || year < 1900 || year > 2099) { return ""; }
    return m[1] + "〔" + year + "〕" + serial + "号";
  }
  function queryKeys(query) {
    var keys = [];
    var compact = query.replace(/[\s\u3000]+/g, "");
    if (compact) {
      var docNo = parseDocNo(compact) || parseDocNo(fold(compact));
      if (docNo) { keys.push("#n:" + docNo.toLowerCase()); }
      var indexNo = fold(compact).replace(/\s+/g, "").replace(/^([0-9a-z]+)-(\d{4,6}-)/, "$1/$2");
      if (indexNo.indexOf("/") !== -1) { keys.push("#i:" + indexNo); }
    }
    return keys;
  }

  /* ---- fetching (each file once per page view) ---- */
  var cache = {};
  function getBytes(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) {
        if (!r.ok) { throw new Error(path + ": HTTP " + r.status); }
        return new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
      });
    }
    return cache[path];
  }
  function getJson(path) {
    if (!cache["json:" + path]) {
      cache["json:" + path] = getBytes(path).then(function (buf) {
        return JSON.parse(new TextDecoder("utf-8").decode(buf));
      });
    }
    return cache["json:" + path];
  }
  var manifestPromise = null;
  function manifest() {
    if (!manifestPromise) {
      manifestPromise = fetch(manifestUrl).then(function (r) {
        if (!r.ok) { throw new Error("manifest: HTTP " + r.status); }
        return r.json();
      });
    }
    return manifestPromise;
  }
  function fnv1a32(text) {
    var bytes = new TextEncoder().encode(text), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0; }
    return h >>> 0;
  }
  function entryOf(man, term) {
    var shard = fnv1a32(term) % man.shards;
    return getJson("k/" + shard + "." + man.dict + ".bin").then(function (dict) {
      return Object.prototype.hasOwnProperty.call(dict, term) ? dict[term] : null;
    });
  }
  // A term's idf, from its dictionary entry [df, blocks, df in titles, df in bodies] (scoring.py).
  function idfOf(man, entry) { return Math.log(man.docs / (Math.max(entry[2], entry[3]) + 1)) + 1; }
  // Postings store scores without the idf: `weight` (the term's idf) multiplies them in.
  function readBlock(ref, weight) {  // ref = [chunk, offset, length, count, score bound, first doc, last doc]
    return getBytes("p/" + ref[0] + ".bin").then(function (buf) {
      var dv = new DataView(buf, ref[1], ref[2]);
      var n = dv.getUint32(0, true), width = dv.getUint8(4);
      var posAt = 8 + 12 * n, out = [];
      for (var i = 0; i < n; i++) {
        var c = dv.getUint32(8 + 8 * n + 4 * i, true), pos = new Array(c);
        for (var k = 0; k < c; k++) {
          pos[k] = width === 2 ? dv.getUint16(posAt, true) : dv.getUint32(posAt, true);
          posAt += width;
        }
        out.push({doc: dv.getUint32(8 + 4 * i, true), score: dv.getUint32(8 + 4 * n + 4 * i, true) * weight, pos: pos});
      }
      return out;
    });
  }

  /* ---- filters ---- */
  function filterIndexes(man, params) {
    var wanted = {}, any = false;
    FILTERS.forEach(function (name, i) {
      var value = params[name];
      if (!value) { return; }
      any = true;
      var values = man.facets[name] || [], found = -2;
      for (var k = 0; k < values.length; k++) { if (values[k][0] === value) { found = k; } }
      wanted[name] = found;
    });
    return any ? wanted : null;
  }
  // Per-document rows stored in blocks (display d/, filters f/): fetch the blocks these
  // documents fall in, then → Promise of a function doc → row.
  function rowsFor(folder, part, docs) {
    var blocks = {};
    docs.forEach(function (d) { blocks[Math.floor(d / part.size)] = true; });
    return Promise.all(Object.keys(blocks).map(function (b) {
      return getJson(folder + "/" + b + "." + part.hash + ".bin").then(function (rows) { return [b, rows]; });
    })).then(function (loaded) {
      var rowsOf = {};
      loaded.forEach(function (pair) { rowsOf[pair[0]] = pair[1]; });
      return function (d) { return rowsOf[Math.floor(d / part.size)][d % part.size]; };
    });
  }
  function passes(man, wanted, docs) {  // → Promise of {doc: true|false}
    return rowsFor("f", man.filter, docs).then(function (rowOf) {
      var ok = {};
      docs.forEach(function (d) {
        var row = rowOf(d);
        ok[d] = (!("agency" in wanted) || row[0] === wanted.agency) &&
          (!("topic" in wanted) || row[1] === wanted.topic) &&
          (!("validity" in wanted) || row[2] === wanted.validity) &&
          (!("year" in wanted) || row[3] === wanted.year) &&
          (!("column" in wanted) || row[4].indexOf(wanted.column) !== -1);
      });
      return ok;
    });
  }

  /* ---- the query: sorted access over best-first blocks until the page is certain ---- */
  function phraseOk(groups, postingsOf, doc) {
    for (var g = 0; g < groups.length; g++) {
      var group = groups[g];
      if (group.length < 2) { continue; }
      var sets = group.map(function (t) {
        var s = {};
        postingsOf[t][doc].pos.forEach(function (p) { s[p] = true; });
        return s;
      });
      var found = postingsOf[group[0]][doc].pos.some(function (p) {
        for (var i = 1; i < group.length; i++) { if (!sets[i][p + i]) { return false; } }
        return true;
      });
      if (!found) { return false; }
    }
    return true;
  }

  function run(params) {
    return manifest().then(function (man) {
      var groups = queryGroups(params.q);
      var terms = [];
      groups.forEach(function (g) { g.forEach(function (t) { if (terms.indexOf(t) === -1) { terms.push(t); } }); });
      var wanted = filterIndexes(man, params);
      var need = params.sort === "date" ? Infinity : params.page * PAGE_SIZE + 1;
      var keys = queryKeys(params.q);
      return Promise.all(keys.concat(terms).map(function (t) { return entryOf(man, t); })).then(function (entries) {
        var exactEntries = entries.slice(0, keys.length), termEntries = entries.slice(keys.length);
        return Promise.all(exactEntries.filter(Boolean).map(function (e) {
          return Promise.all(e[1].map(function (ref) { return readBlock(ref, 0); }));
        })).then(function (exactBlocks) {
          var exact = [];
          exactBlocks.forEach(function (blocks) {
            blocks.forEach(function (b) { b.forEach(function (p) { if (exact.indexOf(p.doc) === -1) { exact.push(p.doc); } }); });
          });
          exact.sort(function (a, b) { return b - a; });  // newest first: documents are numbered oldest first
          var textSearch = terms.length && termEntries.every(Boolean)
            ? topDocs(man, groups, terms, termEntries, wanted, need)
            : Promise.resolve({docs: [], complete: true});
          var exactFiltered = wanted ? passes(man, wanted, exact).then(function (ok) {
            return exact.filter(function (d) { return ok[d]; });
          }) : Promise.resolve(exact);
          return Promise.all([exactFiltered, textSearch]).then(function (both) {
            var seen = {}, docs = [];
            both[0].forEach(function (d) { seen[d] = true; docs.push({doc: d, score: Infinity}); });
            both[1].docs.forEach(function (r) { if (!seen[r.doc]) { seen[r.doc] = true; docs.push(r); } });
            if (params.sort === "date") { docs.sort(function (a, b) { return b.doc - a.doc; }); }
            return {docs: docs, complete: both[1].complete, groups: groups};
          });
        });
      }).then(function (found) { found.manifest = man; return found; });
    });
  }

  /* Block 0 of each term holds its best postings; its lowest score bounds every other posting.
     The tail is in document order, in blocks that record their first and last document and
     their highest score, so the posting of one document is one small block away. Scores and
     bounds are stored without the term's idf (l.idf); a tie goes to the newer document, the
     higher number. */
  function topDocs(man, groups, terms, entries, wanted, need) {
    var lists = terms.map(function (t, i) {
      var refs = entries[i][1], idf = idfOf(man, entries[i]);
      return {term: t, df: entries[i][0], refs: refs, idf: idf, loaded: {}, postings: {},
              tau: refs.length > 1 ? refs[0][4] * idf : 0};
    });
    var postingsOf = {};
    lists.forEach(function (l) { postingsOf[l.term] = l.postings; });
    var checked = {}, results = [];

    function load(l, i) {
      if (l.loaded[i]) { return l.loaded[i]; }
      l.loaded[i] = readBlock(l.refs[i], l.idf).then(function (postings) {
        postings.forEach(function (p) { l.postings[p.doc] = p; });
      });
      return l.loaded[i];
    }
    function tailBlock(l, doc) {  // index of the tail block that may hold doc, or -1
      var lo = 1, hi = l.refs.length - 1;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1, ref = l.refs[mid];
        if (doc < ref[5]) { hi = mid - 1; } else if (doc > ref[6]) { lo = mid + 1; } else { return mid; }
      }
      return -1;
    }
    // Best score doc could still reach: known postings, else the bound of the block that may hold it.
    function upper(doc) {
      var ub = 0;
      for (var i = 0; i < lists.length; i++) {
        var l = lists[i], p = l.postings[doc];
        if (p) { ub += p.score; continue; }
        var b = tailBlock(l, doc);
        if (b < 0 || l.loaded[b]) { return -1; }  // cannot contain every term
        ub += l.refs[b][4] * l.idf;
      }
      return ub;
    }
    function evaluate(docs) {  // complete documents: phrase check, score, filter
      var fresh = [];
      docs.forEach(function (doc) {
        if (checked[doc]) { return; }
        for (var i = 0; i < lists.length; i++) { if (!lists[i].postings[doc]) { return; } }
        checked[doc] = true;
        if (!phraseOk(groups, postingsOf, doc)) { return; }
        var score = 0;
        lists.forEach(function (l) { score += l.postings[doc].score; });
        fresh.push({doc: doc, score: score});
      });
      var kept = wanted ? passes(man, wanted, fresh.map(function (r) { return r.doc; })).then(function (ok) {
        return fresh.filter(function (r) { return ok[r.doc]; });
      }) : Promise.resolve(fresh);
      return kept.then(function (k) {
        results = results.concat(k);
        results.sort(function (a, b) { return b.score - a.score || b.doc - a.doc; });
      });
    }
    function enough(bound) { return results.length >= need && results[need - 1].score > bound; }

    return Promise.all(lists.map(function (l) { return load(l, 0); })).then(function () {
      var seen = {};
      lists.forEach(function (l) { Object.keys(l.postings).forEach(function (k) { seen[k] = true; }); });
      return evaluate(Object.keys(seen).map(Number));
    }).then(function () {
      var unseen = 0;
      lists.forEach(function (l) { unseen += l.tau; });
      var bound = lists.some(function (l) { return l.refs.length === 1; }) ? -1 : unseen;
      lists.forEach(function (l) {
        Object.keys(l.postings).forEach(function (k) { if (!checked[+k]) { bound = Math.max(bound, upper(+k)); } });
      });
      if (enough(bound)) { return {docs: results, complete: false}; }
      // Every match contains the rarest term: read its tail (blocks that can still matter) …
      var rare = lists.reduce(function (a, b) { return b.df < a.df ? b : a; });
      var others = 0;  // what its other terms can add: at most their best posting each
      lists.forEach(function (l) {
        if (l === rare) { return; }
        var top = 0;
        Object.keys(l.postings).forEach(function (k) { top = Math.max(top, l.postings[k].score); });
        others += top;
      });
      var skipped = false, reads = [];
      for (var i = 1; i < rare.refs.length; i++) {
        if (results.length >= need && rare.refs[i][4] * rare.idf + others < results[need - 1].score) {
          skipped = true;
          continue;
        }
        reads.push(load(rare, i));
      }
      return Promise.all(reads).then(function () {
        // … then resolve its documents, most promising first, a few blocks at a time.
        var candidates = Object.keys(rare.postings).map(Number).filter(function (d) { return !checked[d]; })
          .map(function (d) { return {doc: d, ub: upper(d)}; })
          .filter(function (c) { return c.ub >= 0; })
          .sort(function (a, b) { return b.ub - a.ub || b.doc - a.doc; });
        if (!skipped && rare.df <= SMALL_LIST) {
          // A rare term: intersect its documents with each other term, rarest first, reading only
          // the tail blocks that can hold a surviving document; every match is then known.
          var alive = candidates.map(function (c) { return c.doc; });
          var rest = lists.filter(function (l) { return l !== rare; }).sort(function (a, b) { return a.df - b.df; });
          var narrow = function (i) {
            if (i >= rest.length || !alive.length) {
              return evaluate(alive).then(function () { return {docs: results, complete: true}; });
            }
            var l = rest[i], reads = {};
            alive.forEach(function (d) {
              if (!l.postings[d]) { var b = tailBlock(l, d); if (b > 0) { reads[b] = load(l, b); } }
            });
            return Promise.all(Object.keys(reads).map(function (k) { return reads[k]; })).then(function () {
              alive = alive.filter(function (d) { return l.postings[d]; });
              return narrow(i + 1);
            });
          };
          return narrow(0);
        }
        var at = 0;
        function next() {
          if (at >= candidates.length) { return {docs: results, complete: !skipped}; }
          if (enough(candidates[at].ub)) { return {docs: results, complete: false}; }
          var batch = candidates.slice(at, at + 16), reads = [];
          at += batch.length;
          batch.forEach(function (c) {
            lists.forEach(function (l) {
              if (!l.postings[c.doc]) {
                var b = tailBlock(l, c.doc);
                if (b > 0) { reads.push(load(l, b)); }
              }
            });
          });
          return Promise.all(reads).then(function () {
            return evaluate(batch.map(function (c) { return c.doc; }));
          }).then(next);
        }
        return next();
      });
    });
  }

  /* ---- display ---- */
  function display(man, docs) {
    return rowsFor("d", man.display, docs).then(function (rowOf) { return docs.map(rowOf); });
  }
  function highlight(el, text, needles) {
    var folded = fold(text), marks = [];
    needles.forEach(function (n) {
      if (!n) { return; }
      var at = folded.indexOf(n);
      while (at !== -1) { marks.push([at, at + n.length]); at = folded.indexOf(n, at + n.length); }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    marks.forEach(function (m) {
      if (m[0] < pos) { return; }
      el.appendChild(document.createTextNode(text.slice(pos, m[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m[0], m[1]);
      el.appendChild(mark);
      pos = m[1];
    });
    el.appendChild(document.createTextNode(text.slice(pos)));
  }
  // The snippet around the first match in a document's text, or null when the text has none.
  function around(text, needles) {
    var folded = fold(text), at = -1;
    needles.forEach(function (n) {
      var i = n ? folded.indexOf(n) : -1;
      if (i !== -1 && (at === -1 || i < at)) { at = i; }
    });
    if (at === -1) { return null; }
    var start = Math.max(0, at - SNIPPET_BEFORE), end = Math.min(text.length, start + SNIPPET_LENGTH);
    return (start > 0 ? "…" : "") + text.slice(start, end).replace(/\s+/g, " ") + (end < text.length ? "…" : "");
  }
  function contains(text, needles) {
    var folded = fold(text);
    return needles.some(function (n) { return n && folded.indexOf(n) !== -1; });
  }
  // The stored snippet is the start of the document (or its 内容概述); when no query word is in
  // it, fetch the document's text and show the passage where the match is instead.
  function snippetAround(p, name, needles) {
    getBytes("t/" + name + ".bin").then(function (buf) {
      var text = around(new TextDecoder().decode(buf), needles);
      if (text !== null) {
        p.textContent = "";
        highlight(p, text, needles);
      }
    }).catch(function () { /* keep the stored snippet */ });
  }
  function render(params, found) {
    var man = found.manifest, start = (params.page - 1) * PAGE_SIZE;
    var shown = found.docs.slice(start, start + PAGE_SIZE);
    var needles = fold(params.q).split(/\s+/).filter(Boolean);
    // A 发文字号 or 索引号 is typed in any bracket style: the text would seldom hold it as typed.
    var fetchTexts = queryKeys(params.q).length === 0;
    return display(man, shown.map(function (r) { return r.doc; })).then(function (rows) {
      list.textContent = "";
      rows.forEach(function (row) {  // [title, url, published, doc_no, column, snippet, index_no, text]
        var li = document.createElement("li");
        var h = document.createElement("h2");
        var a = document.createElement("a");
        a.href = root + row[1];
        highlight(a, row[0], needles);
        h.appendChild(a);
        li.appendChild(h);
        var meta = document.createElement("p");
        meta.className = "result-meta";
        [row[3] ? "发文字号：" + row[3] : "", "发布日期：" + row[2], row[4] ? "栏目：" + row[4] : ""].forEach(function (t) {
          if (!t) { return; }
          var span = document.createElement("span");
          span.textContent = t;
          meta.appendChild(span);
        });
        li.appendChild(meta);
        if (row[5]) {
          var p = document.createElement("p");
          p.className = "result-snippet";
          highlight(p, row[5] + (row[5].length >= 160 ? "…" : ""), needles);
          li.appendChild(p);
          if (fetchTexts && row[7] && !contains(row[5], needles)) { snippetAround(p, row[7], needles); }
        }
        list.appendChild(li);
      });
      var total = found.docs.length;
      if (!total) {
        say("没有找到与“" + params.q + "”相关的文件。请换用更短的词，或去掉筛选条件。");
      } else {
        say((found.complete ? "共找到 " + total + " 条结果" : "找到 " + total + " 条以上结果") +
          "，第 " + params.page + " 页。");
      }
      renderPages(params, total, found.complete);
    });
  }
  function renderPages(params, total, complete) {
    pagesEl.textContent = "";
    var last = Math.ceil(total / PAGE_SIZE);
    if (last <= 1) { return; }
    function button(label, page, name) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      if (name) { b.setAttribute("aria-label", name); }
      if (page === params.page && label === String(page)) {
        b.setAttribute("aria-current", "page");
      } else {
        b.addEventListener("click", function () {
          params.page = page;
          go(params, true);
          statusEl.scrollIntoView();
        });
      }
      pagesEl.appendChild(b);
    }
    if (params.page > 1) { button("上一页", params.page - 1); }
    var from = Math.max(1, params.page - 3), to = Math.min(last, params.page + 3);
    for (var n = from; n <= to; n++) { button(String(n), n, "第 " + n + " 页"); }
    if (params.page < last || !complete) { button("下一页", params.page + 1); }
  }

  /* ---- the URL carries the query: shareable, and the back button works ---- */
  function readParams() {
    var url = new URLSearchParams(window.location.search), params = {};
    params.q = (url.get("q") || "").trim();
    params.sort = url.get("sort") === "date" ? "date" : "relevance";
    params.page = Math.max(1, parseInt(url.get("page") || "1", 10) || 1);
    FILTERS.forEach(function (name) { params[name] = url.get(name) || ""; });
    return params;
  }
  function fillForm(params) {
    input.value = params.q;
    var header = document.getElementById("header-q");
    if (header) { header.value = params.q; }
    form.elements.sort.value = params.sort;
    FILTERS.forEach(function (name) { form.elements[name].value = params[name]; });
  }
  function toQuery(params) {
    var url = new URLSearchParams();
    url.set("q", params.q);
    FILTERS.forEach(function (name) { if (params[name]) { url.set(name, params[name]); } });
    if (params.sort !== "relevance") { url.set("sort", params.sort); }
    if (params.page > 1) { url.set("page", String(params.page)); }
    return "?" + url.toString();
  }
  var generation = 0;
  function go(params, push) {
    if (push) { window.history.pushState(null, "", toQuery(params)); }
    fillForm(params);
    var mine = ++generation;
    list.textContent = "";
    pagesEl.textContent = "";
    if (!params.q) { say("请输入检索词。"); return; }
    say("正在搜索…");
    run(params).then(function (found) {
      if (mine === generation) { return render(params, found); }
    }).catch(function () {
      if (mine === generation) { say("搜索索引加载失败，请检查网络后重试，或通过网站地图查找文件。"); }
    });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var params = {q: input.value.trim(), sort: form.elements.sort.value, page: 1};
    FILTERS.forEach(function (name) { params[name] = form.elements[name].value; });
    go(params, true);
  });
  FILTERS.concat(["sort"]).forEach(function (name) {
    form.elements[name].addEventListener("change", function () {
      if (input.value.trim()) { form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit")); }
    });
  });
  window.addEventListener("popstate", function () { go(readParams(), false); });
  // For the browser tests: the tokenizer and keys must equal gkssg/search/tokenizer.py and keys.py.
  window.gkssgSearch = {tokenize: tokenize, queryKeys: queryKeys, queryGroups: queryGroups,
    top: function (q, page) {  // document numbers of one page of results
      var params = {q: q, sort: "relevance", page: page || 1};
      FILTERS.forEach(function (name) { params[name] = ""; });
      return run(params).then(function (found) {
        return found.docs.slice((params.page - 1) * PAGE_SIZE, params.page * PAGE_SIZE).map(function (r) { return r.doc; });
      });
    }};
  var initial = readParams();
  if (initial.q) { go(initial, false); } else { fillForm(initial); }
}());
