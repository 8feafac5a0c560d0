/* Course progress, on every page: marks the navigation links of pages whose quiz is complete and fills
 * the home page's progress table. It only reads what quiz.js saves (the format is documented at the top
 * of quiz.js) from this browser's localStorage; nothing is sent anywhere. Material's instant navigation
 * swaps the navigation and the content without reloading this script, so it re-runs on each page. */
(function () {
  "use strict";
  if (window.courseProgress) return;

  function root() { return window.__md_scope ? window.__md_scope.pathname : "/"; }
  function relative(path) {
    var r = root();
    return (path.indexOf(r) === 0 ? path.slice(r.length) : path).replace(/index\.html$/, "");
  }

  /* Every quiz state saved for this site, by quiz id. */
  function states() {
    var prefix = "course-quiz:" + root() + "#", out = {};
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key.indexOf(prefix) === 0) {
          var state = JSON.parse(localStorage.getItem(key));
          if (state && state.version === 1) out[key.slice(prefix.length)] = state;
        }
      }
    } catch (e) { /* storage blocked or unreadable: show no progress */ }
    return out;
  }

  function status(s, total) {
    if (!s || !s.answered) return ["Not started", total + " questions"];
    if (!s.complete) return ["In progress", s.answered + " of " + s.total + " answered"];
    return [s.passed ? "✓ Passed" : "Not yet passed", s.score + " of " + s.total + " correct (" + s.percent + "%)"];
  }

  function render() {
    var all = states(), byPage = {}, passed = 0, rows = document.querySelectorAll("[data-progress-quiz]");
    Object.keys(all).forEach(function (id) { if (all[id].complete) byPage[all[id].page] = all[id]; });
    Array.prototype.forEach.call(document.querySelectorAll(".md-nav__link[href]"), function (a) {
      var old = a.querySelector(".course-progress-mark"), s = byPage[relative(a.pathname)];
      if (old) old.parentNode.removeChild(old);
      if (!s || a.hash || a.host !== location.host) return; // links into a page (its table of contents) stay bare
      var m = document.createElement("span"), words = "quiz completed, " + (s.passed ? "passed" : "not yet passed");
      m.className = "course-progress-mark";
      m.title = words.charAt(0).toUpperCase() + words.slice(1) + ": " + s.percent + "%";
      m.innerHTML = '<span aria-hidden="true">✓</span><span class="course-visually-hidden"> (' + words + ")</span>";
      a.appendChild(m);
    });
    Array.prototype.forEach.call(rows, function (row) {
      var s = all[row.getAttribute("data-progress-quiz")], text = status(s, row.getAttribute("data-total"));
      var cell = row.querySelector("[data-progress-status]");
      cell.innerHTML = "<strong></strong> <span></span>";
      cell.firstChild.textContent = text[0];
      cell.lastChild.textContent = text[1];
      row.setAttribute("data-state", !s || !s.answered ? "new" : s.passed ? "passed" : s.complete ? "not-yet" : "started");
      if (s && s.passed && row.hasAttribute("data-module")) passed++;
    });
    var box = document.querySelector("[data-progress]");
    if (box) {
      box.querySelector("table").hidden = false;
      box.querySelector("[data-progress-summary]").textContent = "You have passed " + passed + " of " +
        box.querySelectorAll("[data-module]").length + " module quizzes. Your answers are kept in this browser only.";
    }
  }

  window.courseProgress = { render: render, states: states };
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(render);
  ["course:quiz-answer", "course:quiz-complete", "course:quiz-reset"].forEach(function (name) {
    document.addEventListener(name, render);
  });
  window.addEventListener("storage", render);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", render);
  else render();
})();
