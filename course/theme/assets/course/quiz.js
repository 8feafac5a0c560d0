/* Course quiz: makes the server-rendered quizzes self-marking.
 * The HTML works without this script (answers sit in <details>); here we read the answers,
 * remove those details, reveal the hidden controls and keep progress in localStorage.
 * Material's instant navigation re-runs this file, so global setup happens once and every
 * emission of document$ only initialises quizzes not yet marked data-quiz-ready. */
(function () {
  "use strict";
  if (window.courseQuiz) { window.courseQuiz.init(); return; }

  function all(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }
  function inner(root, sel) { var el = root.querySelector(sel); return el ? el.innerHTML : ""; }
  function fire(el, name, detail) { el.dispatchEvent(new CustomEvent(name, { bubbles: true, detail: detail })); }

  var EMPTY = {
    numeric: "Enter a number first.",
    multiple: "Choose at least one option first.",
    single: "Choose an answer first.",
    true_false: "Choose an answer first."
  };

  /* What a question needs from its answer <details>, which is then removed. */
  function readQuestion(el) {
    var d = el.querySelector("details.course-quiz__answer");
    var q = {
      el: el, id: el.getAttribute("data-question"), type: el.getAttribute("data-type"),
      fb: el.querySelector(".course-quiz__feedback"), list: el.querySelector(".course-quiz__order"),
      why: inner(d, "[data-part=explanation]"), right: inner(d, "[data-feedback=correct]"),
      wrong: inner(d, "[data-feedback=incorrect]"), answer: d.getAttribute("data-answer"),
      tolerance: Number(d.getAttribute("data-tolerance") || 0),
      options: all(d, "[data-option]").map(function (li) {
        return { correct: li.getAttribute("data-correct") === "true", text: inner(li, "[data-part=text]"),
          feedback: inner(li, "[data-part=feedback]") };
      }),
      solution: all(d, ".course-quiz__solution [data-key]").map(function (li) { return li.getAttribute("data-key"); })
    };
    if (q.list) q.start = keys(q);
    d.parentNode.removeChild(d);
    return q;
  }

  function keys(q) { return all(q.list, "[data-key]").map(function (li) { return li.getAttribute("data-key"); }); }
  function inputs(q) { return all(q.el, "input"); }

  function value(q) {
    if (q.list) return keys(q);
    if (q.type === "numeric") {
      var raw = inputs(q)[0].value.trim();
      return raw === "" || isNaN(Number(raw)) ? null : raw;
    }
    var chosen = inputs(q).filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
    if (!chosen.length) return null;
    return q.type === "multiple" ? chosen : chosen[0];
  }

  function setValue(q, v) {
    if (q.list) {
      (v || q.start).forEach(function (k) {
        var li = q.list.querySelector('[data-key="' + k + '"]');
        if (li) q.list.appendChild(li);
      });
    } else if (q.type === "numeric") {
      inputs(q)[0].value = v == null ? "" : v;
    } else {
      inputs(q).forEach(function (i) { i.checked = v != null && [].concat(v).indexOf(i.value) >= 0; });
    }
  }

  function isCorrect(q, v) {
    if (q.type === "single") return q.options[v].correct;
    if (q.type === "multiple") {
      return q.options.every(function (o, n) { return o.correct === (v.indexOf(String(n)) >= 0); });
    }
    if (q.type === "true_false") return v === q.answer;
    if (q.type === "numeric") {
      var want = Number(q.answer);
      return Math.abs(Number(v) - want) <= q.tolerance + 1e-9 * Math.max(1, Math.abs(want));
    }
    return v.join() === q.solution.join();
  }

  /* Whether a saved answer still fits the question, which may have changed since it was saved. */
  function fits(q, v) {
    if (q.list) return Array.isArray(v) && v.slice().sort().join() === q.start.slice().sort().join();
    if (q.type === "numeric") return v !== "" && !isNaN(Number(v));
    if (q.type === "true_false") return v === "true" || v === "false";
    return [].concat(v).every(function (n) { return q.options[n] !== undefined; }) && (q.type === "multiple") === Array.isArray(v);
  }

  /* Lock or unlock the answer controls; reorder buttons at either end stay disabled. */
  function lock(q, locked) {
    inputs(q).forEach(function (i) { i.disabled = locked; });
    if (q.list) {
      var items = all(q.list, "li");
      items.forEach(function (li, n) {
        li.querySelector("[data-move='-1']").disabled = locked || n === 0;
        li.querySelector("[data-move='1']").disabled = locked || n === items.length - 1;
      });
    }
    q.el.querySelector("[data-action=check]").hidden = locked;
    q.el.querySelector("[data-action=retry]").hidden = !locked;
  }

  function feedbackHtml(q, v, ok) {
    var out = '<p class="course-quiz__verdict course-quiz__verdict--' + (ok ? "right" : "wrong") +
      '"><span class="course-quiz__icon" aria-hidden="true">' + (ok ? "✓" : "✗") + "</span> " +
      (ok ? "Correct" : "Not quite") + "</p>";
    if (q.options.length) {
      var picked = [].concat(v);
      out += '<ul class="course-quiz__picked">' + picked.map(function (n) {
        var o = q.options[n];
        return "<li><strong>" + (o.correct ? "✓ Right choice" : "✗ Wrong choice") + ":</strong> " + o.text +
          "<div>" + o.feedback + "</div></li>";
      }).join("") + "</ul>";
      var missed = q.options.filter(function (o, n) { return o.correct && picked.indexOf(String(n)) < 0; }).length;
      if (missed && q.type === "multiple") {
        out += "<p>You missed " + missed + " correct option" + (missed > 1 ? "s" : "") + ".</p>";
      }
    } else {
      out += ok ? q.right : q.wrong;
    }
    return out + '<div class="course-quiz__why"><strong>Why:</strong> ' + q.why + "</div>";
  }

  function show(q, v, ok) {
    q.el.setAttribute("data-state", ok ? "right" : "wrong");
    q.fb.innerHTML = feedbackHtml(q, v, ok);
    all(q.el, ".course-quiz__option").forEach(function (row) {
      var input = row.querySelector("input");
      if (input.checked) row.setAttribute("data-state", q.options.length ? (q.options[input.value].correct ? "right" : "wrong") : ok ? "right" : "wrong");
    });
    lock(q, true);
  }

  function clear(q) {
    q.el.removeAttribute("data-state");
    q.fb.innerHTML = "";
    all(q.el, "[data-state]").forEach(function (row) { row.removeAttribute("data-state"); });
    lock(q, false);
  }

  function Quiz(el) {
    this.el = el;
    this.id = el.getAttribute("data-quiz");
    this.key = "course-quiz:" + location.pathname + "#" + this.id;
    this.questions = all(el, ".course-quiz__question").map(readQuestion);
    this.score = el.querySelector(".course-quiz__score");
    try { this.state = JSON.parse(localStorage.getItem(this.key)) || {}; } catch (e) { this.state = {}; }
    var self = this;
    this.questions.forEach(function (q) {
      all(q.el, ".course-quiz__actions, .course-quiz__move").forEach(function (x) { x.hidden = false; });
      var saved = self.state[q.id];
      if (saved && fits(q, saved.v)) {
        setValue(q, saved.v);
        saved.c = isCorrect(q, saved.v); // the answer may have been corrected since
        show(q, saved.v, saved.c);
      } else {
        delete self.state[q.id];
        lock(q, false);
      }
    });
    el.querySelector(".course-quiz__bar").hidden = false;
    el.addEventListener("click", function (e) { self.click(e); });
    el.addEventListener("keydown", function (e) {
      if (e.key !== "Enter" || e.target.type !== "number") return;
      e.preventDefault(); // or the keypress would also press Retry, which gets the focus
      self.check(self.find(e.target));
    });
    this.update();
  }

  Quiz.prototype.find = function (node) {
    var fieldset = node.closest(".course-quiz__question");
    return this.questions.filter(function (q) { return q.el === fieldset; })[0];
  };

  Quiz.prototype.save = function () {
    try { localStorage.setItem(this.key, JSON.stringify(this.state)); } catch (e) { /* private mode: no memory */ }
  };

  Quiz.prototype.totals = function () {
    var ids = Object.keys(this.state), state = this.state;
    return {
      answered: ids.length, total: this.questions.length,
      score: ids.filter(function (id) { return state[id].c; }).length
    };
  };

  Quiz.prototype.update = function () {
    var t = this.totals();
    this.score.textContent = t.score + " of " + t.total + " correct" +
      (t.answered < t.total ? " · " + t.answered + " answered" : "");
    this.el.querySelector("[data-action=retry-wrong]").hidden = t.answered === t.score;
    return t;
  };

  Quiz.prototype.check = function (q) {
    var v = value(q);
    if (v == null) { q.fb.innerHTML = "<p>" + EMPTY[q.type] + "</p>"; return; }
    var ok = isCorrect(q, v);
    this.state[q.id] = { v: v, c: ok };
    this.save();
    show(q, v, ok);
    q.el.querySelector("[data-action=retry]").focus();
    var t = this.update();
    fire(this.el, "course:quiz-answer", {
      quizId: this.id, questionId: q.id, correct: ok, score: t.score, answered: t.answered, total: t.total
    });
    if (t.answered === t.total) {
      fire(this.el, "course:quiz-complete", {
        quizId: this.id, score: t.score, total: t.total, percent: Math.round((100 * t.score) / t.total)
      });
    }
  };

  Quiz.prototype.retry = function (q, reset) {
    delete this.state[q.id];
    clear(q);
    if (reset) setValue(q, null);
  };

  Quiz.prototype.click = function (e) {
    var button = e.target.closest("button");
    if (!button) return;
    var q = this.find(button), action = button.getAttribute("data-action"), self = this;
    if (action === "check") return this.check(q);
    if (action === "retry") {
      this.retry(q);
      (q.el.querySelector("input:checked") || q.el.querySelector("input, button:not([disabled])")).focus();
    } else if (action === "retry-wrong" || action === "reset") {
      this.questions.forEach(function (x) {
        if (action === "reset" || (self.state[x.id] && !self.state[x.id].c)) self.retry(x, action === "reset");
      });
    } else if (button.hasAttribute("data-move")) {
      return this.move(q, button);
    }
    if (action === "reset") {
      try { localStorage.removeItem(this.key); } catch (err) { /* nothing was stored */ }
    } else {
      this.save();
    }
    this.update();
  };

  Quiz.prototype.move = function (q, button) {
    var li = button.closest("li"), up = button.getAttribute("data-move") === "-1";
    var other = up ? li.previousElementSibling : li.nextElementSibling;
    if (!other) return;
    q.list.insertBefore(li, up ? other : other.nextSibling);
    lock(q, false);
    (button.disabled ? li.querySelector("[data-move='" + (up ? 1 : -1) + "']") : button).focus();
    var n = all(q.list, "li").indexOf(li) + 1;
    q.fb.innerHTML = "<p>Moved to position " + n + " of " + q.list.children.length + ".</p>";
  };

  function init() {
    all(document, ".course-quiz:not([data-quiz-ready])").forEach(function (el) {
      el.setAttribute("data-quiz-ready", "");
      new Quiz(el);
    });
  }

  window.courseQuiz = { init: init };
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
