/* SCORM runtime of the course package, loaded only by launch.html, the package's launch page.
 *
 * The launch page frames the site, so the SCORM session lives exactly as long as this page:
 * the learner moves between course pages inside the frame and the session is initialised
 * once, kept across every page load, and committed and finished when the LMS closes us.
 * The site itself is unchanged: quiz.js keeps each quiz's state in localStorage (its "saved
 * state, format 1") and dispatches course:quiz-answer / -complete / -reset; this file reads
 * that state, reports it, and saves it compactly in suspend_data so a returning learner finds
 * their answers.
 * Without an LMS it only opens the first page: the site then works exactly as on the web. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("course-scorm-config").textContent);
  var frame = document.getElementById("course-scorm-frame");
  var STORE = "course-quiz:";
  var FORMAT = "c1";
  var BITS = "0123456789abcdefghijklmnopqrstuv";
  var ELEMENTS = {
    "1.2": {
      api: "API", init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit",
      finish: "LMSFinish", location: "cmi.core.lesson_location", entry: "cmi.core.entry", exit: "cmi.core.exit",
      time: "cmi.core.session_time", passing: "cmi.student_data.mastery_score", limit: 4096, locationLimit: 255
    },
    "2004": {
      api: "API_1484_11", init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit",
      finish: "Terminate", location: "cmi.location", entry: "cmi.entry", exit: "cmi.exit",
      time: "cmi.session_time", passing: "cmi.scaled_passing_score", limit: 64000, locationLimit: 1000
    }
  }[config.version];

  /* --- finding the LMS: up through the parent frames, then the window that opened ours --- */

  function search(win) {
    for (var hops = 0; win && hops < 500; hops++) {
      try {
        if (win[ELEMENTS.api]) return win[ELEMENTS.api];
      } catch (e) {
        return null; // a frame from another origin: the API cannot be above it
      }
      if (win.parent === win) return null;
      win = win.parent;
    }
    return null;
  }

  function findApi() {
    var api = search(window);
    if (!api && window.top && window.top.opener) api = search(window.top.opener);
    return api;
  }

  /* --- quiz state: what quiz.js keeps in localStorage ----------------------------------------
   * Here a quiz's state is its answers, {question id: {v, c, t, s}}: the answer, right or not,
   * times checked, answer shown. quiz.js's saved state format 1 keeps them in one record per
   * quiz under the site root, beside a summary; the older format 0 kept the bare map per page
   * (no t or s). The exporter tells which one the site's quiz.js writes (config.store). */

  var RECORDS = config.store === 1;

  function pagePath(page) { return new URL(page, location.href).pathname; }
  function storeKey(quiz) { return STORE + pagePath(RECORDS ? "./" : quiz.page) + "#" + quiz.id; }

  function readStates() {
    return config.quizzes.map(function (quiz) {
      var saved = null;
      try { saved = JSON.parse(localStorage.getItem(storeKey(quiz))); } catch (e) { /* unreadable: blank */ }
      if (!RECORDS) return saved && typeof saved === "object" ? saved : {};
      return saved && saved.version === 1 && saved.answers ? saved.answers : {};
    });
  }

  /* A quiz's summary as quiz.js computes it: score counts right answers whose answer was not shown. */
  function tally(quiz, answers) {
    var answered = 0, score = 0, total = quiz.q.length;
    quiz.q.forEach(function (q) {
      var a = answers[q[0]];
      if (!a || !("v" in a)) return;
      answered += 1;
      if (a.c && !a.s) score += 1;
    });
    var percent = total ? Math.round((100 * score) / total) : 0;
    return {
      total: total, answered: answered, score: score, percent: percent, passMark: quiz.passMark,
      complete: answered === total, passed: answered === total && percent >= quiz.passMark
    };
  }

  function writeStates(states) {
    config.quizzes.forEach(function (quiz, n) {
      var answers = states[n] || {}, key = storeKey(quiz);
      try {
        if (!Object.keys(answers).length) return localStorage.removeItem(key);
        if (!RECORDS) return localStorage.setItem(key, JSON.stringify(answers));
        var record = { version: 1, page: quiz.page.replace(/index\.html$/, "") }, t = tally(quiz, answers);
        for (var k in t) record[k] = t[k];
        record.answers = answers;
        localStorage.setItem(key, JSON.stringify(record));
      } catch (e) { /* storage refused (private mode): the learner starts blank, nothing breaks */ }
    });
  }

  /* --- the compact encoding of suspend_data ---------------------------------------------
   * "c1;" then one segment per quiz with answers: index:fingerprint:flags:answers.
   * Both follow the quiz's question order. flags: one base-32 digit per question, right (1)
   * + answer shown (2) + times checked, at most 3 (4 each). answers: comma-separated, empty
   * when unanswered: single = option index (base 36), multiple = a bit string (five options
   * per base-32 digit), true/false = 1/0, numeric = the text as typed (URI-encoded, so it
   * never holds a separator), ordering = the item indices. */

  function bits(flags) {
    var out = "";
    for (var i = 0; i < flags.length; i += 5) {
      var v = 0;
      for (var j = 0; j < 5 && i + j < flags.length; j++) if (flags[i + j]) v += 1 << j;
      out += BITS.charAt(v);
    }
    return out;
  }

  function unbits(text, count) {
    var flags = [];
    for (var i = 0; i < count; i++) {
      var v = BITS.indexOf(text.charAt(Math.floor(i / 5)));
      flags.push(v > 0 && (v & (1 << (i % 5))) !== 0);
    }
    return flags;
  }

  function numberText(v) {
    var text = String(v), coded = encodeURIComponent(text);
    if (coded.length <= 32) return coded;
    var n = Number(text); // a very long entry: keep the number, not the keystrokes
    return isFinite(n) ? encodeURIComponent(String(n)) : "";
  }

  function encodeAnswer(q, v) {
    var type = q[1];
    if (type === "single") return Number(v).toString(36);
    if (type === "true_false") return v === "true" ? "1" : "0";
    if (type === "numeric") return numberText(v);
    if (type === "multiple") {
      var flags = [];
      for (var i = 0; i < q[2]; i++) flags.push([].concat(v).indexOf(String(i)) >= 0);
      return bits(flags);
    }
    var positions = [].concat(v).map(function (key) { return q[2].indexOf(key); });
    var fits = positions.every(function (p) { return p >= 0 && p < 36; });
    return fits ? positions.map(function (p) { return p.toString(36); }).join("") : "";
  }

  function decodeAnswer(q, code) {
    var type = q[1];
    if (type === "single") return String(parseInt(code, 36));
    if (type === "true_false") return code === "1" ? "true" : "false";
    if (type === "numeric") return decodeURIComponent(code);
    if (type === "multiple") {
      var picked = [];
      unbits(code, q[2]).forEach(function (on, i) { if (on) picked.push(String(i)); });
      return picked;
    }
    return code.split("").map(function (ch) { return q[2][parseInt(ch, 36)]; });
  }

  function encodeQuiz(quiz, n, answers) {
    var codes = [], flags = [];
    quiz.q.forEach(function (q) {
      var a = answers[q[0]] || {}, code = "v" in a ? encodeAnswer(q, a.v) : "";
      codes.push(code);
      flags.push(BITS.charAt((code && a.c ? 1 : 0) + (a.s ? 2 : 0) + 4 * Math.min(a.t || 0, 3)));
    });
    while (codes.length && codes[codes.length - 1] === "") codes.pop();
    var marks = flags.join("").replace(/0+$/, "");
    if (!codes.length && !marks) return "";
    return [n.toString(36), quiz.fp, marks, codes.join(",")].join(":");
  }

  /* Quizzes are dropped from the end, the final assessment last, should a course ever
   * outgrow the limit: losing a module's saved answers beats an LMS refusing them all. */
  function encode(states, limit) {
    var segments = [];
    config.quizzes.forEach(function (quiz, n) {
      var segment = encodeQuiz(quiz, n, states[n] || {});
      if (segment) segments.push({ text: segment, keep: quiz.id === config.assessment });
    });
    var text = [FORMAT].concat(segments.map(function (s) { return s.text; })).join(";");
    while (limit && text.length > limit && segments.length) {
      var drop = segments.map(function (s) { return s.keep; }).lastIndexOf(false);
      segments.splice(drop >= 0 ? drop : segments.length - 1, 1);
      text = [FORMAT].concat(segments.map(function (s) { return s.text; })).join(";");
    }
    return text;
  }

  function decode(text) {
    var states = config.quizzes.map(function () { return {}; });
    var parts = String(text || "").split(";");
    if (parts[0] !== FORMAT) return states;
    parts.slice(1).forEach(function (segment) {
      var fields = segment.split(":"), n = parseInt(fields[0], 36), quiz = config.quizzes[n];
      if (!quiz || fields.length !== 4 || fields[1] !== quiz.fp) return; // another version of the quiz
      var codes = fields[3].split(",");
      quiz.q.forEach(function (q, i) {
        var f = Math.max(BITS.indexOf(fields[2].charAt(i)), 0), code = codes[i] || "";
        var a = { t: f >> 2, s: (f & 2) !== 0 };
        try {
          if (code) { a.v = decodeAnswer(q, code); a.c = (f & 1) !== 0; a.t = Math.max(a.t, 1); }
        } catch (e) { return; } // a garbled answer: that question starts blank
        if (code || a.t || a.s) states[n][q[0]] = a;
      });
    });
    return states;
  }

  /* --- what the LMS is told ---------------------------------------------------------------- */

  function result(states) {
    var modules = [], assessment = null;
    config.quizzes.forEach(function (quiz, n) {
      var t = tally(quiz, states[n] || {});
      if (quiz.id === config.assessment) assessment = t;
      else modules.push(t);
    });
    var modulesDone = modules.every(function (t) { return t.complete; });
    var assessed = Boolean(assessment && assessment.complete);
    var complete = {
      "module-quizzes": modulesDone,
      "final-assessment": assessed,
      "all-quizzes": modulesDone && assessed
    }[config.completion];
    var needed = modules.length + (assessment ? 1 : 0);
    var done = modules.filter(function (t) { return t.complete; }).length + (assessed ? 1 : 0);
    return {
      complete: Boolean(complete), progress: needed ? done / needed : 1, assessed: assessed,
      percent: assessment ? assessment.percent : 0
    };
  }

  function Session(api) {
    this.api = api;
    this.started = Date.now();
    this.finished = false;
    this.committed = "";
  }

  Session.prototype.get = function (element) { return String(this.api[ELEMENTS.get](element) || ""); };
  Session.prototype.set = function (element, value) { this.api[ELEMENTS.set](element, String(value)); };

  /* The pass mark: the LMS's own if it sets one (from the manifest or an administrator), else the course's. */
  Session.prototype.passMark = function () {
    var lms = parseFloat(this.get(ELEMENTS.passing));
    if (isNaN(lms)) return config.passMark;
    return config.version === "1.2" ? lms : lms * 100;
  };

  /* Scores are the percentage the learner's result panel shows, and pass the same way: at or above the mark. */
  Session.prototype.report = function (r) {
    var percent = r.percent, passed = percent >= this.passMark();
    if (config.version === "1.2") {
      var status = this.get("cmi.core.lesson_status");
      if (r.assessed) {
        this.set("cmi.core.score.min", 0);
        this.set("cmi.core.score.max", 100);
        this.set("cmi.core.score.raw", percent);
        this.set("cmi.core.lesson_status", passed ? "passed" : "failed");
      } else if (status !== "passed" && status !== "failed" && status !== "completed") {
        this.set("cmi.core.lesson_status", r.complete ? "completed" : "incomplete");
      }
    } else {
      if (r.complete || this.get("cmi.completion_status") !== "completed") {
        this.set("cmi.completion_status", r.complete ? "completed" : "incomplete");
      }
      this.set("cmi.progress_measure", Math.round(r.progress * 1000) / 1000);
      if (r.assessed) {
        this.set("cmi.score.min", 0);
        this.set("cmi.score.max", 100);
        this.set("cmi.score.raw", percent);
        this.set("cmi.score.scaled", Math.round(percent * 100) / 10000);
        this.set("cmi.success_status", passed ? "passed" : "failed");
      }
    }
    return [r.complete, r.assessed, r.percent].join();
  };

  /* Save everything, and commit whenever that changed something. The changes come from what the
   * learner did (an answer, a retry, a page), never from a timer: a commit is a round trip that some
   * LMSs make the page wait for. */
  Session.prototype.record = function () {
    var states = readStates(), suspend = encode(states, ELEMENTS.limit);
    this.set("cmi.suspend_data", suspend);
    return [this.report(result(states)), suspend, this.get(ELEMENTS.location)].join("|");
  };

  Session.prototype.save = function () {
    if (this.finished) return;
    var recorded = this.record();
    if (recorded !== this.committed) this.api[ELEMENTS.commit]("");
    this.committed = recorded;
  };

  Session.prototype.visit = function (page) {
    if (!this.finished && page.length <= ELEMENTS.locationLimit) this.set(ELEMENTS.location, page);
  };

  Session.prototype.finish = function () {
    if (this.finished) return;
    this.record();
    this.set(ELEMENTS.exit, "suspend"); // keep the attempt open, so the next launch resumes it
    this.set(ELEMENTS.time, duration((Date.now() - this.started) / 1000));
    this.finished = true; // finishing commits: a commit of our own while the page unloads could be refused
    this.api[ELEMENTS.finish]("");
  };

  function duration(seconds) {
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    if (config.version === "2004") return "PT" + h + "H" + m + "M" + s.toFixed(2) + "S";
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(Math.min(h, 9999)) + ":" + two(m) + ":" + (s < 10 ? "0" : "") + s.toFixed(2);
  }

  /* --- starting up ------------------------------------------------------------------------- */

  function connect() {
    var api = findApi();
    if (!api) return null;
    var ok = String(api[ELEMENTS.init](""));
    if (ok !== "true") return null;
    var session = new Session(api);
    // The LMS is the learner's record: its saved answers replace whatever this browser holds for the
    // package (another learner on a shared computer, or an attempt the LMS has since reset). Some LMSs
    // leave cmi.entry empty on a resume, so only an explicit new start ignores the saved data.
    var fresh = session.get(ELEMENTS.entry) === "ab-initio";
    writeStates(decode(fresh ? "" : session.get("cmi.suspend_data")));
    // Set from the start, so a browser that crashes before the unload still leaves a resumable attempt.
    session.set(ELEMENTS.exit, "suspend");
    if (config.version === "1.2" && session.get("cmi.core.lesson_status") === "not attempted") {
      session.set("cmi.core.lesson_status", "incomplete");
    }
    session.report(result(readStates()));
    return session;
  }

  function startPage(session) {
    var saved = session ? session.get(ELEMENTS.location) : "";
    return config.pages.indexOf(saved) >= 0 ? saved : config.start;
  }

  /* The page in the frame, relative to the package, or "" when it is not one of ours. */
  function framedPage() {
    try {
      var here = frame.contentWindow.location.pathname, base = pagePath("./");
      return here.indexOf(base) === 0 ? here.slice(base.length) : "";
    } catch (e) {
      return ""; // the learner followed a link to another site
    }
  }

  var session = connect();
  window.courseScorm = { config: config, encode: encode, decode: decode, connected: Boolean(session) };
  frame.addEventListener("load", function () {
    var page = framedPage();
    try { if (frame.contentDocument.title) document.title = frame.contentDocument.title; } catch (e) { /* not ours */ }
    if (!session || !page) return;
    session.visit(page);
    session.save();
    ["course:quiz-answer", "course:quiz-reset"].forEach(function (name) {
      frame.contentDocument.addEventListener(name, function () { session.save(); });
    });
  });
  if (session) {
    // Retrying or showing an answer fires no event; quiz.js's writes reach us as storage events.
    window.addEventListener("storage", function (e) {
      if (e.key && e.key.indexOf(STORE) === 0) session.save();
    });
    window.addEventListener("pagehide", function () { session.finish(); });
    window.addEventListener("beforeunload", function () { session.finish(); });
  }
  frame.src = startPage(session);
})();
