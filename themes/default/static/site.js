/* gkssg: 字号 大/中/小 switch (remembered across pages) and the print button. No other script. */
(function () {
  "use strict";
  var KEY = "gkssg-font-size";
  var root = document.documentElement;
  function apply(size) {
    root.classList.remove("fs-large", "fs-medium", "fs-small");
    if (size) { root.classList.add("fs-" + size); }
    var buttons = document.querySelectorAll(".font-switch button");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", buttons[i].getAttribute("data-size") === (size || "medium") ? "true" : "false");
    }
  }
  var saved = null;
  try { saved = window.localStorage.getItem(KEY); } catch (e) { saved = null; }
  apply(saved);
  document.addEventListener("DOMContentLoaded", function () {
    apply(saved);
    var buttons = document.querySelectorAll(".font-switch button");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function () {
        var size = this.getAttribute("data-size");
        try { window.localStorage.setItem(KEY, size); } catch (e) { /* private mode: no memory */ }
        saved = size;
        apply(size);
      });
    }
    var print = document.querySelectorAll("[data-print]");
    for (var j = 0; j < print.length; j++) {
      print[j].addEventListener("click", function () { window.print(); });
    }
  });
})();
