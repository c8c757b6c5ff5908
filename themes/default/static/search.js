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
  var MAX_QUERY = 100;  // gkssg/search/query.py MAX_QUERY
  var NOT_IN_FORCE = {"失效": true, "废止": true, "已修改": true, "部分失效": true, "尚未生效": true};
  var SNIPPET_BEFORE = 30, SNIPPET_LENGTH = 160;  // characters of text shown before a match, in all
  // A term with at most this many postings left to read is read whole before any band of another
  // (tests lower it, to exercise reading by bands).
  var SMALL_LIST = typeof window.gkssgSmallList === "number" ? window.gkssgSmallList : 2000;
  // While no page is known, the bands read in one step: at least this many postings (topDocs' step).
  var BAND_BATCH = typeof window.gkssgBandBatch === "number" ? window.gkssgBandBatch : 512;
  // The count's sample (topDocs' count): documents of the rarest term it aims at, among how many
  // windows of document numbers (at most, at least), and the error "约 N" may have at most.
  var SAMPLE_DOCS = 200, SAMPLE_WINDOWS = 8, MIN_WINDOWS = 4, COUNT_ERROR = 0.2;
  // The census of the rarest list (every document decided: an exact count) reads at most this, or the
  // sample's budget when that is more; the documents whose phrase the positions cannot decide are
  // decided from their texts when they are at most COUNT_TEXTS, their rows (a block of 4 counted as
  // ROW_BLOCK_BYTES) and texts within COUNT_TEXT_BYTES, or what the blocks left of the budget (topDocs' count).
  var CENSUS_BYTES = 32768, COUNT_TEXTS = 32, COUNT_TEXT_BYTES = 65536, ROW_BLOCK_BYTES = 1024;
  // A phrase of three or four bigrams finds its candidates from scores-only copies when the blocks a
  // step reads cost more than this with positions (topDocs' finder).
  var COPIES_FROM = typeof window.gkssgCopiesFrom === "number" ? window.gkssgCopiesFrom : 65536;
  var NOTHING = Promise.resolve();  // a tail block left unread: none of its documents can pass the filters
  var more = document.getElementById("search-more") || {};  // the filters and the sort (search.html)
  // A phone: the filters start folded, and a search the reader asked for brings the results up when
  // the first one is not on the screen.
  var NARROW = window.matchMedia ? window.matchMedia("(max-width: 40em)") : {matches: false};
  more.open = !NARROW.matches;
  var manifestUrl = form.getAttribute("data-index");
  var base = manifestUrl.replace(/manifest\.json$/, "");
  var root = manifestUrl.replace(/search\/manifest\.json$/, "");

  function say(text) { statusEl.textContent = text; }
  // what the endpoint (400) and `gkssg search` say of a query of only punctuation or invisible characters
  var NOTHING_TO_FIND = "检索词里没有可检索的汉字、英文字母或数字，请输入要查找的词。";

  if (!window.fetch || typeof DecompressionStream === "undefined") {
    say("您的浏览器版本较旧，无法使用本页搜索。请通过规范性文件库或网站地图查找文件。");
    return;
  }
  form.hidden = false;  // hidden in the HTML: without JavaScript the page only says how else to look

  /* ---- tokenizer (tokenizer.py) ---- */
  // tokenizer.CJK: the Chinese characters tokenized, all of planes 2 and 3 with the BMP's (regexes made of it have the
  // `u` flag, so that a character of Extension B and later is one code point, not two UTF-16 units). A token, a run's
  // length and the characters dropped from a word are counted in code points (Array.from), as in Python.
  var CJK = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{3ffff}";
  var SEARCHABLE = new RegExp("[" + CJK + "]|[a-z0-9]", "u"), FOLDABLE = new RegExp("[" + CJK + "]", "gu");
  var SURROGATE = /[\ud800-\udbff]/;  // (no `u` flag: one unit of a pair)
  // Traditional → simplified (simplified.py), once the table is fetched: only when a query has a
  // Chinese word the dictionary lacks, or a text to tokenize has traditional characters.
  var simplify = null;
  // tokenizer.SPACES: every character either reader could split on (str.split(), JS \s), folded to a space.
  var SPACES = /[\t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/g;
  // tokenizer.trim: a query without a plain space or any of SPACES at its ends, before the first MAX_QUERY
  // characters are cut (JS trim() keeps U+0085 and U+001C–U+001F, which str.strip() removes; round 24b, row 3).
  var EDGES = /^[ \t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+|[ \t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+$/g;
  function trimQuery(text) { return text.replace(EDGES, ""); }
  // tokenizer.searchable: a Chinese character, a letter or a digit; without one nothing can match.
  function searchable(text) { return SEARCHABLE.test(fold(text)); }
  function fold(text) {
    text = text.replace(/[\uff01-\uff5e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(SPACES, " ");
    if (simplify) {
      text = text.replace(FOLDABLE, function (c) { return simplify[c] || c; });
    }
    return text.toLowerCase();
  }
  var foldTable = null;
  var resizing = null;  // the characters the table folds to one of another UTF-16 length (暐 → 𬀩), once fetched
  // fold(text), and where in `text` each of its UTF-16 units comes from (at(i); at(length) is text.length): a match
  // found in the folded text is marked in the original, and folding may change the length in UTF-16 units.
  function foldedAt(text) {
    var folded = fold(text);
    if (folded.length === text.length && !(resizing && resizing.test(text))) {
      return {folded: folded, at: function (i) { return i; }};
    }
    var starts = [], out = "", from = 0;
    Array.from(text).forEach(function (c) {
      var f = fold(c);
      for (var k = 0; k < f.length; k++) { starts.push(from); }
      out += f;
      from += c.length;
    });
    starts.push(text.length);
    return {folded: out, at: function (i) { return starts[i]; }};
  }
  function loadFoldTable(man) {
    if (!foldTable) {
      foldTable = getJson(man.fold).then(function (pair) {
        // aligned by code point (simplified.browser_table): 暐 → 𬀩 is one UTF-16 unit to two
        var map = {}, from = Array.from(pair[0]), to = Array.from(pair[1]), resized = "";
        for (var i = 0; i < from.length; i++) {
          map[from[i]] = to[i];
          if (from[i].length !== to[i].length) { resized += from[i]; }
        }
        resizing = resized ? new RegExp("[" + resized + "]", "u") : null;
        simplify = map;
      });
      foldTable.catch(function () { foldTable = null; });
    }
    return foldTable;
  }
  function tokenize(text) {
    var out = [], matches = [], re = new RegExp("([" + CJK + "]+)|([a-z0-9]+)", "gu"), m;
    text = fold(text);
    while ((m = re.exec(text)) !== null) { matches.push(m); }
    for (var i = 0; i < matches.length; i++) {
      var run = matches[i][1];
      if (run === undefined) { out.push(matches[i][2]); continue; }
      // a bigram is two code points: 𠅤某, not half of 𠅤 (a run without a surrogate is read as it is: faster)
      var chars = SURROGATE.test(run) ? Array.from(run) : run;
      if (chars.length === 1) { out.push(run); continue; }
      var start = matches[i].index, end = start + run.length;
      var left = i > 0 && matches[i - 1].index + matches[i - 1][0].length === start;
      var right = i + 1 < matches.length && matches[i + 1].index === end;
      if (left) { out.push(chars[0]); }
      for (var j = 0; j + 1 < chars.length; j++) { out.push(chars[j] + chars[j + 1]); }
      if (right) { out.push(chars[chars.length - 1]); }
    }
    return out;
  }
  function queryGroups(query) {
    return fold(query).split(/\s+/).map(tokenize).filter(function (g) { return g.length > 0; });
  }

  /* ---- exact keys (keys.py, codes.parse_doc_no) ---- */
  // codes.HAN: the characters of a 机关代字, planes 2 and 3 too (a name's 𬇕, or 澫 folded to it by the table)
  var HAN = "\\u4e00-\\u9fa5\\u{20000}-\\u{3ffff}";
  var ORDER = new RegExp("^([" + HAN + "]+令)第([0-9]+|[一二三四五六七八九十百千零〇两]+)号$", "u");
  var VARIANT = new RegExp("^([" + HAN + "A-Za-z]+?)([〔﹝\\[［【（(〖{｛])(\\d{2}|\\d{4})(年?)([〕﹞\\]］】）)〗}｝])(第?)(\\d+)(号?)$", "u");
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
      if (docNo) { keys.push("#n:" + fold(docNo)); }
      // keys.index_no_key: any dash is '-' (430S00/2024—009831); codes.fold_index_no: '/' after the code for
      // '-/' and for '-' before the year, a 组织机构代码 without GB 11714's hyphen (01525939-x → 01525939x)
      var indexNo = fold(compact).replace(/\s+/g, "").replace(/[‐‑‒–—―−﹣]/g, "-");
      var head = /^([0-9a-z]{8}-[0-9x]|[0-9a-z]+)(-[0-9]{2,4})?(?:-?\/|-(?=(?:19|20)[0-9]{2}))/.exec(indexNo);
      if (head) { indexNo = head[1].replace("-", "") + (head[2] || "") + "/" + indexNo.slice(head[0].length); }
      if (indexNo.indexOf("/") !== -1) { keys.push("#i:" + indexNo); }
      // keys._LETTER_CATEGORY: 1585729837/zfb/2023-0000060 is also looked up as 1585729837/2023-0000060
      var bare = /^([0-9a-z]+)\/[a-z]{2,12}\/((?:19|20)[0-9]{2}.*)$/.exec(indexNo);
      if (bare) { keys.push("#i:" + bare[1] + "/" + bare[2]); }
    }
    return keys;
  }

  /* ---- the forms of a query (rewrite.py) ---- */
  var MAX_FORMS = 6, REWRITTEN_WEIGHT = 0.9;  // a form other than the query as typed: its score × 0.9
  // rewrite.ABBREVIATIONS, written into the page by the build (one table for both).
  var ABBREVIATIONS = JSON.parse(form.getAttribute("data-abbreviations") || "[]");
  // rewrite._YEAR_SERIAL: a hyphen or dash also stands between year and serial (国发2017-39号, rewrite._DASHES), or
  // nothing before 第 (浠政发2017第1号)
  var YEAR_SERIAL = /[〔﹝\[【(〖{]?\s*((?:19|20)[0-9][0-9])(\s*[〕﹞\]】)〗}]\s*|\s*年\s*|\s*[\-‐‑‒–—―−﹣]\s*|\s+|\s*(?=第))(?:第\s*)?0*([1-9][0-9]{0,5})\s*号/g;
  // rewrite._YEAR_FIRST: the year typed before the words of a 发文字号 (2017年国发39号 → 国发2017年39号).
  var YEAR_FIRST = new RegExp("(?<![0-9])((?:19|20)[0-9][0-9])\\s*年?\\s*(?![年度第])([" + CJK + "]{1,10}?)\\s*((?:第\\s*)?[0-9]{1,6}\\s*号)", "gu");
  // rewrite._GLUED, a look-behind too: 国办函200669号200670号 rewrites both numbers (the second follows 号).
  var GLUED = new RegExp("(?<=[" + CJK + "])((?:19|20)[0-9][0-9])0*([1-9][0-9]{0,3})号", "gu");
  var NO_YEAR = new RegExp("(?<=[" + CJK + "])(?:第\\s*)?0*([1-9][0-9]{0,3})号", "gu");  // rewrite._NO_YEAR, lookbehind too
  // rewrite.MAX_RELAXED_CHARS: no relaxed form of a query longer than this (spaces not counted; code points).
  var MAX_RELAXED_CHARS = 24;
  var MAX_RELAXED = 16, CHINESE_WORD = new RegExp("^[" + CJK + "]+$", "u");
  // rewrite._SERIAL_BRACKETED (湘工发2015[4]号 → 2015年4号) and rewrite._DOC_WORDS (号文件, 号全文, 号原文, 号文).
  var SERIAL_BRACKETED = /((?:19|20)[0-9][0-9])\s*[〔﹝\[【(〖{]\s*(?:第\s*)?0*([1-9][0-9]{0,5})\s*[〕﹞\]】)〗}]\s*号/g;
  // With spaces or quotes before them and a file type, 下载 or a full stop after them (rewrite._QUOTES, _END).
  // rewrite._DOC_WORD: also 规定, 相关规定, 是什么意思 (国资通法规202249号相关规定全文).
  var DOC_WORDS = /(?<=[0-9]号)[ "'“”‘’「」『』]*(?:(?:文件|全文|原文|相关规定|规定|是什么意思|什么意思)(?: *(?:文件|全文|原文|相关规定|规定|是什么意思|什么意思|pdf|docx?|wps|下载))*[ 。，,.!?]*|文(?=[ 。，,.!?]|$))/g;
  var QUOTE = /["'“”‘’「」『』]/g, ORDER_WITHOUT_DI = /(?<=令)(?=[0-9]+号)/g;  // rewrite._QUOTE, _ORDER_WITHOUT_DI
  function withoutDocWords(form) { return form.replace(DOC_WORDS, " ").split(/\s+/).filter(Boolean).join(" "); }
  function docNoForm(typed) {
    var query = typed.replace(SERIAL_BRACKETED, "$1年$2号").replace(YEAR_FIRST, "$2$1年$3");
    var out = query.replace(YEAR_SERIAL, function (m, year, _between, serial, at) {
      var before = query.slice(0, at);
      return (before && before.charAt(before.length - 1) !== " " ? " " : "") + "〔" + year + "〕" + serial + "号";
    }).trim();
    if (out === typed) {
      out = query.replace(GLUED, function (m, year, serial) { return " 〔" + year + "〕" + serial + "号"; }).trim();
    }
    return out === typed ? typed : withoutDocWords(out);
  }
  function serialForm(query) {  // rewrite.serial_form
    if (docNoForm(query) !== query) { return query; }
    var out = query.replace(NO_YEAR, function (m, serial) { return " " + serial + "号"; }).trim();
    return out === query ? query : withoutDocWords(out);
  }
  // rewrite.year_form: a year written 2023年 before more words, a word of its own (2023年年报 → 2023年 年报).
  var YEAR_WORD = new RegExp("(?<![0-9])((?:19|20)[0-9][0-9]年)(?=[" + CJK + "])(?![第度报])", "gu");
  function yearForm(query) { return query.replace(YEAR_WORD, " $1 ").split(/\s+/).filter(Boolean).join(" "); }
  // rewrite.words_form: the years (and a year glued to 年报: 财政部2025年报 → 财政部 2025 年报) and the kinds of document
  // named (年报, 年度报告, 解读…) as words of their own.
  var YEAR_BEFORE_REPORT = /(?<![0-9])((?:19|20)[0-9][0-9])(?=年报|年度报告)/g;
  // rewrite._YEAR_LEADING: a year without 年 before Chinese characters alone, at a word's start (2021济宁市县同权).
  var YEAR_LEADING = new RegExp("(?<![^ ])((?:19|20)[0-9][0-9])(?=[" + CJK + "]+(?: |$))(?!年)", "gu");
  // rewrite._YEAR_INSIDE: a year after or between words of two or more Chinese characters (北京公开指南2019).
  var YEAR_INSIDE = new RegExp("(?<![^ ])([" + CJK + "]{2,})((?:19|20)[0-9][0-9](?:年(?= |$))?)((?![年号第度])[" + CJK + "]{2,})?(?= |$)", "gu");
  function wordsForm(query) {
    var inside = query.replace(YEAR_INSIDE, function (m, a, y, b) { return b ? a + " " + y + " " + b : a + " " + y; });
    return yearForm(inside.replace(YEAR_LEADING, "$1 ")).replace(YEAR_BEFORE_REPORT, " $1 ").replace(/政策解读|一图读懂|解读|年度报告|年报|十三五|十四五|十五五/g, function (m) { return " " + m + " "; })
      .split(/\s+/).filter(Boolean).join(" ");
  }
  // rewrite.place_form: a place glued before other words apart from them (宝清县政府信息公开指南 → 宝清县 政府信息公开指南),
  // in words of Chinese characters only; split after 省市县区旗镇乡州 closing two characters and leaving three, unless the
  // next character makes a word with it (rewrite._NOT_A_PLACE_END), nor after another of them (各区县), nor before 人民政府.
  // Not a source of relaxed forms
  // (noPlaces).
  var PLACE_ENDS = "省市县区旗镇乡州", NOT_A_PLACE_END = "场民域划级村镇内外间份";
  function splitPlaces(word) {
    if (!CHINESE_WORD.test(word)) { return word; }
    var chars = Array.from(word), parts = [], start = 0;
    for (var i = 0; i < chars.length; i++) {
      if (PLACE_ENDS.indexOf(chars[i]) !== -1 && i - start >= 2 && chars.length - i - 1 >= 3
          && PLACE_ENDS.indexOf(chars[i - 1]) === -1
          && NOT_A_PLACE_END.indexOf(chars[i + 1]) === -1 && chars.slice(i + 1, i + 5).join("") !== "人民政府") {
        parts.push(chars.slice(start, i + 1).join(""));
        start = i + 1;
      }
    }
    parts.push(chars.slice(start).join(""));
    return parts.join(" ");
  }
  function placeForm(query) { return query.split(" ").filter(Boolean).map(splitPlaces).join(" "); }
  // rewrite.joint_form: placeForm's words of Chinese characters with a province's short name at the start (unless
  // the word goes on with its full name or 人民政府, and three characters stay) and a kind of document at the end (when
  // four stay) apart: 内蒙古依申请公开办法 → 内蒙古 依申请公开 办法. Not a source of relaxed forms (noPlaces).
  var REGIONS = ["北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建",
                 "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西",
                 "甘肃", "青海", "宁夏", "新疆", "香港", "澳门", "台湾"];
  var REGION_GOES_ON = "省市自壮回维特";
  var KIND_ENDS = ["细则", "办法", "意见", "规定", "方案", "通知", "规则", "清单", "报告", "指南", "决定", "规划", "预案", "条例"];
  function splitRegion(word) {  // rewrite._split_region
    for (var r = 0; CHINESE_WORD.test(word) && r < REGIONS.length; r++) {
      var rest = word.slice(REGIONS[r].length);
      if (word.indexOf(REGIONS[r]) === 0 && Array.from(rest).length >= 3 && REGION_GOES_ON.indexOf(rest.charAt(0)) === -1
          && rest.indexOf("人民政府") !== 0) { return [REGIONS[r], rest]; }
    }
    return [word];
  }
  // rewrite.region_form: the province split off alone, a source of relaxed forms (黑龙江五大连池 → 黑龙江 五大连池).
  function regionForm(query) {
    return query.split(" ").filter(Boolean).map(function (w) { return splitRegion(w).join(" "); }).join(" ");
  }
  // rewrite.gap_forms: one or two gaps (a quote) in a glued word, each part two characters or more: a word the title
  // quotes, typed glued (市县同权改革 → 市县同权”改革), found when no form finds anything, before the relaxed forms.
  var GAP = "\u201d", GAP_MAX_CHARS = 12, MAX_GAPPED = 24;
  function gapForms(query) {
    var base = baseForm(query), words = base.split(" "), out = [];
    if (Array.from(base.replace(/ /g, "")).length > MAX_RELAXED_CHARS) { return []; }
    words.forEach(function (word, w) {
      gappedWord(word).forEach(function (g) { out.push(words.slice(0, w).concat([g], words.slice(w + 1)).join(" ")); });
    });
    return out.slice(0, MAX_GAPPED);
  }
  function gappedWord(word) {  // rewrite._gapped: one gap before two, left to right
    var c = Array.from(word), n = c.length, one = [], two = [];
    if (n < 4 || n > GAP_MAX_CHARS || !CHINESE_WORD.test(word)) { return []; }
    var cut = function (a, b) { return c.slice(a, b).join(""); };
    for (var i = 2; i < n - 1; i++) {
      one.push(cut(0, i) + GAP + cut(i));
      for (var j = i + 2; j < n - 1; j++) { two.push(cut(0, i) + GAP + cut(i, j) + GAP + cut(j)); }
    }
    return one.concat(two);
  }
  // rewrite.suffix_forms: a place typed without its 县 / 区 / 市 (柘城清单目录 → 柘城县 清单目录), after gapForms.
  var MAX_SUFFIXED = 12;
  function suffixForms(query) {
    var base = baseForm(query), words = wordsForm(base).split(" "), out = [], seen = {};
    if (Array.from(base.replace(/ /g, "")).length > MAX_RELAXED_CHARS) { return []; }
    forms(query).forEach(function (f) { seen[JSON.stringify(queryGroups(f))] = true; });
    words.forEach(function (word, w) {
      suffixed(word).forEach(function (written) {
        var typed = words.slice(0, w).concat(written, words.slice(w + 1)).join(" ");
        [jointForm(wordsForm(typed)), jointForm(wordsForm(allAbbreviated(typed)))].forEach(function (f) {
          var key = JSON.stringify(queryGroups(f));
          if (!seen[key] && out.length < MAX_SUFFIXED) { seen[key] = true; out.push(f); }
        });
      });
    });
    return out;
  }
  // rewrite._suffixed: the word with 县 / 区 / 市 after its first two characters, and, after a province's short name
  // glued before a place (海南海口发改委), the province apart and the ending after the place's first two.
  function suffixed(word) {
    var stems = [[[], word]], parts = splitRegion(word), out = [];
    if (parts.length === 2) { stems.push([[parts[0]], parts[1]]); }
    stems.forEach(function (ps) {
      var c = Array.from(ps[1]);
      if (c.length < 5 || !CHINESE_WORD.test(ps[1]) || PLACE_ENDS.indexOf(c[2]) !== -1) { return; }
      Array.from("县区市").forEach(function (s) { out.push(ps[0].concat([c.slice(0, 2).join("") + s + c.slice(2).join("")])); });
    });
    return out;
  }
  // rewrite.agency_forms: an agency's name glued before the title words apart from them (国家民委京族 → 国家民委 京族), searched
  // after gapForms; then rewrite.agency_gap_forms: gaps in the words after the name (济宁市人民政府 市县同权”改革 意见).
  var AGENCY_ENDS = ["人民政府", "政府", "办公厅", "办公室", "委员会", "管委会", "办事处", "局", "厅", "委", "部", "署"];
  var MAX_AGENCY_SPLITS = 4, MAX_AGENCY = 12;
  function endsAsAgency(word) {
    return AGENCY_ENDS.some(function (e) { return word.slice(-e.length) === e; });
  }
  function agencyCuts(query) {  // rewrite._agency_cuts: [[words up to the name, words after it]]
    var base = baseForm(query), words = wordsForm(base).split(" ").filter(Boolean), out = [], seen = {};
    if (Array.from(base.replace(/ /g, "")).length > MAX_RELAXED_CHARS) { return []; }
    for (var w = 0; w < words.length - 1; w++) {
      if (Array.from(words[w]).length >= 3 && CHINESE_WORD.test(words[w]) && endsAsAgency(words[w])) {
        out.push([words.slice(0, w + 1), words.slice(w + 1)]);
        seen[JSON.stringify(out[0])] = true;
        break;
      }
    }
    words.forEach(function (word, w) {
      if (!CHINESE_WORD.test(word)) { return; }
      var c = Array.from(word);
      for (var i = 3; i < c.length - 1; i++) {
        var head = c.slice(0, i).join("");
        if (!endsAsAgency(head)) { continue; }
        var cut = [words.slice(0, w).concat([head]), [c.slice(i).join("")].concat(words.slice(w + 1))], key = JSON.stringify(cut);
        if (!seen[key]) { seen[key] = true; out.push(cut); }
      }
    });
    return out.slice(0, MAX_AGENCY_SPLITS);
  }
  function agencySplits(query) {
    return agencyCuts(query).map(function (cut) { return cut[0].concat(cut[1]).join(" "); });
  }
  function agencyForms(query) {
    var seen = {}, out = [];
    forms(query).forEach(function (f) { seen[JSON.stringify(queryGroups(f))] = true; });
    agencySplits(query).forEach(function (split) {
      forms(split).forEach(function (f) {
        var key = JSON.stringify(queryGroups(f));
        if (!seen[key] && out.length < MAX_AGENCY) { seen[key] = true; out.push(f); }
      });
    });
    return out;
  }
  function agencyGapForms(query) {
    var out = [];
    agencyCuts(query).forEach(function (cut) {
      var rest = jointForm(cut[1].join(" ")).split(" ").filter(Boolean);
      rest.forEach(function (word, r) {
        gappedWord(word).forEach(function (g) {
          var f = cut[0].concat(rest.slice(0, r), [g], rest.slice(r + 1)).join(" ");
          if (out.indexOf(f) === -1) { out.push(f); }
        });
      });
    });
    return out.slice(0, MAX_GAPPED);
  }
  function splitJoints(word) {
    if (!CHINESE_WORD.test(word)) { return word; }
    var parts = splitRegion(word);
    word = parts.pop();
    for (var k = 0; k < KIND_ENDS.length; k++) {
      var kind = KIND_ENDS[k];
      if (word.slice(-kind.length) === kind && Array.from(word).length - kind.length >= 4) {
        return parts.concat([word.slice(0, word.length - kind.length), kind]).join(" ");
      }
    }
    return parts.concat([word]).join(" ");
  }
  function jointForm(query) { return placeForm(query).split(" ").filter(Boolean).map(splitJoints).join(" "); }
  function replaceAll(text, from, to) { return text.split(from).join(to); }
  function abbreviated(form) {
    var out = [];
    ABBREVIATIONS.forEach(function (pair) {
      if (form.indexOf(pair[1]) !== -1 && pair[0].indexOf(pair[1]) === -1) { out.push(replaceAll(form, pair[1], pair[0])); }
      else if (form.indexOf(pair[0]) !== -1 && pair[1].indexOf(pair[0]) === -1) { out.push(replaceAll(form, pair[0], pair[1])); }
    });
    return out;
  }
  // rewrite._all_abbreviated: every abbreviation rewritten at once, each on the text the previous left.
  function allAbbreviated(form) {
    ABBREVIATIONS.forEach(function (pair) {
      if (form.indexOf(pair[1]) !== -1 && pair[0].indexOf(pair[1]) === -1) { form = replaceAll(form, pair[1], pair[0]); }
      else if (form.indexOf(pair[0]) !== -1 && pair[1].indexOf(pair[0]) === -1) { form = replaceAll(form, pair[0], pair[1]); }
    });
    return form;
  }
  function baseForm(query) { return fold(query).split(/\s+/).filter(Boolean).join(" "); }
  // rewrite.interpretation_form: 政策解读, 解读 and 一图读懂 as words of their own, and a 发文字号 before them written whole
  // (渝中府办2022年37号解读 → 渝中府办 〔2022〕37号 解读).
  function interpretationForm(query) {
    var split = query.replace(/政策解读|一图读懂|解读/g, function (m) { return " " + m + " "; }).split(/\s+/).filter(Boolean).join(" ");
    return /政策解读|一图读懂|解读/.test(split) ? docNoForm(split) : split;
  }
  // rewrite.org_code_form: a 组织机构代码 standing alone in its other spelling (01525939x ↔ 01525939-x), when its
  // GB 11714 check character checks (codes.is_valid_org_code)
  var ORG_CODE = /(^|[^0-9a-z\/-])([0-9a-z]{8})(-?)([0-9x])(?![0-9a-z\/-])/g, ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
  function orgCodeValid(body, check) {
    var total = 0;
    for (var i = 0; i < 8; i++) { total += parseInt(body.charAt(i), 36) * ORG_WEIGHTS[i]; }
    var k = 11 - total % 11;
    return (k === 10 ? "x" : k === 11 ? "0" : String(k)) === check;
  }
  function orgCodeForm(query) {
    return query.replace(ORG_CODE, function (m, before, body, dash, check) {
      return orgCodeValid(body, check) ? before + body + (dash ? "" : "-") + check : m;
    });
  }
  function forms(query, noPlaces) {
    var base = baseForm(query), candidates = [base, orgCodeForm(base), docNoForm(base), serialForm(base), interpretationForm(base),
                                          allAbbreviated(base), wordsForm(base)];
    candidates = candidates.concat(noPlaces ? [] : [placeForm(wordsForm(base)), jointForm(wordsForm(base))],
                                   [wordsForm(allAbbreviated(base))]);
    candidates.slice().forEach(function (f) { candidates = candidates.concat(abbreviated(f)); });
    var out = [], seen = {};
    candidates.forEach(function (f) {
      var key = JSON.stringify(queryGroups(f));
      if (f && !seen[key] && out.length < MAX_FORMS) { seen[key] = true; out.push(f); }
    });
    return out;
  }
  function exactKeys(query) {
    var base = baseForm(query), keys = queryKeys(base);
    [docNoForm(base), withoutDocWords(base)].forEach(function (f) {
      [f, allAbbreviated(f)].forEach(function (written) {
        queryKeys(written.replace(QUOTE, "").replace(ORDER_WITHOUT_DI, "第").replace(/ /g, "")).forEach(function (k) {
          if (keys.indexOf(k) === -1) { keys.push(k); }
        });
      });
    });
    return keys;
  }

  // rewrite.relaxed_forms: what is searched when no form finds anything, made from each form.
  var RUN = new RegExp("[" + CJK + "]+|[^" + CJK + "]+", "gu");
  function relaxedWords(form) {  // rewrite._words
    var out = [];
    form.split(" ").filter(Boolean).forEach(function (word) { out = out.concat(word.match(RUN) || []); });
    return out;
  }
  function relaxedOf(form, typed) {  // rewrite._relaxed
    var words = relaxedWords(form), candidates = [];
    if (words.length > form.split(" ").filter(Boolean).length) { candidates.push(words); }
    words.forEach(function (word, w) {
      var chars = Array.from(word);  // rewrite._pieces: characters are code points
      if (chars.length < 3 || !CHINESE_WORD.test(word) || typed.indexOf(word) === -1) { return; }
      for (var i = 0; i < chars.length; i++) {
        var pieces = [chars.slice(0, i), chars.slice(i + 1)].filter(function (p) { return p.length > 1; })
          .map(function (p) { return p.join(""); });
        candidates.push(words.slice(0, w).concat(pieces, words.slice(w + 1)));
      }
    });
    if (words.length > 1) {
      words.forEach(function (_w, w) { candidates.push(words.slice(0, w).concat(words.slice(w + 1))); });
    }
    // rewrite._GENERIC: a relaxed form of only 年报 / 年度报告 and a year (2023年) is not searched
    return candidates.filter(function (c) { return !c.every(function (w) { return GENERIC.test(w); }); });
  }
  var GENERIC = /^(?:年度报告|年报|年|[0-9]+)$/;
  // rewrite.kind_only: a relaxed form of only kinds of document and years (报告, 通知 2020) is searched only when the other
  // relaxed forms find nothing: with them, it ranked every short title of that kind among their matches.
  var KIND_ONLY = KIND_ENDS.concat(["公开指南", "政府信息公开指南", "通告", "公告", "复函", "批复", "函"]);
  function kindOnly(form) {
    var words = relaxedWords(form);
    return words.length > 0 && words.every(function (w) { return GENERIC.test(w) || KIND_ONLY.indexOf(w) !== -1; });
  }
  function relaxedForms(query) {
    var base = baseForm(query);
    if (Array.from(base.replace(/ /g, "")).length > MAX_RELAXED_CHARS) { return []; }
    var typed = relaxedWords(base), candidates = [];
    forms(query, true).concat([regionForm(base)]).forEach(function (f) { candidates = candidates.concat(relaxedOf(f, typed)); });
    var seen = {}, out = [];
    forms(query).forEach(function (f) { seen[JSON.stringify(queryGroups(f))] = true; });
    candidates.forEach(function (parts) {
      var f = parts.join(" "), groups = queryGroups(f), key = JSON.stringify(groups);
      if (groups.length && !seen[key] && out.length < MAX_RELAXED) { seen[key] = true; out.push(f); }
    });
    // then suffixForms' forms without a province's short name (海南 海口市 发改委 报告 → 海口市 发改委 报告), at most
    // MAX_SUFFIXED more; their terms were looked up for suffixForms, the stage before
    var extra = 0;
    suffixForms(query).forEach(function (f) {
      var kept = f.split(" ").filter(function (w) { return REGIONS.indexOf(w) === -1; }).join(" ");
      var groups = queryGroups(kept), key = JSON.stringify(groups);
      if (kept !== f && groups.length && !seen[key] && extra < MAX_SUFFIXED) { seen[key] = true; out.push(kept); extra++; }
    });
    return out;
  }
  var LETTERS = /^[a-z]+$/;  // rewrite._LETTERS
  // rewrite.missing_words: the words of the query (of its wordsForm, two or more Chinese characters or letters) with the
  // tokens that say whether a document holds any part of one (its own, and of its abbreviations written out
  // or in): [[word, tokens]]. A word none of whose tokens the index has is said plainly, and no loose match.
  function missingCandidates(query) {
    var out = [], seen = {};
    relaxedWords(wordsForm(baseForm(query))).forEach(function (word) {
      if (Array.from(word).length < 2 || !(CHINESE_WORD.test(word) || LETTERS.test(word)) || seen[word]) { return; }
      seen[word] = true;
      var tokens = [];
      [word].concat(abbreviated(word)).forEach(function (w) { tokens = tokens.concat(tokenize(w)); });
      if (LETTERS.test(word)) { tokens.push("#w:" + word); }  // keys.letter_parts: mb inside 12620600mb0523338c
      out.push([word, tokens]);
    });
    return out;
  }
  function withoutWords(query, words) {  // rewrite.without_words
    var base = baseForm(query);
    words.forEach(function (w) { base = replaceAll(base, w, " "); });
    var rest = base.split(/\s+/).filter(Boolean).join(" ");
    // a number with a word taken out is no query; a word beside a number is
    return exactKeys(query).length && !exactKeys(rest).length ? "" : rest;
  }
  function missingText(words) {  // rewrite.missing_text
    return "没有文件含有" + words.map(function (w) { return "“" + w + "”"; }).join("、");
  }
  /* ---- the fields a result matched (matched.py) ---- */
  var FIELDS = ["标题", "发文字号", "关键词", "索引号", "发布机构", "主题分类", "解读对象"];
  var NUMBERED = ["发文字号", "索引号", "解读对象"];
  function hasGroup(tokens, group) {
    for (var i = 0; i + group.length <= tokens.length; i++) {
      var ok = true;
      for (var j = 0; j < group.length && ok; j++) { ok = tokens[i + j] === group[j]; }
      if (ok) { return true; }
    }
    return false;
  }
  // row: a display row (static_index.display_block); exact: "发文字号", "索引号" or "".
  function matchedFields(row, formGroups, exact) {
    // row[15]: a 解读's policy [title, url, 发文字号] (corpus.policy_text: its title and number)
    var policy = row[15] ? [row[15][0], row[15][2]].filter(Boolean).join(" ") : "";
    var values = [row[0], row[3], row[8], row[6], row[9], row[10], policy];
    var tokens = values.map(function (v) { return tokenize(v || ""); });
    var found = {}, whole = false;
    if (exact) { found[exact] = true; }
    formGroups.forEach(function (groups) {
      var all = groups.length > 0;
      var hits = groups.map(function (g) {
        return FIELDS.filter(function (name, i) { return hasGroup(tokens[i], g); });
      });
      // matched.NUMBERED: a field with a number is named only when every group with a digit is in it
      var partial = NUMBERED.filter(function (name) {
        return groups.some(function (g, k) { return /[0-9]/.test(g.join("")) && hits[k].indexOf(name) === -1; });
      });
      hits.forEach(function (names) {
        names = names.filter(function (name) { return partial.indexOf(name) === -1; });
        names.forEach(function (name) { found[name] = true; });
        all = all && names.length > 0;
      });
      whole = whole || all;
    });
    var out = FIELDS.filter(function (name) { return found[name]; });
    if (!whole && !exact) { out.push("正文"); }
    return out;
  }

  /* ---- fetching (each file once per page view) ---- */
  var cache = {};
  // A gzip member (RFC 1952) inflated here (RFC 1951), its CRC-32 and length checked as DecompressionStream
  // checks them: → ArrayBuffer, or throws. A piece through DecompressionStream took a stream, a Response and
  // their promises, about 0.5 ms of the page's work each (an 8-character phrase at 100,000 documents
  // unzips 150–450 pieces); inflated here, a third of that (docs/search.md, "Latency").
  var inflated = (function () {
    var LBASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
    var LEXT = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
    var DBASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                 4097, 6145, 8193, 12289, 16385, 24577];
    var DEXT = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
    var ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
    var CRC = new Int32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) { c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; }
      CRC[n] = c;
    }
    // A canonical Huffman code from its code lengths, as a table indexed by the next `max` bits of the
    // stream (codes are sent first bit first: the table is indexed by the code's bits reversed): symbol << 4 | length.
    function code(lengths, from, n) {
      var counts = new Uint16Array(16), next = new Uint16Array(16), max = 0, i;
      for (i = 0; i < n; i++) { counts[lengths[from + i]]++; max = Math.max(max, lengths[from + i]); }
      counts[0] = 0;
      for (var l = 1, c = 0; l < 16; l++) { c = (c + counts[l - 1]) << 1; next[l] = c; }
      var size = 1 << max, table = new Int32Array(size);
      for (i = 0; i < n; i++) {
        var len = lengths[from + i];
        if (!len) { continue; }
        var v = next[len]++, r = 0;
        for (var b = 0; b < len; b++) { r = r << 1 | (v >> b & 1); }
        for (var k = r; k < size; k += 1 << len) { table[k] = i << 4 | len; }
      }
      return {table: table, max: max};
    }
    var fixedL, fixedD;
    function fixed() {
      var lengths = new Uint8Array(320), i;
      for (i = 0; i < 144; i++) { lengths[i] = 8; }
      for (; i < 256; i++) { lengths[i] = 9; }
      for (; i < 280; i++) { lengths[i] = 7; }
      for (; i < 288; i++) { lengths[i] = 8; }
      for (i = 288; i < 320; i++) { lengths[i] = 5; }
      fixedL = code(lengths, 0, 288);
      fixedD = code(lengths, 288, 32);
    }
    function gunzipSync(buf, offset, length) {
      var src = new Uint8Array(buf, offset, length), end = src.length, pos = 10, bits = 0, have = 0;
      if (end < 18 || src[0] !== 0x1f || src[1] !== 0x8b || src[2] !== 8) { throw new Error("not gzip"); }
      var flags = src[3];
      if (flags & 4) { pos += 2 + (src[10] | src[11] << 8); }
      if (flags & 8) { while (pos < end && src[pos++]) { /* file name */ } }
      if (flags & 16) { while (pos < end && src[pos++]) { /* comment */ } }
      if (flags & 2) { pos += 2; }
      var size = (src[end - 4] | src[end - 3] << 8 | src[end - 2] << 16 | src[end - 1] << 24) >>> 0;
      // (bytes that are not this piece — another range sent under its name — may claim any size: deflate
      // makes at most 258 bytes of a bit, so more than that is refused before anything is allocated)
      if (size > 2064 * end + 1024) { throw new Error("gzip size"); }
      var out = new Uint8Array(size), at = 0;
      function need(n) {
        while (have < n) {
          if (pos >= end - 8) { throw new Error("gzip cut short"); }
          bits |= src[pos++] << have;
          have += 8;
        }
      }
      function take(n) {
        need(n);
        var v = bits & ((1 << n) - 1);
        bits >>>= n;
        have -= n;
        return v;
      }
      function symbol(h) {
        while (have < h.max) {  // past the last byte of data: zeros (a code shorter than max ends there)
          bits |= (pos < end - 8 ? src[pos] : 0) << have;
          pos++;
          have += 8;
        }
        var e = h.table[bits & ((1 << h.max) - 1)], len = e & 15;
        if (!len) { throw new Error("bad code"); }
        bits >>>= len;
        have -= len;
        return e >> 4;
      }
      var last = 0;
      while (!last) {
        last = take(1);
        var type = take(2), lit, dist;
        if (type === 0) {  // stored: from the next byte boundary (bytes already taken in are given back)
          pos -= have >> 3;
          bits = 0;
          have = 0;
          var len = src[pos] | src[pos + 1] << 8;
          if ((len ^ (src[pos + 2] | src[pos + 3] << 8)) !== 0xffff || pos + 4 + len > end - 8 || at + len > size) {
            throw new Error("bad stored block");
          }
          out.set(src.subarray(pos + 4, pos + 4 + len), at);
          at += len;
          pos += 4 + len;
          continue;
        }
        if (type === 1) {
          if (!fixedL) { fixed(); }
          lit = fixedL;
          dist = fixedD;
        } else if (type === 2) {
          var hlit = take(5) + 257, hdist = take(5) + 1, hclen = take(4) + 4;
          var lengths = new Uint8Array(320), i;
          for (i = 0; i < hclen; i++) { lengths[ORDER[i]] = take(3); }
          var lens = code(lengths, 0, 19), all = new Uint8Array(hlit + hdist);
          lengths = new Uint8Array(19);
          for (i = 0; i < hlit + hdist;) {
            var s = symbol(lens), rep = 0, val = 0;
            if (s < 16) { all[i++] = s; continue; }
            if (s === 16) {
              if (!i) { throw new Error("bad lengths"); }
              val = all[i - 1];
              rep = 3 + take(2);
            } else if (s === 17) { rep = 3 + take(3); } else { rep = 11 + take(7); }
            if (i + rep > hlit + hdist) { throw new Error("bad lengths"); }
            while (rep--) { all[i++] = val; }
          }
          lit = code(all, 0, hlit);
          dist = code(all, hlit, hdist);
        } else {
          throw new Error("bad block type");
        }
        for (;;) {
          var sym = symbol(lit);
          if (sym < 256) {
            if (at >= size) { throw new Error("gzip longer than said"); }
            out[at++] = sym;
          } else if (sym === 256) {
            break;
          } else {
            sym -= 257;
            if (sym >= 29) { throw new Error("bad length"); }
            var length = LBASE[sym] + take(LEXT[sym]), d = symbol(dist);
            if (d >= 30) { throw new Error("bad distance"); }
            var back = DBASE[d] + take(DEXT[d]);
            if (back > at || at + length > size) { throw new Error("bad distance"); }
            for (var j = 0; j < length; j++, at++) { out[at] = out[at - back]; }
          }
        }
      }
      // the trailer right after the data, as DecompressionStream wants it (bytes after it: not this piece)
      if (at !== size || pos - (have >> 3) !== end - 8) { throw new Error("gzip length"); }
      var crc = -1;
      for (var q = 0; q < size; q++) { crc = CRC[(crc ^ out[q]) & 255] ^ (crc >>> 8); }
      var want = src[end - 8] | src[end - 7] << 8 | src[end - 6] << 16 | src[end - 5] << 24;
      if ((crc ^ -1) !== want) { throw new Error("gzip CRC"); }
      return out.buffer;
    }
    return gunzipSync;
  })();
  // → Promise of the bytes (rejected when they do not unzip). A piece of more than INFLATE_MAX bytes unzipped
  // (a common term's block 0: 15 KB of gzip) goes through DecompressionStream: the inflater is JavaScript not yet
  // compiled when a query reads few pieces, and a large piece then cost more than the stream (2-character
  // words at 100,000 documents: 86 → 128 ms with every piece inflated). Both refuse the same bytes.
  var INFLATE_MAX = 8192;
  function gunzip(buf, offset, length) {
    offset = offset || 0;
    length = length === undefined ? buf.byteLength - offset : length;
    var bytes = new Uint8Array(buf, offset, length);
    var size = length < 18 ? 0 : (bytes[length - 4] | bytes[length - 3] << 8 | bytes[length - 2] << 16 | bytes[length - 1] << 24) >>> 0;
    if (size > INFLATE_MAX) {
      var stream = new ReadableStream({start: function (c) { c.enqueue(bytes); c.close(); }});
      return new Response(stream.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
    }
    return new Promise(function (resolve) { resolve(inflated(buf, offset, length)); });
  }
  // Every request gives up after TIMEOUT_MS (body included): a host that never answers ends in a
  // message, not in 正在搜索… for ever. A page may set window.GKSSG_SEARCH_TIMEOUT_MS (tests do).
  var TIMEOUT_MS = window.GKSSG_SEARCH_TIMEOUT_MS || 30000;
  function timed(url, init) {
    if (!window.AbortController) { return fetch(url, init); }
    var control = new AbortController();
    setTimeout(function () { control.abort(); }, TIMEOUT_MS);  // a no-op once the body is read
    return fetch(url, Object.assign({}, init || {}, {signal: control.signal}));
  }
  function fetched(key, path, init) {
    return timed(base + path, init).then(function (r) {
      if (!r.ok) {
        // A newer release may have renamed the file: the next query reads the manifest again.
        delete cache[key];
        manifestPromise = null;
        throw new Error(path + ": HTTP " + r.status);
      }
      return r;
    });
  }
  // A host that tags the index files `Content-Encoding: gzip` (a bucket's metadata, a CDN rule) has the browser
  // unzip them before the page sees them: bytes that say so and are no gzip any more are used as they come. A pack is
  // many gzip members, of which Chromium unzips the first only, and it refuses such a header on a range (206): the
  // packs cannot be read through such a host, and the page says so, with what to change (hostile round 35a, row 65:
  // every query said only that the index did not load).
  function unzippedByBrowser(r, buf) {
    var b = new Uint8Array(buf, 0, Math.min(2, buf.byteLength));
    return /(?:^|,)\s*(?:x-)?gzip\s*(?:,|$)/i.test(r.headers.get("Content-Encoding") || "") && !(b[0] === 0x1f && b[1] === 0x8b);
  }
  function getBytes(path) {
    if (!cache[path]) {
      cache[path] = fetched(path, path).then(function (r) {
        return r.arrayBuffer().then(function (buf) { return unzippedByBrowser(r, buf) ? buf : gunzip(buf); });
      });
    }
    return cache[path];
  }
  function packBytes(r, path) {  // a whole pack as it came (gzip members), or an EncodedPack error
    return r.arrayBuffer().then(function (buf) {
      if (!unzippedByBrowser(r, buf)) { return buf; }
      var e = new Error(path + ": the host sends the packs with Content-Encoding: gzip");
      e.name = "EncodedPack";
      throw e;
    });
  }
  // A posting chunk (p) or a text (t) is a piece of a pack (packs.py), named by its locator
  // "<pack>.<offset>.<length>" and read with one Range request. A host that ignores Range answers
  // 200 with the whole pack: it is then kept for the page view and every later piece is cut from
  // the packs, each fetched whole once (correct, but up to a MB a pack: docs/search.md).
  var wholePacks = false;
  function wholePack(path) {
    var key = "pack:" + path;
    if (!cache[key]) {
      cache[key] = fetched(key, path).then(function (r) { return packBytes(r, path); });
    }
    return cache[key];
  }
  // A piece's bytes are decompressed from memory (not through a Blob's stream, which went to the
  // browser's blob store and back: ~1 ms a piece).
  function cut(buf, offset, length) { return gunzip(buf, offset, length); }
  // A 206 is used only when it is the range asked for: Content-Range names it and the body has its
  // length (a proxy that replays another range, cuts the body short or sends the whole file is
  // caught here). Anything else from a Range request (another range, 416, a body that does not
  // unzip, a request the browser refuses, as Chromium does with a 206 a proxy re-encoded) switches
  // the page view to whole packs, as a host that ignores Range does; only a whole pack that
  // cannot be read either is an error (and a timeout stays one: the host does not answer).
  function wrongRange(why) {
    if (!wholePacks && window.console) { console.warn("search: " + why + "; reading whole packs"); }
    wholePacks = true;
  }
  function rangeOf(r, offset, length) {
    var m = /^bytes (\d+)-(\d+)\//.exec(r.headers.get("Content-Range") || "");
    return r.status === 206 && m && +m[1] === offset && +m[2] === offset + length - 1;
  }
  // Pieces asked for in one turn of the page's work (a step of topDocs asks for all its blocks at
  // once) are read together, one request a pack: its pieces as the ranges of one multi-range
  // request (`Range: bytes=a-b,c-d,…`, answered 206 multipart/byteranges: the scores-only copies of
  // a term's tail, 60 pieces a common term at 10,000 documents, lie between its chunks, so no one
  // range holds them without the chunks), pieces at most RANGE_GAP bytes apart as one range (less
  // than a part's own headers cost). Every part must be a range asked for, whole; a host that does
  // not answer so (200 with the whole pack, whose body is not read; one range only; another range)
  // is asked one range a piece from then on, each checked as ever (rangeOf, the length, the piece
  // unzips), so a host that ignores Range altogether still ends in whole packs.
  var RANGE_GAP = 96, MAX_RANGES = 48;
  var multiRange = !window.GKSSG_SEARCH_ONE_RANGE;  // tests and benchmarks may ask for one range a request
  var queued = null;  // pack path → [{offset, length, resolve, reject}] waiting for this turn's end
  function ranged(path, offset, length) {  // → Promise of the piece's gzip bytes, or null (read whole packs)
    return new Promise(function (resolve, reject) {
      if (!queued) {
        queued = {};
        Promise.resolve().then(flushRanges);
      }
      (queued[path] = queued[path] || []).push({offset: offset, length: length, resolve: resolve, reject: reject});
    });
  }
  function flushRanges() {
    var batch = queued;
    queued = null;
    Object.keys(batch).forEach(function (path) {
      var wants = batch[path].sort(function (a, b) { return a.offset - b.offset; }), runs = [], end = -Infinity;
      wants.forEach(function (w) {
        if (!runs.length || w.offset > end + RANGE_GAP) { runs.push({lo: w.offset, hi: w.offset, wants: []}); }
        var run = runs[runs.length - 1];
        run.wants.push(w);
        run.hi = Math.max(run.hi, w.offset + w.length);
        end = run.hi;
      });
      if (!multiRange || runs.length === 1) {
        runs.forEach(function (run) { readRun(path, run); });
        return;
      }
      for (var i = 0; i < runs.length; i += MAX_RANGES) { readRuns(path, runs.slice(i, i + MAX_RANGES)); }
    });
  }
  function settleRun(run, buf) {
    run.wants.forEach(function (w) { w.resolve(buf && buf.slice(w.offset - run.lo, w.offset - run.lo + w.length)); });
  }
  function readRun(path, run) {  // one range: what a piece alone was read with before
    var lo = run.lo, length = run.hi - run.lo, asked = "bytes " + lo + "-" + (run.hi - 1);
    timed(base + path, {headers: {Range: "bytes=" + lo + "-" + (run.hi - 1)}})
      .then(function (r) {
        if (r.status === 200) {
          wrongRange("the host ignores Range");
          if (!cache["pack:" + path]) { cache["pack:" + path] = packBytes(r, path); }
          return null;
        }
        if (!rangeOf(r, lo, length)) {
          wrongRange("the host answered " + r.status + " " + (r.headers.get("Content-Range") || "") + " to " + asked);
          return null;
        }
        return r.arrayBuffer().then(function (buf) {
          if (buf.byteLength === length) { return buf; }
          wrongRange("a range of " + length + " bytes came with " + buf.byteLength);
          return null;
        });
      }, function (e) {
        if (e && e.name === "AbortError") { throw e; }
        wrongRange("a range request failed (" + (e && e.message) + ")");
        return null;
      })
      .then(function (buf) { settleRun(run, buf); },
            function (e) { run.wants.forEach(function (w) { w.reject(e); }); });
  }
  // The parts of a multipart/byteranges body: [{lo, hi (exclusive), data}], or null when it is not one.
  var LATIN = new TextDecoder("latin1");
  function byteranges(type, buf) {
    var m = /^multipart\/byteranges;\s*boundary="?([^";]+)"?/i.exec(type || "");
    if (!m) { return null; }
    var text = LATIN.decode(buf), mark = "--" + m[1], parts = [], at = text.indexOf(mark);
    while (at >= 0) {
      at += mark.length;
      if (text.substr(at, 2) === "--") { return parts; }
      var head = text.indexOf("\r\n\r\n", at);
      if (head < 0) { return null; }
      var range = /content-range:\s*bytes (\d+)-(\d+)\/\d+/i.exec(text.slice(at, head));
      if (!range) { return null; }
      var lo = +range[1], hi = +range[2] + 1, from = head + 4;
      if (hi <= lo || from + hi - lo > buf.byteLength) { return null; }
      parts.push({lo: lo, hi: hi, data: buf.slice(from, from + hi - lo)});
      at = text.indexOf(mark, from + hi - lo);
    }
    return null;  // no closing boundary: cut short
  }
  function readRuns(path, runs) {  // several ranges of one pack in one request
    var again = function () { multiRange = false; runs.forEach(function (run) { readRun(path, run); }); };
    timed(base + path, {headers: {Range: "bytes=" + runs.map(function (run) { return run.lo + "-" + (run.hi - 1); }).join(",")}})
      .then(function (r) {
        if (r.status !== 206) {  // a 200 is the whole pack (up to a MB): not read, the ranges asked one by one
          if (r.body) { r.body.cancel().catch(function () { /* already closed */ }); }
          return again();
        }
        return r.arrayBuffer().then(function (buf) {
          var parts = byteranges(r.headers.get("Content-Type"), buf) || [], missed = [];
          runs.forEach(function (run) {
            var part = parts.filter(function (p) { return p.lo === run.lo && p.hi === run.hi; })[0];
            if (part) { settleRun(run, part.data); } else { missed.push(run); }
          });
          if (missed.length) {
            multiRange = false;
            missed.forEach(function (run) { readRun(path, run); });
          }
        });
      }, function (e) {
        if (e && e.name === "AbortError") { throw e; }
        again();
      })
      .catch(function (e) {  // a body that never came: every piece fails (a piece settled stays so)
        runs.forEach(function (run) { run.wants.forEach(function (w) { w.reject(e); }); });
      });
  }
  function getPiece(folder, locator) {
    var key = folder + ":" + locator;
    if (!cache[key]) {
      var parts = locator.split("."), path = folder + "/" + parts[0] + ".bin";
      var offset = parseInt(parts[1], 10), length = parseInt(parts[2], 10);
      var fromWhole = function () { return wholePack(path).then(function (buf) { return cut(buf, offset, length); }); };
      if (wholePacks) {
        cache[key] = fromWhole();
      } else {
        cache[key] = ranged(path, offset, length).then(function (piece) {
          if (!piece) { return fromWhole(); }
          return cut(piece, 0, length).catch(function () {
            wrongRange("a range did not unzip");
            return fromWhole();
          });
        });
      }
      cache[key].catch(function () { delete cache[key]; });
    }
    return cache[key];
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
      // Revalidated on every page view (a 304 when unchanged): a manifest kept from an older
      // release would name index files that release no longer has.
      manifestPromise = timed(manifestUrl, {cache: "no-cache"}).then(function (r) {
        if (!r.ok) { throw new Error("manifest: HTTP " + r.status); }
        return r.json();
      });
      manifestPromise.catch(function () { manifestPromise = null; });  // a later query tries again
    }
    return manifestPromise;
  }
  function fnv1a32(text) {
    var bytes = new TextEncoder().encode(text), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0; }
    return h >>> 0;
  }
  // A dictionary shard, display or filter block is named by the hash of its group of blocks: the
  // manifest's "hashes" lists 12 hex digits a group, "group" blocks a group (static_index.grouped).
  function blockPath(folder, kind, n) {
    var g = Math.floor(n / kind.group);
    return folder + "/" + n + "." + kind.hashes.substr(12 * g, 12) + ".bin";
  }
  // A term's dictionary entry: [df, df in titles, df in bodies, chunk locator, offset, length of block 0, …];
  // an exact key's entry is the list of its documents.
  function entryOf(man, term) {
    var shard = fnv1a32(term) % man.shards;
    return getJson(blockPath("k", man.dict, shard)).then(function (dict) {
      return Object.prototype.hasOwnProperty.call(dict, term) ? dict[term] : null;
    });
  }
  // A term's idf from its df in titles and in bodies (scoring.py).
  function idfOf(man, entry) { return Math.log(man.docs / (Math.max(entry[1], entry[2]) + 1)) + 1; }
  function hex(bytes) {
    var out = "";
    for (var i = 0; i < bytes.length; i++) { out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16); }
    return out;
  }
  // A posting block (postings.py): postings {doc, stored, pos (title then body), nt (title positions
  // kept), tt / bt (the title / body has more than those kept)} and block 0's tail directory.
  // `cap` is the number of positions a posting keeps of each field (the manifest's "positions").
  var blocks = {};
  function readBlock(chunk, offset, length, cap) {
    var key = chunk + ":" + offset;
    if (!blocks[key]) {
      blocks[key] = getPiece("p", chunk).then(function (buf) {
        var dv = new DataView(buf, offset, length);
        var n = dv.getUint32(0, true), low = dv.getUint32(4, true), dw = dv.getUint8(8), pw = dv.getUint8(9);
        var entries = dv.getUint32(12, true), at = 16 + n * (dw + 3), out = [];
        for (var i = 0; i < n; i++) {
          var code = dv.getUint8(16 + n * (dw + 2) + i), t = code & 15, b = code >> 4;
          var nt = Math.min(t, cap), c = nt + Math.min(b, cap), pos = new Array(c);
          for (var k = 0; k < c; k++) { pos[k] = pw === 2 ? dv.getUint16(at, true) : dv.getUint32(at, true); at += pw; }
          out.push({doc: low + (dw === 2 ? dv.getUint16(16 + 2 * i, true) : dv.getUint32(16 + 4 * i, true)),
                    stored: dv.getUint16(16 + n * dw + 2 * i, true), pos: pos, nt: nt,
                    tt: t > cap, bt: b > cap});
        }
        var directory = [];
        for (var e = 0; e < entries; e++, at += 40) {  // postings.DIRECTORY: the chunk's locator first
          var name = hex(new Uint8Array(buf, offset + at, 6)), inPack = dv.getUint32(at + 6, true);
          var size = dv.getUint32(at + 10, true);
          directory.push({chunk: name + "." + inPack + "." + size,
                          offset: dv.getUint32(at + 14, true), length: dv.getUint32(at + 18, true),
                          count: dv.getUint32(at + 22, true), bound: dv.getUint16(at + 26, true),
                          band: dv.getUint8(at + 28), first: dv.getUint32(at + 30, true),
                          last: dv.getUint32(at + 34, true),
                          // the chunk's scores-only copy, right after it in the pack (postings.lite_block)
                          lite: name + "." + (inPack + size) + "." + dv.getUint16(at + 38, true)});
        }
        return {postings: out, directory: directory};
      });
    }
    return blocks[key];
  }
  // A tail block's scores-only copy (postings.lite_block): postings {doc, stored}, without positions.
  // The copy of a chunk holds its blocks end to end; a block is the one whose lowest document is
  // the directory's first (a tail block is in document order).
  function readLite(ref) {
    var key = "lite:" + ref.lite + ":" + ref.first;
    if (!blocks[key]) {
      blocks[key] = getPiece("p", ref.lite).then(function (buf) {
        var dv = new DataView(buf), at = 0;
        while (at < buf.byteLength) {
          var n = dv.getUint32(at, true), low = dv.getUint32(at + 4, true), dw = dv.getUint8(at + 8);
          if (low === ref.first) {
            var out = [];
            for (var i = 0; i < n; i++) {
              out.push({doc: low + (dw === 2 ? dv.getUint16(at + 16 + 2 * i, true) : dv.getUint32(at + 16 + 4 * i, true)),
                        stored: dv.getUint16(at + 16 + n * dw + 2 * i, true)});
            }
            return {postings: out};
          }
          at += 16 + n * (dw + 2);
        }
        throw new Error("search: no block of document " + ref.first + " in " + ref.lite);
      });
    }
    return blocks[key];
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
    var wantedBlocks = {};
    docs.forEach(function (d) { wantedBlocks[Math.floor(d / part.size)] = true; });
    return Promise.all(Object.keys(wantedBlocks).map(function (b) {
      return getJson(blockPath(folder, part, +b)).then(function (rows) { return [b, rows]; });
    })).then(function (loaded) {
      var rowsOf = {};
      loaded.forEach(function (pair) { rowsOf[pair[0]] = pair[1]; });
      return function (d) { return rowsOf[Math.floor(d / part.size)][d % part.size]; };
    });
  }
  // The documents of the year filtered on as [first, end) of their numbers (documents are numbered
  // by date: the manifest gives each year's run, static_index.year_runs), or null: no year filter, or
  // a year whose documents are not one run (its rows tell).
  function yearRun(man, wanted) {
    if (!("year" in wanted)) { return null; }
    if (wanted.year < 0) { return [0, 0]; }  // a year the index does not have
    var run = (man.filter.years || [])[wanted.year];
    return run ? run : null;
  }
  function passes(man, wanted, docs) {  // → Promise of {doc: true|false}
    var run = yearRun(man, wanted), ok = {};
    if (run) {  // outside the year's run: out, with no row read; inside: passes the year
      docs = docs.filter(function (d) { ok[d] = d >= run[0] && d < run[1]; return ok[d]; });
      if (Object.keys(wanted).length === 1) { return Promise.resolve(ok); }
    }
    return rowsFor("f", man.filter, docs).then(function (rowOf) {
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

  /* ---- phrases: from the positions kept, else from the document's text ---- */
  // Whether a document has every group of tokens at consecutive positions: true, false, or null
  // when the positions kept (the first few of each field) cannot tell. Tokens whose posting is not
  // known yet (postingOf gives undefined) are left out: false is then already certain.
  function phraseVerdict(groups, postingOf) {
    var verdict = true;
    for (var g = 0; g < groups.length && verdict !== false; g++) {
      var group = groups[g];
      if (group.length < 2) { continue; }
      var found = fieldVerdict(group, postingOf, true), inBody = found === true ? true : fieldVerdict(group, postingOf, false);
      if (found !== true && inBody !== true) { verdict = found === null || inBody === null ? null : false; }
    }
    return verdict;
  }
  function fieldVerdict(group, postingOf, title) {
    var parts = group.map(function (t) {
      var p = postingOf(t);
      if (!p) { return null; }
      var pos = title ? p.pos.slice(0, p.nt) : p.pos.slice(p.nt);
      return {pos: pos, last: pos.length ? pos[pos.length - 1] : -1, more: title ? p.tt : p.bt};
    });
    // Start from a token whose positions in this field are all kept, when there is one.
    var anchor = -1, known = 0;
    for (var i = 0; i < parts.length; i++) {
      if (parts[i] && (anchor < 0 || (parts[anchor].more && !parts[i].more))) { anchor = i; }
      if (parts[i]) { known++; }
    }
    if (known < 2) { return null; }
    var unknown = parts[anchor].more, starts = parts[anchor].pos;
    for (var s = 0; s < starts.length; s++) {
      var start = starts[s] - anchor, ok = true;
      for (var j = 0; j < parts.length && ok !== false; j++) {
        if (!parts[j] || parts[j].pos.indexOf(start + j) !== -1) { continue; }
        ok = parts[j].more && start + j > parts[j].last ? null : false;
      }
      if (ok === true) { return true; }
      if (ok === null) { unknown = true; }
    }
    return unknown ? null : false;
  }
  // The exact answer from a document's title, 发文字号 and text, tokenized as the index was.
  function titleText(row) { return [row[0], row[3], row[8]].filter(Boolean).join(" "); }  // corpus.title_text
  function textVerdict(man, groups, doc) {
    return rowsFor("d", man.display, [doc]).then(function (rowOf) {
      var row = rowOf(doc);
      return Promise.all([row[7] ? getPiece("t", row[7]) : Promise.resolve(null),
                          row[12] ? loadFoldTable(man) : null]).then(function (got) {
        var buf = got[0];
        var title = tokenize(titleText(row));
        var body = buf ? tokenize(new TextDecoder("utf-8").decode(buf)) : [];
        // (a phrase never spans the title and the text: null between them)
        var tokens = title.concat([null], body);
        return groups.every(function (group) { return group.length < 2 || hasGroup(tokens, group); });
      });
    });
  }

  // A document's score, as `gkssg search` ranks it (query.static_scores): the sum of its postings'
  // stored weight × idf, rounded to an integer, half to even (Python's round), so that two readers
  // whose sums differ in the last bits of a float never order two documents differently.
  function roundEven(x) {
    var r = Math.round(x);
    return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
  }

  // The first n of items in the order `before` (a total order) gives: items.sort(before).slice(0, n),
  // without sorting them all (the documents open at 100,000 documents are tens of thousands, a batch 16).
  function firstOf(items, n, before) {
    if (items.length <= 4 * n) { return items.sort(before).slice(0, n); }
    var out = [];
    items.forEach(function (x) {
      if (out.length === n && before(x, out[n - 1]) >= 0) { return; }
      var lo = 0, hi = out.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (before(out[mid], x) < 0) { lo = mid + 1; } else { hi = mid; }
      }
      out.splice(lo, 0, x);
      if (out.length > n) { out.pop(); }
    });
    return out;
  }
  function uniqueTerms(groups) {
    var terms = [];
    groups.forEach(function (g) { g.forEach(function (t) { if (terms.indexOf(t) === -1) { terms.push(t); } }); });
    return terms;
  }
  var CHINESE = new RegExp("[" + CJK + "]", "u");
  // The query searched in each of its forms (rewrite.py): a document scores its best form; the
  // documents whose 发文字号 or 索引号 is the whole query come first.
  function run(params) {
    // the characters of a query that are searched, as `gkssg search` (query.MAX_QUERY): code points
    params = Object.assign({}, params, {q: Array.from(trimQuery(params.q)).slice(0, MAX_QUERY).join("")});
    return manifest().then(function (man) {
      var typed = baseForm(params.q);
      var formGroups = forms(params.q).map(queryGroups);
      var formTerms = formGroups.map(uniqueTerms);
      var wanted = filterIndexes(man, params);
      var byDate = params.sort === "date";
      var need = params.page * PAGE_SIZE + 1;
      var keys = exactKeys(params.q);
      var lookups = keys.concat(uniqueTerms(formTerms));
      var absentCandidates = missingCandidates(params.q);  // their tokens are looked up too (most already are)
      var absentTerms = uniqueTerms(absentCandidates.map(function (c) { return c[1]; })).filter(function (t) {
        return lookups.indexOf(t) === -1;
      });
      return Promise.all(lookups.concat(absentTerms).map(function (t) { return entryOf(man, t); })).then(function (entries) {
        var entry = {};
        lookups.concat(absentTerms).forEach(function (t, i) { entry[t] = entries[i]; });
        var missing = absentCandidates.filter(function (c) { return !c[1].some(function (t) { return entry[t]; }); })
          .map(function (c) { return c[0]; });
        // A Chinese word the index lacks may be written in traditional characters, which the index
        // has folded: fetch the table, and search again when folding changes the query.
        if (!simplify && man.fold && lookups.some(function (t) { return entry[t] === null && CHINESE.test(t); })) {
          return loadFoldTable(man).then(function () {
            return baseForm(params.q) !== typed ? run(params) : searchAll();
          });
        }
        return searchAll();
        // Nothing found: the relaxed forms (their terms are the query's, looked up already).
        function searchAll() {
          return searchForms(formGroups, keys, true).then(function (found) {
            var gapped = gapForms(params.q);
            return found.docs.length || !gapped.length ? found : searchForms(gapped.map(queryGroups), [], false)
              .then(function (gap) { gap.gapped = true; return gap; });
          }).then(function (found) {
            return staged(found, agencyForms, "agency");
          }).then(function (found) {
            return staged(found, agencyGapForms, "agencyGapped");
          }).then(function (found) {
            return staged(found, suffixForms, "suffixed");
          }).then(function (found) {
            if (found.docs.length) { return found; }
            // the relaxed forms; those of only kinds of document and years when the others find nothing (rewrite.kind_only)
            var relaxed = relaxedForms(params.q), tiers = [relaxed.filter(function (f) { return !kindOnly(f); }),
                                                            relaxed.filter(kindOnly)];
            var first = tiers[0].length ? searchForms(tiers[0].map(queryGroups), [], false) : Promise.resolve(null);
            return first.then(function (partial) {
              if (partial && partial.docs.length) { return partial; }
              return searchForms(tiers[1].map(queryGroups), [], false).then(function (kinds) {
                if (tiers[1].length) { kinds.kindTier = true; }
                return kinds;
              });
            }).then(function (partial) {
              partial.relaxed = true;
              partial.missing = missing;
              // a word no document holds: no loose match (rewrite.missing_words)
              return partial.docs.length || missing.length ? partial : searchLoose();
            });
          });
        }
        // A stage searched when nothing was found before it (rewrite.agency_forms, agency_gap_forms, suffix_forms): full
        // matches; the terms its forms add (an abbreviation written out, 城县 of 柘城县) are looked up only then.
        function staged(found, make, flag) {
          var made = make(params.q);
          if (found.docs.length || !made.length) { return found; }
          var groups = made.map(queryGroups), more = uniqueTerms(groups.map(uniqueTerms)).filter(function (t) {
            return !(t in entry);
          });
          return Promise.all(more.map(function (t) { return entryOf(man, t); })).then(function (got) {
            more.forEach(function (t, i) { entry[t] = got[i]; });
            return searchForms(groups, [], false).then(function (f) { f[flag] = true; return f; });
          });
        }
        // Nothing found by them either: the documents with most of the tokens of a form (looseDocs),
        // each scoring its best form (none weighted), every one certain (the count is exact).
        function searchLoose() {
          var looseTokens = looseForms(params.q);
          return Promise.all(looseTokens.map(function (tokens) {
            return looseDocs(man, tokens, entry, wanted);
          })).then(function (all) {
            var best = new Map();
            all.forEach(function (docs) {
              docs.forEach(function (r) { if (!best.has(r.doc) || best.get(r.doc).score < r.score) { best.set(r.doc, r); } });
            });
            var ranked = Array.from(best.values());
            ranked.sort(function (a, b) { return byDate ? b.doc - a.doc : b.score - a.score || b.doc - a.doc; });
            return {docs: ranked, complete: true, total: {n: ranked.length, exact: true}, relaxed: true, loose: true, missing: missing,
                    groups: looseTokens.map(function (tokens) { return tokens.map(function (t) { return [t]; }); }),
                    exact: {}, manifest: man};
          });
        }
        function searchForms(formGroups, keys, weighted) {
          var formTerms = formGroups.map(uniqueTerms);
          var exact = [], exactKind = {};
          keys.forEach(function (k) {
            (entry[k] || []).forEach(function (d) {
              if (!(d in exactKind)) { exactKind[d] = k.charAt(1) === "n" ? "发文字号" : "索引号"; exact.push(d); }
            });
          });
          exact.sort(function (a, b) { return b - a; });  // newest first: documents are numbered oldest first
          var skip = Math.max(0, (params.page - 1) * PAGE_SIZE - exact.length);
          var searches = formGroups.map(function (groups, f) {
            var terms = formTerms[f], termEntries = terms.map(function (t) { return entry[t]; });
            return terms.length && termEntries.every(Boolean)
              ? topDocs(man, groups, terms, termEntries, wanted, need, byDate, skip)
              : Promise.resolve({docs: [], complete: true});
          });
          var exactFiltered = wanted ? passes(man, wanted, exact).then(function (ok) {
            return exact.filter(function (d) { return ok[d]; });
          }) : Promise.resolve(exact);
          return Promise.all([exactFiltered].concat(searches)).then(function (all) {
            var best = new Map(), complete = true;
            all.slice(1).forEach(function (found, f) {
              complete = complete && found.complete;
              found.docs.forEach(function (r) {
                var score = f === 0 || !weighted ? r.score : r.score * REWRITTEN_WEIGHT;
                if (!(r.doc in exactKind) && (!best.has(r.doc) || best.get(r.doc).score < score)) {
                  best.set(r.doc, {doc: r.doc, score: score});
                }
              });
            });
            var docs = all[0].map(function (d) { return {doc: d, score: Infinity}; });
            var ranked = Array.from(best.values());
            ranked.sort(function (a, b) { return byDate ? b.doc - a.doc : b.score - a.score || b.doc - a.doc; });
            var certain = docs.length + ranked.length;
            docs = docs.concat(complete ? ranked : ranked.slice(0, Math.max(0, need - docs.length)));
            if (byDate) { docs.sort(function (a, b) { return b.doc - a.doc; }); }
            // The count: exact when every match is known, or for one form whose count is exact and no
            // exact number, or when every form knows its matches (a census: their union and the exact
            // numbers'); else one form's estimate, never below the matches found; but with several forms
            // (their overlap unknown) or a form that can only say how many it is sure of, a lower bound.
            var counts = all.slice(1).map(function (found) { return found.count || {n: 0, exact: true, docs: []}; });
            var most = function (cs) { return Math.max(certain, Math.max.apply(null, cs.map(function (c) { return c.n; }))); };
            var bounds = counts.filter(function (c) { return c.atLeast; });
            var union = null;
            if (counts.every(function (c) { return c.docs; })) {
              union = new Set(all[0]);
              counts.forEach(function (c) { c.docs.forEach(function (d) { union.add(d); }); });
            }
            // Several forms whose matches are not all known (年报 and 年度报告 each counted by its
            // document frequency): the union is at least the largest form's sure count, and may be up to
            // their sum — so "至少", never "约" the largest (hostile round 18: 约 420 for 715).
            var sure = counts.filter(function (c) { return c.exact || c.atLeast; });
            var total = complete ? {n: certain, exact: true}
              : counts.length === 1 && counts[0].exact && !all[0].length ? counts[0]
              : union ? {n: union.size, exact: true}
              : bounds.length || counts.length > 1 ? {n: sure.length ? most(sure) : certain, exact: false, atLeast: true}
              : {n: most(counts), exact: false};
            return {docs: docs, complete: complete, total: total, groups: formGroups, exact: exactKind, manifest: man};
          });
        }
      });
    });
  }

  /* ---- the last resort: most of a form's tokens (rewrite.loose_forms, query._search_loose) ---- */
  var LOOSE_MIN_TOKENS = 4, LOOSE_MAX_CANDIDATES = 2000;
  function looseNeed(k) { return Math.ceil(2 * k / 3); }  // rewrite.loose_need: 3 of 4, 6 of 8, 10 of 15
  // The distinct tokens of each form, but a lone Chinese character, with at least LOOSE_MIN_TOKENS.
  function looseForms(query) {
    var out = [], seen = {};
    forms(query).forEach(function (f) {
      var tokens = uniqueTerms(queryGroups(f)).filter(function (t) { return Array.from(t).length > 1; });
      var key = tokens.slice().sort().join(" ");
      if (tokens.length >= LOOSE_MIN_TOKENS && !seen[key]) { seen[key] = true; out.push(tokens); }
    });
    return out;
  }
  // Python's order of strings: by code point. JavaScript's < compares UTF-16 units, which puts 𠀀 (U+20000, the
  // units D840 DC00) before 豈 (U+F900).
  function byCodePoint(a, b) {
    for (var i = 0, j = 0; i < a.length && j < b.length;) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) { return x < y ? -1 : 1; }
      i += x > 0xffff ? 2 : 1;
      j += y > 0xffff ? 2 : 1;
    }
    return a.length - i > 0 ? 1 : b.length - j > 0 ? -1 : 0;
  }
  function looseRarest(tokens, df) {  // rewrite.loose_rarest: the k − need + 1 of fewest documents
    var ranked = tokens.slice().sort(function (a, b) { return df(a) - df(b) || byCodePoint(a, b); });
    return ranked.slice(0, tokens.length - looseNeed(tokens.length) + 1);
  }
  // [{doc, score}] of the documents with at least looseNeed(k) of the k tokens, anywhere: each has one
  // of the rarest (looseRarest), whose lists are read whole (block 0, then the scores-only copy of
  // every tail block) for the candidates, unless they hold more than LOOSE_MAX_CANDIDATES postings
  // together (then none: rewrite.py says why). The other tokens follow, fewest documents first, in waves
  // of 1, 2, 4 … tokens, each read only where a candidate that can still reach the need may be (block 0,
  // and in each band the block whose documents cover it: scores-only copies), so a candidate that has
  // missed too many is not looked up again. A document scores the sum over the tokens it has, in the form's order.
  function looseDocs(man, tokens, entry, wanted) {
    function df(t) { return entry[t] ? entry[t][0] : 0; }
    var need = looseNeed(tokens.length), rarest = looseRarest(tokens, df), candidates = 0;
    rarest.forEach(function (t) { candidates += df(t); });
    // (none when the rarest are tokens the index lacks: random characters read nothing more)
    if (!candidates || candidates > LOOSE_MAX_CANDIDATES) { return Promise.resolve([]); }
    var others = tokens.filter(function (t) { return rarest.indexOf(t) === -1 && entry[t]; });
    others.sort(function (a, b) { return df(a) - df(b) || byCodePoint(a, b); });
    var scores = {};  // token → Map of doc → score (stored × idf), for the blocks read
    function head(t) { return readBlock(entry[t][3], entry[t][4], entry[t][5], man.positions); }
    function keep(t, postings) {
      var idf = idfOf(man, entry[t]), m = scores[t] = scores[t] || new Map();
      postings.forEach(function (p) { m.set(p.doc, p.stored * idf); });
    }
    var whole = rarest.filter(function (t) { return entry[t]; }).map(function (t) {
      return head(t).then(function (block) {
        keep(t, block.postings);
        return Promise.all(block.directory.map(readLite)).then(function (tails) {
          tails.forEach(function (b) { keep(t, b.postings); });
        });
      });
    });
    // The other tokens in waves of 1, 2, 4 … tokens (a round each, not one a token), their blocks 0
    // read with the rarest lists.
    var waves = [];
    for (var at = 0, size = 1; at < others.length; at += size, size *= 2) { waves.push(others.slice(at, at + size)); }
    var heads = {};
    others.forEach(function (t) { heads[t] = head(t); });
    var count = new Map(), left = others.length;  // doc → tokens it has (of those resolved)
    return Promise.all(whole.concat(others.map(function (t) { return heads[t]; }))).then(function () {
      rarest.forEach(function (t) {
        if (scores[t]) { scores[t].forEach(function (_s, d) { count.set(d, (count.get(d) || 0) + 1); }); }
      });
      return waves.reduce(function (chain, wave) {
        return chain.then(function () {
          var alive = [];
          count.forEach(function (c, d) { if (c + left >= need) { alive.push(d); } });
          left -= wave.length;
          if (!alive.length) { return null; }
          return Promise.all(wave.map(function (t) {
            return heads[t].then(function (block) {
              keep(t, block.postings);
              var refs = new Set();
              alive.forEach(function (d) {
                if (scores[t].has(d)) { return; }
                block.directory.forEach(function (ref) { if (ref.first <= d && d <= ref.last) { refs.add(ref); } });
              });
              return Promise.all(Array.from(refs).map(readLite)).then(function (tails) {
                tails.forEach(function (b) { keep(t, b.postings); });
              });
            });
          })).then(function () {
            wave.forEach(function (t) {
              alive.forEach(function (d) { if (scores[t].has(d)) { count.set(d, count.get(d) + 1); } });
            });
          });
        });
      }, Promise.resolve());
    }).then(function () {
      var docs = [];
      count.forEach(function (c, d) { if (c >= need) { docs.push(d); } });
      return wanted && docs.length ? passes(man, wanted, docs).then(function (ok) {
        return docs.filter(function (d) { return ok[d]; });
      }) : docs;
    }).then(function (docs) {
      return docs.map(function (d) {
        var score = 0;
        tokens.forEach(function (t) { if (scores[t] && scores[t].has(d)) { score += scores[t].get(d); } });
        return {doc: d, score: roundEven(score)};
      });
    });
  }

  /* The best documents having every term, certain once nothing unread can enter the page.
     Block 0 of a term holds its best postings (its lowest score bounds all others); the tail
     follows by band of scores, each band in document order, in blocks whose directory (after
     block 0) gives their highest score and first and last document. Scores are stored without
     the term's idf (l.idf); a tie goes to the newer document, the higher number. Date order is
     the same search with a document's number for its score. `shown`: the place of the page's
     first result among these. */
  function topDocs(man, groups, terms, entries, wanted, need, byDate, shown) {
    var lists = terms.map(function (t, i) {
      return {term: t, idf: idfOf(man, entries[i]), tail: [], loaded: {}, lite: {}, outside: {}, postings: new Map()};
    });
    // The year filtered on as a run of numbers (yearRun), and the tail blocks left out for being outside it.
    var run = wanted ? yearRun(man, wanted) : null, outside = 0;
    var checked = new Set(), found = [], resolveWaves = 0, pruned = new Map();
    // Documents whose phrase was decided from their text (doc → true/false): settle() and the count.
    var decided = new Map();
    // Narrowing the candidates term by term (how many there were), and the batch last resolved.
    var narrowing = false, narrowed = 0, probe = [];
    // Postings read by band while no page is known (see `cheapest` below).
    var bandSpent = 0;
    function key(r) { return byDate ? r.doc : r.score; }
    function order(a, b) { return key(b) - key(a) || b.doc - a.doc; }
    // A posting read from a scores-only copy has no positions (pos null): it never replaces one that has.
    function take(l, block) {
      block.postings.forEach(function (p) {
        if (p.pos || !l.postings.has(p.doc)) {
          l.postings.set(p.doc, {score: p.stored * l.idf, pos: p.pos || null, nt: p.nt, tt: p.tt, bt: p.bt});
        }
      });
    }
    function load(l, i) {
      if (!l.loaded[i]) {
        var ref = l.tail[i];
        l.loaded[i] = readBlock(ref.chunk, ref.offset, ref.length, man.positions).then(function (block) { take(l, block); });
      }
      return l.loaded[i];
    }
    // Resolving candidates needs their scores: the block's scores-only copy, about a fifth of its
    // bytes (a phrase the positions known cannot decide is decided from the text, as ever) when
    // every phrase of the query is a run of overlapping bigrams (生态环境: 生态 态环 环境): a document
    // with all of them seldom lacks the phrase. Tokens that do not overlap (the year, serial and 号
    // of a 发文字号) are in most documents apart: their positions rule the candidates out, a
    // hundred in one block, where the text rules out one.
    var scoresOnly = groups.every(function (g) {
      for (var i = 1; i < g.length; i++) {
        var a = Array.from(g[i - 1]), b = Array.from(g[i]);  // bigrams of code points
        if (a.length !== 2 || b.length !== 2 || a[1] !== b[0]) { return false; }
      }
      return true;
    });
    // Reading to find candidates (a term whole, or its best band), the copies serve a long phrase
    // (five bigrams or more: 8 characters): its phrase is seldom decided from the positions of a
    // few of its tokens, but from the text. A phrase of three or four bigrams (政务公开) is often
    // decided from the positions of the term read whole and the blocks 0 of the others, which
    // saves the texts of the page's results (a few KB each); the copies serve it when the blocks
    // a step reads cost more than COPIES_FROM with positions (a common term read whole at 100,000
    // documents: its copies are about a fifth of that).
    var longPhrase = groups.some(function (g) { return g.length >= 5; });
    var midPhrase = groups.some(function (g) { return g.length >= 3; });
    function chunkBytes(l, idx) {  // what reading these blocks with positions fetches: their chunks, once each
      var seen = {}, bytes = 0;
      idx.forEach(function (b) {
        var chunk = l.tail[b].chunk;
        if (!seen[chunk]) { seen[chunk] = true; bytes += +chunk.split(".")[2]; }
      });
      return bytes;
    }
    function finder(l, idx) {
      return longPhrase || (midPhrase && chunkBytes(l, idx) > COPIES_FROM) ? loadScores : load;
    }
    function loadScores(l, i) {
      if (!scoresOnly) { return load(l, i); }
      if (!l.loaded[i]) {
        l.loaded[i] = readLite(l.tail[i]).then(function (block) { take(l, block); });
        l.lite[i] = true;
      }
      return l.loaded[i];
    }
    // The list of each term (terms are distinct): placed() is asked for every token of every
    // document a scan may rule out.
    var listOf = new Map();
    terms.forEach(function (t, i) { listOf.set(t, lists[i]); });
    // The postings of doc whose positions are known (a phrase is decided from these alone).
    function placed(doc) {
      return function (t) {
        var p = listOf.get(t).postings.get(doc);
        return p && p.pos ? p : undefined;
      };
    }
    // The phrase verdict of a document known in every list: true only when every token of a phrase
    // has its positions (phraseVerdict takes a token without them as anywhere).
    function verdictOf(doc) {
      var verdict = phraseVerdict(groups, placed(doc));
      if (verdict === true && groups.some(function (g) {
        return g.length > 1 && g.some(function (t) { return !listOf.get(t).postings.get(doc).pos; });
      })) { verdict = null; }
      return verdict;
    }
    function unread(l) {
      var out = [];
      for (var i = 0; i < l.tail.length; i++) { if (!l.loaded[i]) { out.push(i); } }
      return out;
    }
    // The unread tail block of a term that may hold doc in each band (-1 where none); the
    // block with the highest bound first when `best` (then only that one, or -1).
    function inBand(l, idx, doc) {
      var lo = 0, hi = idx.length - 1;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1, ref = l.tail[idx[mid]];
        if (doc < ref.first) { hi = mid - 1; } else if (doc > ref.last) { lo = mid + 1; } else {
          return l.loaded[idx[mid]] ? -1 : idx[mid];
        }
      }
      return -1;
    }
    function covering(l, doc) {
      var out = [];
      for (var b = 0; b < l.bands.length; b++) {
        var i = inBand(l, l.bands[b], doc);
        if (i >= 0) { out.push(i); }
      }
      return out;
    }
    function bestCovering(l, doc) {  // bands are in order, best first: the first block found
      for (var b = 0; b < l.bands.length; b++) {
        var i = inBand(l, l.bands[b], doc);
        if (i >= 0) { return i; }
      }
      return -1;
    }
    // bestCovering for every document at once, for a scan of many: the document numbers cut at the
    // ends of the unread blocks, each stretch [at[j], at[j + 1]) with the block bestCovering gives
    // there (the first band's), so a document costs one binary search, not one a band.
    function coverMap(l) {
      var ends = [];
      l.bands.forEach(function (band) {
        band.forEach(function (b) { if (!l.loaded[b]) { ends.push(l.tail[b].first, l.tail[b].last + 1); } });
      });
      ends.sort(function (a, b) { return a - b; });
      var at = [];
      ends.forEach(function (x) { if (!at.length || at[at.length - 1] !== x) { at.push(x); } });
      var owner = new Int32Array(Math.max(0, at.length - 1)).fill(-1);
      var free = new Int32Array(at.length);  // the first stretch ≥ j without a block (path-halved)
      for (var j = 0; j < at.length; j++) { free[j] = j; }
      function firstFree(j) {
        while (free[j] !== j) { free[j] = free[free[j]]; j = free[j]; }
        return j;
      }
      l.bands.forEach(function (band) {
        band.forEach(function (b) {
          if (l.loaded[b]) { return; }
          var ref = l.tail[b], lo = 0, hi = at.length - 1;
          while (lo < hi) {  // the stretch that starts at ref.first
            var mid = (lo + hi) >> 1;
            if (at[mid] < ref.first) { lo = mid + 1; } else { hi = mid; }
          }
          for (var k = firstFree(lo); k < owner.length && at[k] <= ref.last; k = firstFree(k)) {
            owner[k] = b;
            free[k] = k + 1;
          }
        });
      });
      return {at: at, owner: owner};
    }
    function coverAt(map, doc) {
      var at = map.at, lo = 0, hi = at.length - 1;
      if (hi < 1 || doc < at[0] || doc >= at[hi]) { return -1; }
      while (hi - lo > 1) {  // at[lo] ≤ doc < at[hi]
        var mid = (lo + hi) >> 1;
        if (at[mid] <= doc) { lo = mid; } else { hi = mid; }
      }
      return map.owner[lo];
    }
    function bound(l, i) { return byDate ? Infinity : l.tail[i].bound * l.idf; }
    // The best key doc could still reach (-1: it lacks a term); `maps`: the lists' coverMap.
    function upper(doc, maps) {
      var ub = 0;
      for (var k = 0; k < lists.length; k++) {
        var l = lists[k], p = l.postings.get(doc);
        if (p) { ub += p.score; continue; }
        var i = maps ? coverAt(maps[k], doc) : bestCovering(l, doc);
        if (i < 0) { return -1; }
        ub += bound(l, i);
      }
      return byDate ? doc : ub;
    }
    // Whether the positions of the terms known so far already rule a phrase out (then the
    // document is done with: its other terms are not read).
    function impossible(doc) {
      var known = 0, positions = placed(doc);
      terms.forEach(function (t) { if (positions(t)) { known++; } });
      if (known < 2 || pruned.get(doc) === known) { return false; }
      pruned.set(doc, known);
      if (phraseVerdict(groups, positions) !== false) {
        return false;
      }
      checked.add(doc);
      return true;
    }
    function evaluate() {  // documents now known in every list: phrases, filters
      var smallest = lists.reduce(function (a, b) { return b.postings.size < a.postings.size ? b : a; });
      var fresh = [];
      smallest.postings.forEach(function (_p, doc) {
        if (checked.has(doc)) { return; }
        for (var i = 0; i < lists.length; i++) { if (!lists[i].postings.has(doc)) { return; } }
        checked.add(doc);
        var verdict = verdictOf(doc);
        if (verdict === false) { return; }
        var score = 0;
        lists.forEach(function (l) { score += l.postings.get(doc).score; });
        fresh.push({doc: doc, score: roundEven(score), ok: verdict});
      });
      var kept = wanted && fresh.length ? passes(man, wanted, fresh.map(function (r) { return r.doc; })).then(function (ok) {
        return fresh.filter(function (r) { return ok[r.doc]; });
      }) : Promise.resolve(fresh);
      return kept.then(function (k) {
        found = found.concat(k);
        found.sort(order);
      });
    }
    // The first `need` found must be certain: those the positions kept could not decide are
    // decided from their text (fetched for the snippet anyway when they are shown). Meanwhile
    // they count as found: reading goes on as if they match, and looks again if one does not.
    function undecided() { return found.slice(0, need).filter(function (r) { return r.ok === null; }); }
    function settle(open) {
      return Promise.all(open.map(function (r) {
        return textVerdict(man, groups, r.doc).then(function (ok) { r.ok = ok; decided.set(r.doc, ok); });
      })).then(function () {
        found = found.filter(function (r) { return r.ok !== false; });
      });
    }
    function answer(complete) {
      var docs = [];
      for (var i = 0; i < found.length && found[i].ok; i++) { docs.push(found[i]); }  // the certain ones
      complete = complete && docs.length === found.length;
      // The page's display rows go out with the count's reads (one round, not two).
      if (!complete) { prefetchPage(); }
      var counted = complete ? Promise.resolve({n: docs.length, exact: true, docs: docs.map(function (r) { return r.doc; })})
        : count();
      return counted.then(function (c) { return {docs: docs, complete: complete, count: c}; });
    }
    // The count's sample design (topDocs' count; tests/search_count.py is the same in Python).
    // The width of each of k windows: together as wide as SAMPLE_DOCS of a list of df among total documents.
    function sampleWidth(total, df, k) {
      return Math.max(1, Math.min(Math.floor(total / k), Math.ceil(SAMPLE_DOCS * total / Math.max(1, df) / k)));
    }
    // k windows [lo, hi] of `width` document numbers, one in each k-th of the numbers, each at
    // `offset` (0 ≤ offset < 1) of its part (the last kept inside the numbers).
    function sampleWindows(total, k, width, offset) {
      var out = [];
      for (var c = 0; c < k; c++) {
        var lo = Math.min(total - width, Math.floor(total * (c + offset) / k));
        out.push([lo, lo + width - 1]);
      }
      return out;
    }
    function windowOf(windows, doc) {
      for (var c = 0; c < windows.length; c++) { if (doc >= windows[c][0] && doc <= windows[c][1]) { return c; } }
      return -1;
    }
    // The estimate of a list of df documents from its documents in the windows ({n, yes, unsure} a
    // window), or null when its error may exceed COUNT_ERROR of it: the ratio estimate of the share
    // (an undecided document counts half), its standard error between the windows (single-stage
    // cluster sampling, finite population corrected), never below the binomial one, times Student's
    // t for (windows - 1) degrees of freedom, plus half the undecided share.
    var T975 = [12.71, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131];
    function clusterEstimate(df, total, windows, clusters) {
      var k = clusters.length, n = 0, y = 0, u = 0, width = 0;
      clusters.forEach(function (c) { n += c.n; y += c.yes + c.unsure / 2; u += c.unsure; });
      windows.forEach(function (w) { width += w[1] - w[0] + 1; });
      if (k < 2 || !n) { return null; }
      var share = y / n, mean = n / k, squares = 0;
      clusters.forEach(function (c) { var d = c.yes + c.unsure / 2 - share * c.n; squares += d * d; });
      var fpc = Math.max(0, 1 - width / Math.max(1, total));
      var between = Math.sqrt(fpc * squares / (k * (k - 1))) / mean;
      var smooth = (y + 1) / (n + 2);
      var binomial = Math.sqrt(smooth * (1 - smooth) / n * Math.max(0, df - n) / Math.max(1, df - 1));
      var t = T975[Math.min(k - 1, T975.length) - 1];
      var estimate = Math.round(df * share), error = df * (u / 2 / n + t * Math.max(between, binomial));
      return error <= COUNT_ERROR * estimate ? estimate : null;
    }
    // How many documents match, without reading every posting. A query of one term and no phrase
    // or filter: its document frequency. Otherwise every match is in the rarest term's list.
    // A census first: when what is left to read for every document of the rarest list (its unread
    // blocks; of another term, the blocks that may hold one of its documents; of a term of a
    // phrase, a block read as its scores-only copy, again with its positions) costs no more than
    // CENSUS_BYTES, or the sample's budget (below) when that is more, it is read: every document
    // of the rarest list is then known, and once each is decided the count is exact, "共找到 N"
    // (a small or medium site; at 100,000 documents only a rare term's list is that cheap).
    // Otherwise a sample of that list tells the share that match. Documents are numbered by date,
    // and a term may belong to one period (a campaign), so the sample is systematic cluster
    // sampling: k windows of document numbers (SAMPLE_WINDOWS down to MIN_WINDOWS), as wide each,
    // one in every k-th of the numbers, at a start offset taken from the hash of the query's terms
    // (not dates). Every term's blocks are read there (all bands: the blocks that cover a window),
    // so each document of the rarest list in a window is known to match or not (a phrase from the
    // positions kept; the filters from their rows). The windows together are as wide as SAMPLE_DOCS
    // of the rarest list, narrower while their unread blocks cost more than a tenth of what the
    // query read (never below 4 KB; a block read as its scores-only copy counted as the block it
    // stands for, so that finding candidates from the copies leaves the count the sample it had),
    // and fewer of them while they still cost more. A copy has no positions: in the windows, the
    // blocks of a term of a phrase read as copies are read again with their positions. A year
    // filter whose lists outside the run were not read takes no sample (the census only).
    // A document whose phrase the positions kept cannot decide is decided from its text when the
    // page has read it (settle), and the others, when the count would otherwise not be exact (a
    // census) or no estimate within its error (a sample), from theirs: at most COUNT_TEXTS of them
    // (none when there are more), within COUNT_TEXT_BYTES or what the blocks left of the budget
    // (decideFromText). So a page of results reads up to ten texts for its snippets and the count
    // at most 64 KB more, only when it changes what the page says. Those left undecided count half.
    // The count is "约 N" (that term's document frequency × the share of the sample) only when the
    // error is within COUNT_ERROR of N: Student's t for k - 1 degrees of freedom times the standard
    // error of the share estimated BETWEEN the windows (a term clustered in time makes the windows
    // differ, and the error large), never below the binomial one, plus half the documents left
    // undecided; a census with undecided documents: half of them. Otherwise it is the matches known
    // for certain: "至少 N". (tests/search_count.py is the same design in Python.)
    function count() {
      var phrase = groups.some(function (g) { return g.length > 1; });
      if (lists.length === 1 && !phrase && !wanted) { return Promise.resolve({n: entries[0][0], exact: true}); }
      var rarest = 0;
      lists.forEach(function (l, i) { if (entries[i][0] < entries[rarest][0]) { rarest = i; } });
      var df = entries[rarest][0], total = man.docs, spent = 0;
      lists.forEach(function (l, i) {
        spent += entries[i][5];
        Object.keys(l.loaded).forEach(function (b) { spent += l.outside[b] ? 0 : l.tail[b].length; });
      });
      var budget = Math.max(4096, spent / 10);
      var offset = fnv1a32(terms.join(" ")) / 4294967296;
      var placing = lists.map(function (l) {
        return groups.some(function (g) { return g.length > 1 && g.indexOf(l.term) !== -1; });
      });
      // Whether block b of list k is still to read for the positions or postings it holds
      // (a block read as its scores-only copy is read again whole when a phrase of it needs its positions).
      function unknown(k, b) { return !lists[k].loaded[b] || (placing[k] && lists[k].lite[b]); }
      var unknowns = null;  // [list, block] of every unknown block, for the designs tried (nothing is read meanwhile)
      function sampleAt(k, width) {  // k windows [lo, hi] of one width, and the unread blocks they need
        var windows = sampleWindows(total, k, width, offset), need = [], cost = 0;
        if (!unknowns) {
          unknowns = [];
          lists.forEach(function (l, i) {
            l.tail.forEach(function (_ref, b) { if (unknown(i, b)) { unknowns.push([l, b]); } });
          });
        }
        unknowns.forEach(function (lb) {
          var ref = lb[0].tail[lb[1]];
          // the windows' ends rise with their starts: the first window ending at or after the block's
          // first document is the one to hold against it
          for (var lo = 0, hi = windows.length; lo < hi;) {
            var mid = (lo + hi) >> 1;
            if (windows[mid][1] < ref.first) { lo = mid + 1; } else { hi = mid; }
          }
          if (lo === windows.length || windows[lo][0] > ref.last) { return; }
          need.push(lb);
          cost += ref.length;
        });
        return {windows: windows, need: need, cost: cost, size: k * width};
      }
      // The census: every unknown block of the rarest list, and of another term those that may hold
      // one of its documents: one known there that the term lacks (or lacks the positions of), or
      // one in an unread block of the rarest list. Null once it costs more than `limit` (a large list
      // is not scanned).
      function census(limit) {
        var r = lists[rarest], need = [], cost = 0, open = [];
        r.tail.forEach(function (ref, b) {
          if (!unknown(rarest, b)) { return; }
          need.push([r, b]);
          cost += ref.length;
          if (!r.loaded[b]) { open.push(ref); }
        });
        if (cost > limit) { return null; }
        var docs = Array.from(r.postings.keys()).sort(function (a, b) { return a - b; });
        lists.forEach(function (l, i) {
          if (i === rarest) { return; }
          function lacks(doc) {
            var p = l.postings.get(doc);
            return !p || (placing[i] && !p.pos);
          }
          l.tail.forEach(function (ref, b) {
            if (!unknown(i, b) || cost > limit) { return; }
            var may = open.some(function (o) { return ref.first <= o.last && ref.last >= o.first; });
            for (var lo = 0, hi = docs.length; !may && lo < hi;) {  // the first document ≥ ref.first
              var mid = (lo + hi) >> 1;
              if (docs[mid] < ref.first) { lo = mid + 1; } else { hi = mid; }
            }
            for (var at = lo; !may && at < docs.length && docs[at] <= ref.last; at++) { may = lacks(docs[at]); }
            if (may) {
              need.push([l, b]);
              cost += ref.length;
            }
          });
        });
        return cost > limit ? null : {windows: [[0, total - 1]], need: need, cost: cost, size: total, census: true};
      }
      var best = census(Math.max(budget, CENSUS_BYTES));
      if (!best) {
        best = null;
        // Of SAMPLE_WINDOWS down to MIN_WINDOWS windows, each as wide as SAMPLE_DOCS lets it be,
        // halved while they cost more than the budget: the design that fits with the most numbers
        // (then the most windows). The lists outside a year's run were not read: no sample.
        for (var k = SAMPLE_WINDOWS; k >= MIN_WINDOWS && !outside; k--) {
          for (var width = sampleWidth(total, df, k); width >= 1; width = Math.floor(width / 2)) {
            var s = sampleAt(k, width);
            if (s.cost > budget) { continue; }
            if (!best || s.size > best.size) { best = s; }
            break;
          }
        }
      }
      var reads = best ? best.need.map(function (nb) {
        var l = nb[0], ref = l.tail[nb[1]];
        if (!l.lite[nb[1]]) { return load(l, nb[1]); }
        l.lite[nb[1]] = false;
        return readBlock(ref.chunk, ref.offset, ref.length, man.positions).then(function (block) { take(l, block); });
      }) : [];
      return Promise.all(reads).then(function () {
        var inWindow = {}, open = [];
        var clusters = best ? best.windows.map(function () { return {n: 0, yes: 0, unsure: 0}; }) : [];
        if (best) {
          lists[rarest].postings.forEach(function (_p, doc) {
            var c = windowOf(best.windows, doc);
            if (c < 0) { return; }
            clusters[c].n++;
            for (var i = 0; i < lists.length; i++) { if (!lists[i].postings.has(doc)) { return; } }
            var verdict = decided.has(doc) ? decided.get(doc) : verdictOf(doc);
            if (verdict !== false) { open.push({doc: doc, ok: verdict}); inWindow[doc] = c; }
          });
        }
        var kept = wanted && open.length ? passes(man, wanted, open.map(function (r) { return r.doc; })).then(function (ok) {
          return open.filter(function (r) { return ok[r.doc]; });
        }) : Promise.resolve(open);
        return kept.then(function (matched) {
          // What the count says from the verdicts known; again once texts decided more, when it is not
          // exact (a census) or is no estimate within its error (a sample) and some are undecided.
          function said() {
            var sure = new Set();
            clusters.forEach(function (c) { c.yes = 0; c.unsure = 0; });
            found.forEach(function (r) { if (r.ok === true) { sure.add(r.doc); } });
            matched.forEach(function (r) {
              if (r.ok) { clusters[inWindow[r.doc]].yes++; sure.add(r.doc); } else if (r.ok === null) { clusters[inWindow[r.doc]].unsure++; }
            });
            var certain = {n: sure.size, exact: false, atLeast: true};
            if (best && best.census) {  // every document of the rarest list known: exact, or but for the undecided
              var yes = clusters[0].yes, unsure = clusters[0].unsure, mid = Math.round(yes + unsure / 2);
              if (!unsure) {
                return {n: yes, exact: true, docs: matched.filter(function (r) { return r.ok; }).map(function (r) { return r.doc; })};
              }
              // the truth is between yes and yes + unsure: mid is within COUNT_ERROR of it when half the
              // undecided are within COUNT_ERROR of the least it can be (hostile round 18: 约 88 for 71)
              return unsure / 2 <= COUNT_ERROR * yes ? {n: Math.max(sure.size, mid), exact: false} : certain;
            }
            var estimate = clusterEstimate(df, total, best ? best.windows : [], clusters);
            return estimate === null ? certain : {n: Math.max(sure.size, estimate), exact: false};
          }
          var first = said(), open = matched.filter(function (r) { return r.ok === null; });
          if (first.exact || (!first.atLeast && !best.census) || !open.length) { return first; }
          return decideFromText(open, budget - best.cost).then(said);
        });
      });
    }
    // Decide from their texts the count's documents the positions could not, when there are at most
    // COUNT_TEXTS of them: their display rows (the text's locator and size; a block of rows not read
    // yet counted as ROW_BLOCK_BYTES), then their texts, smallest first, while rows and texts add up
    // to at most COUNT_TEXT_BYTES, or what the count's blocks left of its budget when that is more.
    // Their verdicts are set on them (r.ok); those left stay null.
    function decideFromText(open, left) {
      if (open.length > COUNT_TEXTS) { return Promise.resolve(); }
      var allowance = Math.max(COUNT_TEXT_BYTES, left), rowBlocks = {};
      open.forEach(function (r) {
        var b = Math.floor(r.doc / man.display.size);
        if (!cache["json:" + blockPath("d", man.display, b)]) { rowBlocks[b] = true; }
      });
      allowance -= Object.keys(rowBlocks).length * ROW_BLOCK_BYTES;
      if (allowance <= 0) { return Promise.resolve(); }
      return rowsFor("d", man.display, open.map(function (r) { return r.doc; })).then(function (rowOf) {
        var size = function (r) { var t = rowOf(r.doc)[7]; return t ? +t.split(".")[2] : 0; };
        var spend = 0, chosen = open.slice().sort(function (a, b) { return size(a) - size(b) || a.doc - b.doc; })
          .filter(function (r) { spend += size(r); return spend <= allowance; });
        return Promise.all(chosen.map(function (r) {
          return textVerdict(man, groups, r.doc).then(function (ok) { r.ok = ok; decided.set(r.doc, ok); });
        }));
      });
    }
    // The best unread band of the term whose unread blocks have the highest bound (null when a
    // term has none left: its list is read, and the next step resolves the candidates).
    function bestBand() {
      var best = null, top = -Infinity;
      for (var i = 0; i < lists.length; i++) {
        var left = unread(lists[i]), f = -Infinity;
        if (!left.length) { return null; }
        left.forEach(function (b) { f = Math.max(f, bound(lists[i], b)); });
        if (f > top) { top = f; best = lists[i]; }
      }
      var band = -1, blocks = [], count = 0, left = unread(best);
      left.forEach(function (b) { band = Math.max(band, best.tail[b].band); });
      left.forEach(function (b) { if (best.tail[b].band === band) { blocks.push(b); count += best.tail[b].count; } });
      return {list: best, blocks: blocks, count: count};
    }
    function step() {
      return evaluate().then(function () {
        var kth = found.length >= need ? key(found[need - 1]) : -Infinity;
        // A score is a sum rounded to an integer (roundEven): a document whose unrounded sum is within
        // half of the k-th may still tie it and, newer, rank above it. Every bound is held against `floor`.
        var floor = byDate ? kth : kth - 0.5;
        var frontier = lists.map(function (l) {
          var f = -Infinity;
          unread(l).forEach(function (i) { f = Math.max(f, bound(l, i)); });
          return f;
        });
        var exhausted = frontier.some(function (f) { return f === -Infinity; });
        var unseen = exhausted ? -Infinity : frontier.reduce(function (a, b) { return a + b; }, 0);
        // The documents that may still enter: each is in some list read so far; once a list is read
        // to its end, every one is in that list (another lacks a term: upper() is -1), so only the
        // smallest such list is scanned, not the union of every term's postings (at 100,000
        // documents tens of thousands, a scan of a step 50–180 ms of an 8-character phrase).
        // While unseen documents can still reach the page, this step reads more of a term whatever
        // the seen ones are (below), and ends only later: they are not scanned (the scan of every
        // list's union was most of an 8-character phrase's own work at 100,000 documents).
        var readOn = !exhausted && unseen >= floor;
        var open = [], top = -Infinity, scan = readOn ? [] : lists;
        lists.forEach(function (l, i) {
          if (frontier[i] === -Infinity && (scan === lists || l.postings.size < scan[0].postings.size)) { scan = [l]; }
        });
        var maps = scan.length ? lists.map(coverMap) : null;
        // The documents seen in this scan (of more than one list): a byte a document number (a Set
        // took ~7 ms CPU a scan of 55,000 documents, the bytes ~2.5), a Set for a number past the
        // manifest's count.
        var seen = scan.length > 1 ? new Uint8Array(man.docs) : null, past = new Set();
        scan.forEach(function (l) {
          l.postings.forEach(function (_p, doc) {
            if (checked.has(doc)) { return; }
            if (seen) {
              if (doc < seen.length) {
                if (seen[doc]) { return; }
                seen[doc] = 1;
              } else {
                if (past.has(doc)) { return; }
                past.add(doc);
              }
            }
            var ub = upper(doc, maps);
            if (ub < 0 || (ub >= floor && impossible(doc))) { return; }
            open.push({doc: doc, ub: ub});
            top = Math.max(top, ub);
          });
        });
        var deciding = undecided(), all = exhausted && !open.length;
        if (all || floor > Math.max(unseen, top)) {
          return deciding.length ? settle(deciding).then(step) : answer(all);
        }
        var reads = deciding.length ? [settle(deciding)] : [];
        if (readOn) {
          // Unseen documents could still enter: read more of one term. The blocks of a term that
          // could hold such a document, for the term with the fewest postings in them …
          var costs = lists.map(function (l, i) {
            var others = unseen - frontier[i], idx = [], count = 0;
            unread(l).forEach(function (b) {
              if (byDate || bound(l, b) + others >= floor) { idx.push(b); count += l.tail[b].count; }
            });
            return {list: l, blocks: idx, count: count};
          });
          var cheapest = costs.reduce(function (a, b) { return b.count < a.count ? b : a; });
          // … or, while no page is known, the best band not yet read of the term with the highest bound:
          // it finds the best documents first when they have few terms. A document is found only once
          // it is seen in every list, so with many terms (a long phrase: seven bigrams) the bands seldom
          // find one, and nothing ends the search before a list is read to its end. Bands are read
          // while the postings they cost, in all, stay below what the cheapest term costs whole
          // (every match is among its documents); then that term is read whole.
          var l = lists[frontier.indexOf(Math.max.apply(null, frontier))], band = -1, bandBlocks = [], bandCount = 0;
          unread(l).forEach(function (b) { band = Math.max(band, l.tail[b].band); });
          unread(l).forEach(function (b) {
            if (l.tail[b].band === band) { bandBlocks.push(b); bandCount += l.tail[b].count; }
          });
          if (cheapest.count <= SMALL_LIST || kth > -Infinity || byDate || bandSpent + bandCount > cheapest.count) {
            var findScores = finder(cheapest.list, cheapest.blocks);
            cheapest.blocks.forEach(function (b) { reads.push(findScores(cheapest.list, b)); });
          } else {
            // A band of a few postings (a term's title matches, a rare score) is a round of its own
            // for little: the bands are taken in the order a band a step would take them (the best
            // unread band of the term with the highest bound, as long as the rule above allows), but
            // as many in one step as make BAND_BATCH postings. Reading more never changes the page
            // (it is certain only when nothing unread can enter), only how soon it is known.
            var stepCount = 0;
            for (;;) {
              bandSpent += bandCount;
              stepCount += bandCount;
              var findBand = finder(l, bandBlocks);
              bandBlocks.forEach(function (b) { reads.push(findBand(l, b)); });  // marks them read
              if (stepCount >= BAND_BATCH) { break; }
              var next = bestBand();
              if (!next || bandSpent + next.count > cheapest.count) { break; }
              l = next.list;
              bandBlocks = next.blocks;
              bandCount = next.count;
            }
          }
        } else {
          // Every document that could enter has been seen: resolve the most promising, a batch at a
          // time (its results raise the bar for the next), reading for each missing term the block
          // that may hold it with the highest bound (when the posting is not there, the next band's
          // lower bound may leave the document out).
          if (narrowed && open.length > narrowed / 2) { narrowing = false; }  // most came through
          if (probe.length && kth === -Infinity) {  // most of the last batch ruled out: narrow
            var isOpen = new Set(open.map(function (c) { return c.doc; })), out = 0;
            probe.forEach(function (d) { if (!isOpen.has(d) && !found.some(function (r) { return r.doc === d; })) { out++; } });
            narrowing = narrowing || out > probe.length / 2;
            probe = [];
          }
          var batch = firstOf(open.filter(function (c) { return c.ub >= floor; }), kth === -Infinity ? 16 << resolveWaves : 32,
                              function (a, b) { return b.ub - a.ub || b.doc - a.doc; });
          // The blocks the batch would read: for each document, of each term it lacks, the block that
          // may hold it with the highest bound (all the blocks that may hold it, in date order); a
          // term with no more blocks left than documents of the batch that lack it is read whole.
          var batchReads = new Map();  // list index → Set of blocks
          lists.forEach(function (l, i) {
            var missing = batch.filter(function (c) { return !l.postings.has(c.doc); }), left = unread(l), want = new Set();
            if (missing.length && left.length <= missing.length) {
              left.forEach(function (b) { want.add(b); });
            } else {
              missing.forEach(function (c) {
                (byDate ? covering(l, c.doc) : [bestCovering(l, c.doc)]).forEach(function (b) { if (b >= 0) { want.add(b); } });
              });
            }
            if (want.size) { batchReads.set(i, want); }
          });
          var batchCost = 0;
          batchReads.forEach(function (want) { batchCost += want.size; });
          // The term missing from the open documents whose blocks that may hold them are fewest
          // (looked for only when it may be read: a covering search a document and term).
          var narrow = null;
          if (kth === -Infinity && (narrowing || (!narrowed && unseen === -Infinity))) {
            lists.forEach(function (l) {
              // the unread blocks of l that cover an open document l lacks (covering() of each, merged)
              var blocks = new Set(), lacking = [];
              open.forEach(function (c) { if (!l.postings.has(c.doc)) { lacking.push(c.doc); } });
              var docs = Float64Array.from(lacking).sort();
              if (docs.length) {
                unread(l).forEach(function (b) {
                  var ref = l.tail[b], lo = 0, hi = docs.length;
                  while (lo < hi) {
                    var mid = (lo + hi) >> 1;
                    if (docs[mid] < ref.first) { lo = mid + 1; } else { hi = mid; }
                  }
                  if (lo < docs.length && docs[lo] <= ref.last) { blocks.add(b); }
                });
              }
              if (blocks.size && (!narrow || blocks.size < narrow.blocks.size)) { narrow = {list: l, blocks: blocks}; }
            });
          }
          // When every match is among the open documents (a term was read to its end: a 发文字号's
          // serial number) and reading one term for all of them costs no more than resolving a
          // batch, narrow at once.
          if (narrow && !narrowed && unseen === -Infinity && narrow.blocks.size <= batchCost) { narrowing = true; }
          if (narrowing && narrow) {
            // While no page is certain and documents resolved mostly turn out not to match, the
            // rest are narrowed down: the term missing from them whose blocks that may hold them
            // are fewest is read for all of them at once, and the positions then rule out many
            // (a 发文字号: the documents of its agency of other years and numbers).
            narrowed = open.length;
            narrow.blocks.forEach(function (b) { reads.push(load(narrow.list, b)); });
            return finish(reads);
          }
          if (kth === -Infinity) { resolveWaves++; }
          probe = kth === -Infinity ? batch.map(function (c) { return c.doc; }) : [];
          // (a block on the way, asked for another document, is not asked for again)
          batchReads.forEach(function (want, i) { want.forEach(function (b) { reads.push(loadScores(lists[i], b)); }); });
        }
        return finish(reads);
      });
    }
    function prefetchPage() {
      rowsFor("d", man.display, found.slice(shown, shown + PAGE_SIZE).map(function (r) { return r.doc; }))
        .catch(function () { /* fetched again when shown */ });
    }
    function finish(reads) {
      // While reading on, fetch the display rows of the page as it stands: it seldom changes much.
      prefetchPage();
      return Promise.all(reads).then(step);
    }
    return Promise.all(lists.map(function (l, i) {
      return readBlock(entries[i][3], entries[i][4], entries[i][5], man.positions).then(function (block) {
        take(l, block);
        l.tail = block.directory;
        // A year filter is a run of document numbers: a tail block wholly outside it holds no document
        // that can pass, so it counts as read (never fetched, and it bounds nothing).
        l.tail.forEach(function (ref, b) {
          if (run && (ref.last < run[0] || ref.first >= run[1])) { l.loaded[b] = NOTHING; l.outside[b] = true; outside++; }
        });
        var byBand = {};
        l.tail.forEach(function (ref, b) { (byBand[ref.band] = byBand[ref.band] || []).push(b); });
        l.bands = Object.keys(byBand).sort(function (a, b) { return b - a; }).map(function (band) {
          return byBand[band];  // best band first, each in document order
        });
      });
    })).then(step);
  }

  /* ---- display ---- */
  function display(man, docs) {
    return rowsFor("d", man.display, docs).then(function (rowOf) { return docs.map(rowOf); });
  }
  function highlight(el, text, needles) {
    var f = foldedAt(text), folded = f.folded, marks = [];
    needles.forEach(function (n) {
      if (!n) { return; }
      var at = folded.indexOf(n);
      while (at !== -1) { marks.push([f.at(at), f.at(at + n.length)]); at = folded.indexOf(n, at + n.length); }
    });
    marks.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });  // the longest at a start: 市县同权, not 市县 + 同 + 权
    var pos = 0;
    marks.forEach(function (m) {
      if (m[1] <= pos) { return; }
      var from = Math.max(m[0], pos);  // a match overlapping the last (审计, 计局) marks what it adds
      el.appendChild(document.createTextNode(text.slice(pos, from)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(from, m[1]);
      el.appendChild(mark);
      pos = m[1];
    });
    el.appendChild(document.createTextNode(text.slice(pos)));
  }
  // The snippet around the first match in a document's text, or null when the text has none.
  function around(text, needles) {
    var f = foldedAt(text), at = -1;
    needles.forEach(function (n) {
      var i = n ? f.folded.indexOf(n) : -1;
      if (i !== -1 && (at === -1 || i < at)) { at = i; }
    });
    if (at === -1) { return null; }
    var start = stepBack(text, f.at(at), SNIPPET_BEFORE), end = stepOn(text, start, SNIPPET_LENGTH);
    return (start > 0 ? "…" : "") + text.slice(start, end).replace(/\s+/g, " ") + (end < text.length ? "…" : "");
  }
  // UTF-16 index i of `text` moved back / on by n characters (code points): a cut never splits a surrogate pair.
  function isHigh(text, i) { var c = text.charCodeAt(i); return c >= 0xd800 && c <= 0xdbff; }
  function isLow(text, i) { var c = text.charCodeAt(i); return c >= 0xdc00 && c <= 0xdfff; }
  function stepBack(text, i, n) {
    for (; n > 0 && i > 0; n--) { i -= i > 1 && isLow(text, i - 1) && isHigh(text, i - 2) ? 2 : 1; }
    return i;
  }
  function stepOn(text, i, n) {
    for (; n > 0 && i < text.length; n--) { i += isHigh(text, i) && isLow(text, i + 1) ? 2 : 1; }
    return i;
  }
  function contains(text, needles) {
    var folded = fold(text);
    return needles.some(function (n) { return n && folded.indexOf(n) !== -1; });
  }
  // The stored snippet is the start of the document (or its 内容概述); when no query word is in
  // it, fetch the document's text and show the passage where the match is instead.
  // The text file starts with the line of 发布机构, 主题分类, 体裁分类 and 索引号 (corpus.indexed_body): not a snippet.
  // The line ends with the 索引号 (row[6]), which every document has.
  function bodyOf(text, row) {
    var nl = text.indexOf("\n"), first = nl === -1 ? "" : text.slice(0, nl);
    return row[6] && (first === row[6] || first.slice(-row[6].length - 1) === " " + row[6]) ? text.slice(nl + 1) : text;
  }
  function snippetAround(p, row, anchors, needles) {
    getPiece("t", row[7]).then(function (buf) {
      var text = around(bodyOf(new TextDecoder().decode(buf), row), anchors);
      if (text !== null) {
        p.textContent = "";
        highlight(p, text, needles);
      }
    }).catch(function () { /* keep the stored snippet */ });
  }
  // families.py: within a page, a policy and the 政策解读 of it (row[15]: [title, url] of the policy a
  // 解读 explains) stand together where the first of them stood: the policy first, or its 解读 first
  // when the query says 解读; a document no longer in force right after the version that replaced it
  // (row[16]: [label, title, url]). An exact match keeps its place. Returns the page's indexes in order.
  var INTERPRETATION_WORDS = ["解读", "解讀", "读懂", "讀懂"];
  function wantsInterpretation(q) {
    return INTERPRETATION_WORDS.some(function (w) { return q.indexOf(w) !== -1; });
  }
  function arrangePage(rows, fixed, interpretationFirst) {
    var urls = {}, head = [], reads = {}, done = {}, out = [];
    rows.forEach(function (row, i) { if (!fixed[i]) { urls[row[1]] = true; } });
    rows.forEach(function (row, i) {
      var policy = !fixed[i] && row[15] ? row[15][1] : "", successor = !fixed[i] && row[16] ? row[16][2] : "";
      head.push(policy && urls[policy] ? policy : successor && urls[successor] ? successor : row[1]);
      if (policy && urls[policy]) { reads[row[1]] = true; }
    });
    rows.forEach(function (row, i) {
      if (done[row[1]]) { return; }
      if (fixed[i]) { out.push(i); done[row[1]] = true; return; }
      var lead = head[i], first = [], members = [];
      rows.forEach(function (x, j) {
        if (fixed[j] || done[x[1]]) { return; }
        if (x[1] === lead) { first.push(j); } else if (head[j] === lead) { members.push(j); }
      });
      if (interpretationFirst) {
        first = members.filter(function (j) { return reads[rows[j][1]]; }).concat(first);
        members = members.filter(function (j) { return !reads[rows[j][1]]; });
      }
      first.concat(members).forEach(function (j) {
        out.push(j);
        done[rows[j][1]] = true;
      });
    });
    return out;
  }
  // One page of results: [{doc, row}] in the order shown (arranged when sorted by relevance).
  function pageRows(params, found) {
    var shown = found.docs.slice((params.page - 1) * PAGE_SIZE, params.page * PAGE_SIZE);
    return display(found.manifest, shown.map(function (r) { return r.doc; })).then(function (rows) {
      var order = rows.map(function (_row, i) { return i; });
      if (params.sort !== "date") {
        order = arrangePage(rows, shown.map(function (r) { return !!found.exact[r.doc]; }), wantsInterpretation(params.q));
      }
      return order.map(function (i) { return {doc: shown[i].doc, row: rows[i]}; });
    });
  }
  // A link of a result to another document (the policy a 解读 explains, the version to read instead).
  // `after`: said behind the link (a 解读's policy: its 发文字号, which the reader may have searched by)
  // The target of a link a display row names (row[15], row[16]): a site path (docs/…) under the site's root, or the
  // http(s) URL of a policy on another site (解读对象 as a mapping; gkssg refuses any other, GK825), linked as it is
  // ("" when the mapping gives no 链接: the policy is named, not linked)
  // and said to leave the site. Anything else is no link: a scheme (javascript:, data:, before or after the controls
  // and spaces a browser skips) or a path leaving the site (//host, /\host) must never become an href.
  var WEB_URL = /^https?:\/\/[^\/\s\\?#@]+(?:[\/?#]\S*)?$/i;
  var NOT_A_PATH = /^[\x00-\x20]*(?:[\/\\]|[^\/?#]*:)/;
  function linkTarget(url) {
    if (typeof url !== "string" || !url) { return null; }
    if (WEB_URL.test(url)) { return {href: url, external: true}; }
    return NOT_A_PATH.test(url) ? null : {href: root + url, external: false};
  }
  function linkLine(className, label, title, url, after) {
    var p = document.createElement("p");
    p.className = className;
    p.appendChild(document.createTextNode(label + "："));
    var target = linkTarget(url);
    var a = document.createElement(target ? "a" : "span");
    if (target) { a.href = target.href; }
    if (target && target.external) { a.rel = "noopener noreferrer"; }
    a.textContent = title;
    p.appendChild(a);
    if (after) { p.appendChild(document.createTextNode("（" + after + "）")); }
    if (target && target.external) { p.appendChild(document.createTextNode("（本站以外的网页）")); }
    return p;
  }
  // The column path (row[14]), every level kept for screen readers; on a narrow screen the levels
  // between the first and the last are shown as one "…" (search.css).
  function columnPath(names) {
    var p = document.createElement("p");
    p.className = "result-path";
    var label = document.createElement("span");
    label.className = "result-path-label";
    label.textContent = "栏目：";
    p.appendChild(label);
    names.forEach(function (name, i) {
      var mid = i > 0 && i < names.length - 1;
      if (i > 0) {
        var sep = document.createElement("span");
        sep.className = "result-path-sep" + (mid ? " result-path-mid" : "");
        sep.setAttribute("aria-hidden", "true");
        sep.textContent = " > ";
        p.appendChild(sep);
      }
      var level = document.createElement("span");
      level.className = "result-path-level" + (mid ? " result-path-mid" : "");
      level.textContent = name;
      p.appendChild(level);
      if (i === 0 && names.length > 2) {
        var ellipsis = document.createElement("span");
        ellipsis.className = "result-path-more";
        ellipsis.setAttribute("aria-hidden", "true");
        ellipsis.textContent = " > …";
        p.appendChild(ellipsis);
      }
    });
    return p;
  }
  function render(params, found) {
    var needles = [];
    // (a loose match: the tokens it was found by, marked where they overlap as one)
    (found.loose ? [uniqueTerms(found.groups.map(uniqueTerms)).join(" ")]
      : found.relaxed ? relaxedForms(params.q).filter(function (f) { return kindOnly(f) === !!found.kindTier; })
      : found.gapped ? gapForms(params.q) : found.agency ? agencyForms(params.q) : found.agencyGapped ? agencyGapForms(params.q)
      : found.suffixed ? suffixForms(params.q) : forms(params.q)).forEach(function (f) {
      f.split(/[ \u201d]/).forEach(function (n) { if (n && needles.indexOf(n) === -1) { needles.push(n); } });
    });
    // The words a passage is chosen by: not those jointForm alone split off (指南 of 以上是原指南, 办法 of
    // 内蒙古依申请公开办法): a kind of document or a province is in most texts, often before the passage typed.
    var anchors = needles;
    if (!found.loose && !found.relaxed) {
      var base = wordsForm(baseForm(params.q)), placed = placeForm(base).split(" ");
      var split = jointForm(base).split(" ").filter(function (w) { return placed.indexOf(w) === -1; });
      anchors = needles.filter(function (n) { return split.indexOf(n) === -1; });
    }
    // A 发文字号 or 索引号 is typed in any bracket style: the text would seldom hold it as typed.
    var fetchTexts = exactKeys(params.q).length === 0;
    return pageRows(params, found).then(function (items) {
      list.textContent = "";
      items.forEach(function (item) {  // static_index.display_block
        var doc = item.doc, row = item.row;
        var li = document.createElement("li");
        var h = document.createElement("h2");
        var a = document.createElement("a");
        a.href = root + row[1];
        highlight(a, row[0], needles);
        h.appendChild(a);
        if (row[13]) {  // 演示: made up for a demo site, said wherever it is listed
          var mark = document.createElement("span");
          mark.className = "demo-mark";
          mark.textContent = "演示";
          h.appendChild(mark);
        }
        li.appendChild(h);
        var meta = document.createElement("p");
        meta.className = "result-meta";
        [row[3] ? "发文字号：" + row[3] : "", "发布日期：" + row[2]].forEach(function (t) {
          if (!t) { return; }
          var span = document.createElement("span");
          span.textContent = t;
          meta.appendChild(span);
        });
        if (NOT_IN_FORCE[row[11]]) {  // abolished, expired or amended: said beside the date
          var state = document.createElement("span");
          state.className = "result-validity";
          state.textContent = "有效性：" + row[11];
          meta.appendChild(state);
        }
        li.appendChild(meta);
        var path = row[14] && row[14].length ? row[14] : (row[4] ? [row[4]] : []);
        if (path.length) { li.appendChild(columnPath(path)); }
        if (row[15]) { li.appendChild(linkLine("result-link", "解读对象", row[15][0], row[15][1], row[15][2])); }
        if (row[16] && NOT_IN_FORCE[row[11]]) { li.appendChild(linkLine("result-link", row[16][0], row[16][1], row[16][2])); }
        var fields = matchedFields(row, found.groups, found.exact[doc] || "");
        var hit = document.createElement("p");
        hit.className = "result-fields";
        hit.textContent = "匹配：" + fields.join("、");
        li.appendChild(hit);
        if (row[5]) {
          var p = document.createElement("p");
          p.className = "result-snippet";
          // corpus.SNIPPET_SOURCE_CHARS code points: a name of Extension B is one, not two
          highlight(p, row[5] + (Array.from(row[5]).length >= 160 ? "…" : ""), needles);
          li.appendChild(p);
          // The passage of the text where it matched, when it matched in the text alone (a match in
          // the title or the other fields is shown there).
          if (fetchTexts && row[7] && fields.indexOf("正文") !== -1 && !contains(row[5], anchors)) {
            snippetAround(p, row, anchors, needles);
          }
        }
        list.appendChild(li);
      });
      var shown = found.docs.length && found.manifest ? steadyTotal(countKey(params, found.manifest), found.total, found.docs.length,
                                                                     found.manifest.docs)
        : found.total;
      var total = shown.n;
      if (!found.docs.length) {
        var rest = found.missing && found.missing.length ? withoutWords(params.q, found.missing) : "";
        say("没有找到与“" + params.q + "”相关的文件。" + (found.missing && found.missing.length ? missingText(found.missing) + (rest ? "，可只搜索" : "。") : "")
            + (rest ? "" : "请换用更短的词，或去掉筛选条件。"));
        if (rest) {  // the query without the words no document holds, one click away (rewrite.without_words)
          var again = document.createElement("a");
          again.href = toQuery(Object.assign({}, params, {q: rest, page: 1}));
          again.textContent = "“" + rest + "”";
          statusEl.appendChild(again);
          statusEl.appendChild(document.createTextNode("。"));
        }
      } else if (!items.length) {
        say("没有更多结果了（共 " + found.docs.length + " 条），请返回上一页。");
      } else {
        say((found.relaxed ? "没有完全匹配的结果" + (found.missing && found.missing.length ? "（" + missingText(found.missing) + "）" : "")
             + "，以下是部分匹配：" : "") + countText(shown) + "，第 " + params.page + " 页。");
      }
      renderPages(params, Math.max(total, found.docs.length), found.complete);
    });
  }
  /* ---- one count for every page of a query ---- */
  // A later page of a query reads more of its lists and may know more of its count than page 1 did (hostile
  // round 18, row 4: 至少 43, 至少 50, 约 93, 共找到 95 on pages 1–4, and 至少 43 again back on page 1). What a
  // page learnt is kept for the query (its words and filters, not its page or order: the same documents) in
  // the tab's sessionStorage, under the index's manifest (a new build is another index), and every page, a
  // reload and the way back say the most that is known: the exact count once a page knew it; else the
  // largest lower bound seen ("至少"; the matches a page has found are one) or the latest estimate when it is
  // not below that bound. Nothing grows without a page having read it; without storage, each page says its own.
  var prints = new WeakMap();
  function countKey(params, man) {
    if (!prints.has(man)) { prints.set(man, fnv1a32(JSON.stringify(man)).toString(16)); }
    return "gkssg-count:" + prints.get(man) + ":" + JSON.stringify([params.q].concat(FILTERS.map(function (n) { return params[n] || ""; })));
  }
  // What this tab learnt of the query's count before, read as untrusted: anyone can edit sessionStorage. A
  // count is a whole number; 共找到 is never below the `found` results listed nor above the `most` documents
  // of the site, a lower bound or estimate never above `most`; anything else is ignored (hostile round 20,
  // row 9: {"exact":12345} said 共找到 12,345, and "abc" broke the query).
  function storedCount(key, found, most) {
    var raw = null, known = {};
    try { raw = JSON.parse(window.sessionStorage.getItem(key) || "null"); } catch (e) { raw = null; }
    function count(n, least) { return typeof n === "number" && Number.isInteger(n) && n >= least && n <= most; }
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) { return known; }
    if (count(raw.exact, found)) { return {exact: raw.exact}; }
    if (count(raw.lower, 0)) { known.lower = raw.lower; }
    if (count(raw.approx, 0)) { known.approx = raw.approx; }
    return known;
  }
  function steadyTotal(key, total, found, most) {
    var known = storedCount(key, found, most);
    if (total.exact) {
      known = {exact: total.n};
    } else if (known.exact === undefined) {
      known.lower = Math.max(known.lower || 0, found, total.atLeast ? total.n : 0);
      if (!total.atLeast) { known.approx = total.n; }
    }
    try { window.sessionStorage.setItem(key, JSON.stringify(known)); } catch (e) { /* no storage: this page's own */ }
    if (known.exact !== undefined) { return {n: known.exact, exact: true}; }
    if (known.approx !== undefined && known.approx >= known.lower) { return {n: known.approx, exact: false}; }
    return {n: known.lower, exact: false, atLeast: true};
  }
  // "共找到 1,234 条结果", an estimate: "约 9,300 条结果" (two significant digits, as much as it
  // knows), or, when the sample was too small for one, what is certain: "至少 23 条结果".
  // 1,234,567: by hand, as toLocaleString("en-US") writes it (which loads the locale data: 15–30 ms
  // of a query's time in Chromium the first time a page calls it).
  function grouped(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function countText(total) {
    if (total.exact) { return "共找到 " + grouped(total.n) + " 条结果"; }
    if (total.atLeast) { return "至少 " + grouped(total.n) + " 条结果"; }
    var digits = Math.max(0, String(total.n).length - 2), n = Math.round(total.n / Math.pow(10, digits)) * Math.pow(10, digits);
    return "约 " + grouped(n) + " 条结果";
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
          // The reader's place: the status line that heads the results (keyboard, screen reader).
          statusEl.focus();
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
    params.q = trimQuery(url.get("q") || "");
    params.sort = url.get("sort") === "date" ? "date" : "relevance";
    params.page = Math.max(1, parseInt(url.get("page") || "1", 10) || 1);
    FILTERS.forEach(function (name) { params[name] = url.get(name) || ""; });
    return params;
  }
  function fillForm(params) {
    input.value = params.q;
    // The filters are folded on a phone unless one is set (the reader must see what narrows the results).
    if (!NARROW.matches || params.sort !== "relevance" || FILTERS.some(function (name) { return params[name]; })) {
      more.open = true;
    }
    var header = document.getElementById("header-q");
    if (header) { header.value = params.q; }
    form.elements.sort.value = params.sort;
    FILTERS.forEach(function (name) {
      var select = form.elements[name];
      // A filter from a link or a bookmark that the list does not offer is shown all the same, so
      // that the reader sees it and can remove it (选择“全部”).
      if (params[name] && !Array.prototype.some.call(select.options, function (o) { return o.value === params[name]; })) {
        select.add(new Option(params[name] + "（链接中的条件）", params[name]));
      }
      select.value = params[name];
    });
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
  function go(params, push, reveal) {
    var query = toQuery(params);
    // The new history entry is made once the results are shown: pushState holds the page's
    // thread for ~10 ms in Chromium (and asks for the favicon again), time the query needs.
    function remember() {
      if (push) { setTimeout(function () { window.history.pushState(null, "", query); }, 0); }
    }
    fillForm(params);
    var mine = ++generation;
    list.textContent = "";
    pagesEl.textContent = "";
    if (!params.q) { say("请输入检索词。"); remember(); return; }
    if (!searchable(params.q)) { say(NOTHING_TO_FIND); remember(); return; }
    say("正在搜索…");
    run(params).then(function (found) {
      if (mine === generation) {
        return render(params, found).then(function () {
          var first = list.querySelector("h2");  // the first result's title
          if (reveal && NARROW.matches && first && first.getBoundingClientRect().bottom > window.innerHeight) {
            statusEl.scrollIntoView({block: "start"});
          }
        });
      }
    }).catch(function (e) {
      console.error(e);
      if (mine === generation) {
        say(e && e.name === "AbortError" ? "搜索索引加载超时（网站" + Math.round(TIMEOUT_MS / 1000) +
            " 秒内没有响应），请稍后重试，或通过网站地图查找文件。"
            : e && e.name === "EncodedPack" ? "本站服务器给搜索索引文件（search/ 下的 .bin 文件）加上了“Content-Encoding: gzip”，" +
            "浏览器无法读取，本页搜索暂不可用：请通过网站地图查找文件。网站管理员：这些文件本身已经压缩，请取消它们的这项设置" +
            "（见 gkssg 的 docs/search.md）。"
            : "搜索索引加载失败，请检查网络后重试，或通过网站地图查找文件。");
      }
    }).then(function () {
      if (mine === generation) { remember(); }  // a newer query makes its own entry
    });
  }
  // While the reader types, the dictionary shards of the words typed so far are fetched once the
  // typing pauses (TYPING_MS): a query typed and then sent starts with its blocks 0, a round sooner.
  // A shard is ~2 KB, fetched once a page view; the query reads the same promise (getJson's cache).
  var TYPING_MS = 150, typing = null;
  input.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () {
      var q = trimQuery(input.value);
      if (!q) { return; }
      manifest().then(function (man) {
        exactKeys(q).concat(uniqueTerms(forms(q).map(queryGroups).map(uniqueTerms))).forEach(function (t) {
          entryOf(man, t).catch(function () { /* the query will say so */ });
        });
      }).catch(function () { /* the query will say so */ });
    }, TYPING_MS);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var params = {q: trimQuery(input.value), sort: form.elements.sort.value, page: 1};
    FILTERS.forEach(function (name) { params[name] = form.elements[name].value; });
    go(params, true, true);
  });
  FILTERS.concat(["sort"]).forEach(function (name) {
    form.elements[name].addEventListener("change", function () {
      if (trimQuery(input.value)) { form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit")); }
    });
  });
  window.addEventListener("popstate", function () { go(readParams(), false); });
  // For the browser tests: the tokenizer and keys must equal gkssg/search/tokenizer.py and keys.py.
  window.gkssgSearch = {tokenize: tokenize, queryKeys: queryKeys, queryGroups: queryGroups, forms: forms,
    relaxedForms: relaxedForms, gapForms: gapForms, suffixForms: suffixForms, agencyForms: agencyForms,
    agencyGapForms: agencyGapForms, agencySplits: agencySplits, kindOnly: kindOnly, looseForms: looseForms, steadyTotal: steadyTotal, countText: countText,
    exactKeys: exactKeys, fold: fold, searchable: searchable, around: around, byCodePoint: byCodePoint, inflated: inflated,
    missing: function (q) {  // the words no document holds (query.missing), [] when the query found a full match
      var params = {q: q, sort: "relevance", page: 1};
      FILTERS.forEach(function (name) { params[name] = ""; });
      return run(params).then(function (found) { return found.missing || []; });
    },
    loadFoldTable: function () { return manifest().then(loadFoldTable); },
    // The page of results as the command's --json names them: [url, fields matched] each.
    results: function (q, page) {
      var params = {q: q, sort: "relevance", page: page || 1};
      FILTERS.forEach(function (name) { params[name] = ""; });
      return run(params).then(function (found) {
        return pageRows(params, found).then(function (items) {
          return items.map(function (item) {
            return [item.row[1], matchedFields(item.row, found.groups, found.exact[item.doc] || ""), !!found.relaxed];
          });
        });
      });
    },
    top: function (q, page, filters) {  // document numbers of one page of results (filters: {year: …, sort: …})
      filters = filters || {};
      var params = {q: q, sort: filters.sort || "relevance", page: page || 1};
      FILTERS.forEach(function (name) { params[name] = filters[name] || ""; });
      return run(params).then(function (found) {
        return found.docs.slice((params.page - 1) * PAGE_SIZE, params.page * PAGE_SIZE).map(function (r) { return r.doc; });
      });
    }};
  // The manifest is the start-up download: fetched as the page opens, so that the first query
  // starts with the dictionary.
  manifest().catch(function () { /* the query will say so */ });
  var initial = readParams();
  if (initial.q) { go(initial, false); } else {
    fillForm(initial);
    // a link whose q is only spaces is answered as a submitted one is (round 25, row 4)
    if (new URLSearchParams(window.location.search).get("q")) { say("请输入检索词。"); }
  }
}());
