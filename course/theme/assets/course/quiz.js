/* Course quiz: makes the server-rendered quizzes self-marking.
 * The HTML works without this script (answers sit in <details>); here we read the answers,
 * remove those details, reveal the hidden controls and keep progress in localStorage.
 * Material's instant navigation re-runs this file, so global setup happens once and every
 * emission of document$ only initialises quizzes not yet marked data-quiz-ready.
 *
 * SAVED STATE, format 1. Stable: progress.js, the README and LMS wrappers read it; a change needs a new
 * `version` (and code here that reads the old one).
 *   key    "course-quiz:" + site root path + "#" + quiz id, e.g. "course-quiz:/#quiz-service-level". The root
 *          path is Material's __md_scope.pathname (the site's base URL; "/" outside Material), so a quiz has
 *          one record however its page is reached.
 *   value  JSON {version: 1, page, total, answered, score, percent, passMark, complete, passed, answers}
 *     page      the quiz's page relative to the site root ("modules/service-level/"; "" for the home page)
 *     score     questions answered right before their answer was shown
 *     percent   Math.round(100 * score / total); passed = complete && percent >= passMark
 *     answers   {question id: {v, c, t, s}}: v the answer (option index as a string for single, an array
 *               of them for multiple, "true"/"false", the text typed for numeric, item keys in the
 *               learner's order for ordering), c whether it is right, t how many times it was checked,
 *               s true once its answer was shown. A question retried but not re-checked keeps only t, s.
 * EVENTS bubble to document, detail = the summary above without answers, plus quizId:
 *   course:quiz-answer (also questionId, correct), course:quiz-complete, course:quiz-reset.
 * API window.courseQuiz: init(), state(quizId) -> the saved value or null. */
(function () {
  "use strict";
  if (window.courseQuiz) { window.courseQuiz.init(); return; }

  function all(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }
  function inner(root, sel) { var el = root.querySelector(sel); return el ? el.innerHTML : ""; }
  function esc(s) { var d = document.createElement("div"); d.textContent = s; return d.innerHTML; }
  function fire(el, name, detail) { el.dispatchEvent(new CustomEvent(name, { bubbles: true, detail: detail })); }
  function root() { return window.__md_scope ? window.__md_scope.pathname : "/"; }
  function keyOf(id) { return "course-quiz:" + root() + "#" + id; }
  function load(key) { try { return JSON.parse(localStorage.getItem(key)); } catch (e) { return null; } }
  function num(raw) {
    if (window.courseNumber) return window.courseNumber.parse(raw);
    return raw.trim() && isFinite(raw) ? { value: Number(raw) } : { error: "Type a number, such as 87.5." };
  }

  var EMPTY = {
    numeric: "Enter a number first.",
    multiple: "Choose at least one option first.",
    single: "Choose an answer first.",
    true_false: "Choose an answer first."
  };

  /* What a question needs from its answer <details>, which is then removed. */
  function readQuestion(el, n) {
    var d = el.querySelector("details.course-quiz__answer");
    var q = {
      el: el, n: n + 1, id: el.getAttribute("data-question"), type: el.getAttribute("data-type"),
      fb: el.querySelector(".course-quiz__feedback"), list: el.querySelector(".course-quiz__order"),
      why: inner(d, "[data-part=explanation]"), right: inner(d, "[data-feedback=correct]"),
      wrong: inner(d, "[data-feedback=incorrect]"), answer: d.getAttribute("data-answer"),
      key: inner(d, "[data-part=answer]"), tolerance: Number(d.getAttribute("data-tolerance") || 0),
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
  function item(q, k) { return q.list.querySelector('[data-key="' + k + '"]'); }

  function value(q) {
    if (q.list) return keys(q);
    if (q.type === "numeric") return inputs(q)[0].value.trim() || null;
    var chosen = inputs(q).filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
    if (!chosen.length) return null;
    return q.type === "multiple" ? chosen : chosen[0];
  }

  function setValue(q, v) {
    if (q.list) {
      (v || q.start).forEach(function (k) { if (item(q, k)) q.list.appendChild(item(q, k)); });
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
      return Math.abs(num(v).value - want) <= q.tolerance + 1e-9 * Math.max(1, Math.abs(want));
    }
    return v.join() === q.solution.join();
  }

  /* Whether a saved answer still fits the question, which may have changed since it was saved. */
  function fits(q, v) {
    if (q.list) return Array.isArray(v) && v.slice().sort().join() === q.start.slice().sort().join();
    if (q.type === "numeric") return typeof v === "string" && num(v).value !== undefined;
    if (q.type === "true_false") return v === "true" || v === "false";
    return [].concat(v).every(function (n) { return q.options[n] !== undefined; }) && (q.type === "multiple") === Array.isArray(v);
  }

  /* Lock or unlock the answer controls; reorder buttons at either end stay disabled. */
  function lock(q, locked, a) {
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
    q.el.querySelector("[data-action=reveal]").hidden = !locked || a.c || a.s;
  }

  function mark(row, text, state) {
    var span = document.createElement("span");
    span.className = "course-quiz__mark";
    span.textContent = text;
    row.appendChild(span);
    row.setAttribute("data-reveal", state);
  }

  function words(title, texts) {
    return texts.length ? "<p><strong>" + title + ":</strong></p><ul><li>" + texts.join("</li><li>") + "</li></ul>" : "";
  }

  /* The right answer, in words in the feedback and marked on the controls themselves. */
  function reveal(q, v) {
    var out = "";
    if (q.options.length) {
      var picked = [].concat(v), rows = all(q.el, ".course-quiz__option"), missed = [], extra = [];
      q.options.forEach(function (o, n) {
        var ticked = picked.indexOf(String(n)) >= 0;
        if (o.correct && !ticked) missed.push(o.text);
        if (!o.correct && ticked) extra.push(o.text);
        if (o.correct) mark(rows[n], ticked ? "Right" : q.type === "multiple" ? "Missed: also right" : "The right answer", ticked ? "right" : "missed");
        else if (ticked) mark(rows[n], "Wrong choice", "wrong");
      });
      out = words("The answer", q.options.filter(function (o) { return o.correct; }).map(function (o) { return o.text; }));
      if (q.type === "multiple") out += words("You missed", missed) + words("Wrongly ticked", extra);
    } else if (q.list) {
      out = '<p><strong>The right order</strong> (✗ marks the items you had elsewhere):</p><ol class="course-quiz__solution">' + q.solution.map(function (k, n) {
        var at = v.indexOf(k), li = item(q, k);
        mark(li, at === n ? "✓ In place" : "✗ Belongs at " + (n + 1), at === n ? "right" : "wrong");
        return "<li>" + inner(li, ".course-quiz__order-text") + (at === n ? "" : " <em>(✗ you had it at " + (at + 1) + ")</em>") + "</li>";
      }).join("") + "</ol>";
    } else {
      if (q.type === "true_false") all(q.el, "input").forEach(function (i) { if (i.value === q.answer) mark(i.parentNode, "The right answer", "missed"); });
      out = "<p><strong>The answer:</strong> " + q.key + "</p>";
    }
    return out;
  }

  function feedbackHtml(q, a) {
    var ok = a.c, out = '<p class="course-quiz__verdict course-quiz__verdict--' + (ok ? "right" : "wrong") +
      '"><span class="course-quiz__icon" aria-hidden="true">' + (ok ? "✓" : "✗") + "</span> " +
      (ok ? "Correct" : "Not quite") + "</p>";
    if (q.type === "numeric" && String(num(a.v).value) !== a.v.replace(/^\+/, "")) {
      out += "<p>Read as " + num(a.v).value + ".</p>";
    }
    if (q.options.length) {
      var picked = [].concat(a.v);
      out += '<ul class="course-quiz__picked">' + picked.map(function (n) {
        var o = q.options[n];
        return "<li><strong>" + (o.correct ? "✓ Right choice" : "✗ Wrong choice") + ":</strong> " + o.text +
          "<div>" + o.feedback + "</div></li>";
      }).join("") + "</ul>";
      var missed = q.options.filter(function (o, n) { return o.correct && picked.indexOf(String(n)) < 0; }).length;
      if (missed && q.type === "multiple" && !a.s) {
        out += "<p>You missed " + missed + " correct option" + (missed > 1 ? "s" : "") + ".</p>";
      }
    } else {
      out += ok ? q.right : q.wrong;
    }
    if (a.s && !ok) out += reveal(q, a.v);
    if (a.s && ok) out += "<p>This one does not count towards your score: you saw its answer first.</p>";
    return out + '<div class="course-quiz__why"><strong>Why:</strong> ' + q.why + "</div>";
  }

  function show(q, a) {
    clear(q);
    q.el.setAttribute("data-state", a.c ? "right" : "wrong");
    q.fb.innerHTML = feedbackHtml(q, a);
    all(q.el, ".course-quiz__option").forEach(function (row) {
      var input = row.querySelector("input");
      if (input.checked) row.setAttribute("data-state", q.options.length ? (q.options[input.value].correct ? "right" : "wrong") : a.c ? "right" : "wrong");
    });
    lock(q, true, a);
  }

  function clear(q) {
    q.el.removeAttribute("data-state");
    q.fb.innerHTML = "";
    all(q.el, ".course-quiz__mark").forEach(function (m) { m.parentNode.removeChild(m); });
    all(q.el, "[data-state], [data-reveal]").forEach(function (row) { row.removeAttribute("data-state"); row.removeAttribute("data-reveal"); });
    inputs(q).forEach(function (i) { i.removeAttribute("aria-invalid"); });
    lock(q, false, {});
  }

  function Quiz(el) {
    var self = this, old = "course-quiz:" + location.pathname + "#" + el.getAttribute("data-quiz");
    this.el = el;
    this.id = el.getAttribute("data-quiz");
    this.key = keyOf(this.id);
    this.passMark = Number(el.getAttribute("data-pass-mark")) || 80;
    this.questions = all(el, ".course-quiz__question").map(readQuestion);
    this.score = el.querySelector(".course-quiz__score");
    this.result = el.querySelector(".course-quiz__result");
    this.dialog = el.querySelector(".course-quiz__dialog");
    var saved = load(this.key), legacy = !saved && load(old); // format 0 kept the answers map per page path
    saved = saved || (legacy ? { answers: legacy } : null);
    this.answers = {};
    this.questions.forEach(function (q) {
      all(q.el, ".course-quiz__actions, .course-quiz__move").forEach(function (x) { x.hidden = false; });
      var a = saved && saved.answers && saved.answers[q.id];
      if (!a) return lock(q, false, {});
      self.answers[q.id] = a = { t: a.t || (a.v ? 1 : 0), s: !!a.s, v: a.v, c: a.c };
      if (a.v != null && fits(q, a.v)) {
        setValue(q, a.v);
        a.c = isCorrect(q, a.v); // the answer may have been corrected since
        show(q, a);
      } else {
        delete a.v; delete a.c;
        lock(q, false, a);
      }
    });
    el.querySelector(".course-quiz__bar").hidden = false;
    el.addEventListener("click", function (e) { self.click(e); });
    el.addEventListener("keydown", function (e) {
      if (e.key !== "Enter" || !e.target.matches(".course-quiz__numeric input")) return;
      e.preventDefault(); // or the keypress would also press Retry, which gets the focus
      self.check(self.find(e.target));
    });
    this.dialog.addEventListener("close", function () { if (self.dialog.returnValue === "reset") self.reset(); });
    var t = this.update();
    if (saved) this.save(t);
    if (legacy) try { localStorage.removeItem(old); } catch (e) { /* nothing to tidy */ }
  }

  Quiz.prototype.find = function (node) {
    var fieldset = node.closest(".course-quiz__question");
    return this.questions.filter(function (q) { return q.el === fieldset; })[0];
  };

  Quiz.prototype.totals = function () {
    var answers = this.answers, answered = 0, score = 0, total = this.questions.length;
    this.questions.forEach(function (q) {
      var a = answers[q.id];
      if (a && "v" in a) { answered++; if (a.c && !a.s) score++; }
    });
    var percent = total ? Math.round((100 * score) / total) : 0;
    return {
      quizId: this.id, page: location.pathname.slice(root().length).replace(/index\.html$/, ""),
      total: total, answered: answered, score: score, percent: percent, passMark: this.passMark,
      complete: answered === total, passed: answered === total && percent >= this.passMark
    };
  };

  Quiz.prototype.save = function (t) {
    var state = { version: 1, answers: this.answers };
    for (var k in t) if (k !== "quizId") state[k] = t[k];
    try { localStorage.setItem(this.key, JSON.stringify(state)); } catch (e) { /* private mode: no memory */ }
  };

  Quiz.prototype.update = function () {
    var t = this.totals(), answers = this.answers;
    this.score.textContent = t.score + " of " + t.total + " correct" +
      (t.answered < t.total ? " · " + t.answered + " answered" : "");
    var wrong = this.questions.filter(function (q) { var a = answers[q.id]; return a && "v" in a && !a.c; });
    all(this.el, "[data-action=retry-wrong]").forEach(function (b) { b.hidden = !wrong.length; });
    this.showResult(t, wrong);
    return t;
  };

  /* The result under the last question, once every question is answered; empty (and silent) before. */
  Quiz.prototype.showResult = function (t, wrong) {
    var status = this.result.children[0], more = this.result.children[1], answers = this.answers, html = "", list = "";
    if (t.complete) {
      var h = this.result.getAttribute("data-heading"), need = 0;
      while (need < t.total && Math.round((100 * (t.score + need)) / t.total) < t.passMark) need++;
      html = "<" + h + ' class="course-quiz__result-title">Your result: ' + (t.passed ? "passed" : "not yet passed") +
        "</" + h + '><p class="course-quiz__result-score"><strong>' + t.score + " of " + t.total + " correct: " +
        t.percent + "%</strong> (pass mark " + t.passMark + "%)</p><p>" +
        (t.score === t.total ? "Every question right. Well done." : t.passed ?
          "You reached the pass mark. The questions below are worth another look." :
          need > wrong.length ? "Questions whose answer you saw no longer count: reset the quiz to start again." :
          "You need " + need + " more right answer" + (need > 1 ? "s" : "") +
          ". Review the sections below, then retry the questions you missed.") + "</p>";
      this.questions.forEach(function (q) {
        var a = answers[q.id];
        if (a.c && !a.s) return;
        var prompt = q.el.querySelector("legend").textContent.replace(/^\s*Question \d+\s*/, "");
        list += '<li><a href="#' + q.el.id + '">Question ' + q.n + "</a>: " +
          esc(prompt.length > 90 ? prompt.slice(0, 88).trim() + "…" : prompt) + " " +
          q.el.querySelector(".course-quiz__revisit").outerHTML + "</li>";
      });
      if (list) list = "<p>Questions to revisit:</p><ul>" + list + "</ul>";
      if (wrong.length) list += '<button type="button" class="course-quiz__button" data-action="retry-wrong">Retry the questions you missed</button>';
    }
    if (status.innerHTML !== html) status.innerHTML = html; // unchanged: not announced again
    more.innerHTML = list;
    if (t.complete) this.result.setAttribute("data-state", t.passed ? "passed" : "not-yet");
    else this.result.removeAttribute("data-state");
  };

  Quiz.prototype.check = function (q) {
    var v = value(q), input = inputs(q)[0];
    if (v == null) { q.fb.innerHTML = "<p>" + EMPTY[q.type] + "</p>"; return; }
    if (q.type === "numeric" && num(v).error) {
      input.setAttribute("aria-invalid", "true");
      q.fb.innerHTML = "<p>" + esc(num(v).error) + "</p>";
      return;
    }
    var a = this.answers[q.id] || { t: 0, s: false };
    a.v = v;
    a.c = isCorrect(q, v);
    a.t += 1;
    if (!a.c && a.t >= 2) a.s = true; // wrong after a retry: show the answer
    this.answers[q.id] = a;
    show(q, a);
    q.el.querySelector("[data-action=retry]").focus();
    var t = this.commit();
    var detail = { questionId: q.id, correct: a.c };
    for (var k in t) detail[k] = t[k];
    fire(this.el, "course:quiz-answer", detail);
    if (t.complete) fire(this.el, "course:quiz-complete", t);
  };

  Quiz.prototype.commit = function () { var t = this.update(); this.save(t); return t; };

  Quiz.prototype.retry = function (q, reset) {
    var a = this.answers[q.id];
    if (a) { delete a.v; delete a.c; }
    clear(q);
    if (reset) setValue(q, null);
  };

  Quiz.prototype.reset = function () {
    var self = this;
    this.answers = {};
    this.questions.forEach(function (q) { self.retry(q, true); });
    try { localStorage.removeItem(this.key); } catch (err) { /* nothing was stored */ }
    fire(this.el, "course:quiz-reset", this.update());
  };

  Quiz.prototype.click = function (e) {
    var button = e.target.closest("button");
    if (!button || button.closest("dialog")) return;
    var q = this.find(button), action = button.getAttribute("data-action"), self = this;
    if (action === "check") return this.check(q);
    if (action === "reset") { this.dialog.returnValue = ""; return this.dialog.showModal(); }
    if (button.hasAttribute("data-move")) return this.move(q, button);
    if (action === "reveal") {
      this.answers[q.id].s = true;
      show(q, this.answers[q.id]);
      q.el.querySelector("[data-action=retry]").focus();
    } else if (action === "retry") {
      this.retry(q);
      (q.el.querySelector("input:checked") || q.el.querySelector("input, button:not([disabled])")).focus();
    } else if (action === "retry-wrong") {
      var first = null;
      this.questions.forEach(function (x) {
        var a = self.answers[x.id];
        if (a && "v" in a && !a.c) { self.retry(x); first = first || x; }
      });
      if (first) first.el.querySelector("input, button:not([disabled])").focus();
    }
    this.commit();
  };

  Quiz.prototype.move = function (q, button) {
    var li = button.closest("li"), up = button.getAttribute("data-move") === "-1";
    var other = up ? li.previousElementSibling : li.nextElementSibling;
    if (!other) return;
    q.list.insertBefore(li, up ? other : other.nextSibling);
    lock(q, false, {});
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

  window.courseQuiz = { init: init, state: function (id) { return load(keyOf(id)); } };
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
