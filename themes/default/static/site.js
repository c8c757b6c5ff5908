/* gkssg: 字号 大/中/小 switch and 长者模式 (both remembered across pages), the print button.
   No other script; without JavaScript the page reads the same, only without these switches. */
(function () {
  "use strict";
  var KEY = "gkssg-font-size";
  var ELDER_KEY = "gkssg-elder";
  var root = document.documentElement;
  function stored(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function store(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: no memory */ }
  }
  function apply(size) {
    root.classList.remove("fs-large", "fs-medium", "fs-small");
    if (size) { root.classList.add("fs-" + size); }
    var buttons = document.querySelectorAll(".font-switch button");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", buttons[i].getAttribute("data-size") === (size || "medium") ? "true" : "false");
    }
  }
  // 长者模式 (适老化): larger type, wider line spacing, high contrast, underlined links (style.css).
  function applyElder(on) {
    root.classList.toggle("elder", on);
    var toggles = document.querySelectorAll("[data-elder]");
    for (var i = 0; i < toggles.length; i++) {
      toggles[i].setAttribute("aria-pressed", on ? "true" : "false");
      toggles[i].textContent = on ? "退出长者模式" : "长者模式";
    }
  }
  var saved = stored(KEY);
  var elder = stored(ELDER_KEY) === "on";
  apply(saved);
  applyElder(elder);
  document.addEventListener("DOMContentLoaded", function () {
    apply(saved);
    applyElder(elder);
    var buttons = document.querySelectorAll(".font-switch button");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function () {
        var size = this.getAttribute("data-size");
        store(KEY, size);
        saved = size;
        apply(size);
      });
    }
    // Controls that need a script are shown only where scripts run: without, the page reads the same.
    var needy = document.querySelectorAll("[data-needs-js]");
    for (var n = 0; n < needy.length; n++) { needy[n].hidden = false; }
    var toggles = document.querySelectorAll("[data-elder]");
    for (var k = 0; k < toggles.length; k++) {
      toggles[k].addEventListener("click", function () {
        elder = !elder;
        store(ELDER_KEY, elder ? "on" : "off");
        applyElder(elder);
      });
    }
    // A wide table's scroll region says so above the table (style.css shows the hint).
    function markWide() {
      var regions = document.querySelectorAll(".table-scroll, .annual-scroll, .library-table-wrap");
      for (var r = 0; r < regions.length; r++) {
        regions[r].classList.toggle("overflowing", regions[r].scrollWidth > regions[r].clientWidth + 1);
      }
    }
    markWide();
    window.addEventListener("resize", markWide);
    var print = document.querySelectorAll("[data-print]");
    for (var j = 0; j < print.length; j++) {
      print[j].addEventListener("click", function () { window.print(); });
    }
  });
})();
