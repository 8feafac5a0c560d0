/* What-if staffing calculator: the same Erlang C maths as course/erlang.py, recomputed as
 * the learner types. The page already shows server-computed results, so this script only
 * has to keep them in step. Material's instant navigation re-runs this file on every page
 * that carries it, so global setup is guarded and widgets are marked once initialised. */
(function () {
  "use strict";
  if (window.__courseCalculatorLoaded) {
    /* Re-run by instant navigation: set-up is done, just pick up any new calculator. */
    if (window.__courseCalculatorInit) window.__courseCalculatorInit(document);
    return;
  }
  window.__courseCalculatorLoaded = true;

  var MAX_AGENTS = 1000000;
  var MAX_TRAFFIC = 900000; /* keeps the agents any target needs below MAX_AGENTS */
  var SL_TOLERANCE = 1e-12;
  var WHOLE_TOLERANCE = 1e-9;

  function ErlangInputError(message) {
    var error = new Error(message);
    error.name = "ErlangInputError";
    return error;
  }

  function real(name, v) {
    if (typeof v !== "number") throw ErlangInputError(name + " must be a number, got " + typeof v);
    if (!isFinite(v)) throw ErlangInputError(name + " must be a finite number, got " + v);
    return v;
  }
  function positive(name, v) {
    if (real(name, v) <= 0) throw ErlangInputError(name + " must be greater than 0, got " + v);
    return v;
  }
  function nonNegative(name, v) {
    if (real(name, v) < 0) throw ErlangInputError(name + " must be 0 or more, got " + v);
    return v;
  }
  function agentsArg(v, name) {
    name = name || "agents";
    if (typeof v !== "number" || !Number.isInteger(v)) throw ErlangInputError(name + " must be a whole number, got " + v);
    if (v < 0) throw ErlangInputError(name + " must be 0 or more, got " + v);
    if (v > MAX_AGENTS) throw ErlangInputError(name + " must be at most " + MAX_AGENTS + ", got " + v);
    return v;
  }
  function trafficArg(v) {
    nonNegative("traffic", v);
    if (v >= MAX_TRAFFIC) throw ErlangInputError("traffic must be below " + MAX_TRAFFIC + " Erlangs, got " + v);
    return v;
  }
  function fractionOpen(name, v) {
    real(name, v);
    if (!(v > 0 && v < 1)) throw ErlangInputError(name + " must be a fraction between 0 and 1 (exclusive), got " + v);
    return v;
  }

  function unstable(agents, traffic) {
    var need = Math.floor(traffic) + 1;
    return {
      unstable: true, agents: agents, traffic: traffic, minAgents: need,
      message: "unstable: the queue grows without limit, at least " + need + " agents are needed"
    };
  }
  function wholeCeil(x) {
    var nearest = Math.round(x);
    if (Math.abs(x - nearest) <= WHOLE_TOLERANCE * Math.max(1, Math.abs(x))) return nearest;
    return Math.ceil(x);
  }
  function bStep(b, n, a) { var ab = a * b; return ab / (n + ab); }
  function erlangBRaw(n, a) { var b = 1; for (var k = 1; k <= n; k++) b = bStep(b, k, a); return b; }
  function cFromB(n, a, b) { return n * b / (n - a * (1 - b)); }
  function slFromC(c, n, a, handle, answer) {
    return Math.min(1, Math.max(0, 1 - c * Math.exp(-(n - a) * answer / handle)));
  }

  function trafficErlangs(calls, intervalSeconds, handleSeconds) {
    nonNegative("calls", calls); positive("interval_seconds", intervalSeconds); positive("handle_seconds", handleSeconds);
    return calls * handleSeconds / intervalSeconds;
  }
  function erlangB(agents, traffic) { return erlangBRaw(agentsArg(agents), trafficArg(traffic)); }
  function erlangC(agents, traffic) {
    agentsArg(agents); trafficArg(traffic);
    if (agents <= traffic) return unstable(agents, traffic);
    return cFromB(agents, traffic, erlangBRaw(agents, traffic));
  }
  function serviceLevel(agents, traffic, handleSeconds, answerSeconds) {
    positive("handle_seconds", handleSeconds); nonNegative("answer_seconds", answerSeconds);
    var c = erlangC(agents, traffic);
    return typeof c === "number" ? slFromC(c, agents, traffic, handleSeconds, answerSeconds) : c;
  }
  function asa(agents, traffic, handleSeconds) {
    positive("handle_seconds", handleSeconds);
    var c = erlangC(agents, traffic);
    return typeof c === "number" ? c * handleSeconds / (agents - traffic) : c;
  }
  function occupancy(agents, traffic) {
    agentsArg(agents); trafficArg(traffic);
    return agents <= traffic ? unstable(agents, traffic) : traffic / agents;
  }
  function requiredAgents(traffic, handleSeconds, answerSeconds, target, maxOccupancy) {
    trafficArg(traffic); positive("handle_seconds", handleSeconds); nonNegative("answer_seconds", answerSeconds);
    fractionOpen("target", target);
    if (maxOccupancy !== undefined && maxOccupancy !== null) {
      real("max_occupancy", maxOccupancy);
      if (!(maxOccupancy > 0 && maxOccupancy <= 1)) throw ErlangInputError("max_occupancy must be a fraction in (0, 1], got " + maxOccupancy);
    }
    var n = Math.floor(traffic) + 1;
    var b = erlangBRaw(n, traffic);
    while (slFromC(cFromB(n, traffic, b), n, traffic, handleSeconds, answerSeconds) < target - SL_TOLERANCE) {
      n += 1;
      b = bStep(b, n, traffic);
    }
    if (maxOccupancy !== undefined && maxOccupancy !== null) n = Math.max(n, wholeCeil(traffic / maxOccupancy));
    return n;
  }
  function scheduledStaff(agents, shrinkage) {
    agentsArg(agents); real("shrinkage", shrinkage);
    if (!(shrinkage >= 0 && shrinkage < 1)) throw ErlangInputError("shrinkage must be a fraction in [0, 1), got " + shrinkage);
    return wholeCeil(agents / (1 - shrinkage));
  }
  /* Rows for agentsFrom..agentsTo, carrying the recursion along as course.erlang.curve does. */
  function curve(traffic, handleSeconds, answerSeconds, agentsFrom, agentsTo) {
    var rows = [];
    var b = erlangBRaw(agentsFrom, traffic);
    for (var n = agentsFrom; n <= agentsTo; n++) {
      if (n > agentsFrom) b = bStep(b, n, traffic);
      if (n <= traffic) { rows.push({ agents: n, stable: false }); continue; }
      var c = cFromB(n, traffic, b);
      rows.push({
        agents: n, stable: true, serviceLevel: slFromC(c, n, traffic, handleSeconds, answerSeconds),
        asa: c * handleSeconds / (n - traffic), occupancy: traffic / n
      });
    }
    return rows;
  }

  window.CourseErlang = {
    trafficErlangs: trafficErlangs, erlangB: erlangB, erlangC: erlangC, serviceLevel: serviceLevel, asa: asa,
    occupancy: occupancy, requiredAgents: requiredAgents, scheduledStaff: scheduledStaff, curve: curve,
    serviceLevelText: slText,
    MAX_AGENTS: MAX_AGENTS, MAX_TRAFFIC: MAX_TRAFFIC
  };

  /* --- the form ------------------------------------------------------------------------ */

  var BELOW = 3, ABOVE = 5, MAX_ROWS = 30;
  var DASH = "\u2014";

  function pct(x) { return (x * 100).toFixed(1) + "%"; }
  /* A service level beside its target never rounds across it: 0.8996 against 0.9 reads "89.9%".
   * Same rule and arithmetic as course.staffing.figures.format_service_level (places=1). */
  function slText(level, target) {
    var shown = (level * 100).toFixed(1);
    var met = level >= target - SL_TOLERANCE;
    if (!met && Number(shown) >= target * 100) shown = (Math.floor(level * 1000) / 10).toFixed(1);
    else if (met && Number(shown) < target * 100) shown = (Math.ceil(level * 1000 - 1e-9) / 10).toFixed(1);
    return shown + "%";
  }
  function secs(x) { return x.toFixed(1) + " s"; }
  function big(x) { return x.toLocaleString("en", { maximumFractionDigits: 2 }); }
  function parse(raw) {
    if (window.courseNumber) return window.courseNumber.parse(raw);
    return raw === "" ? { empty: true } : isFinite(raw) ? { value: Number(raw) } : { error: "Type a number." };
  }

  /* Each field: its name in messages, and what is wrong with a value ("" when nothing). */
  var FIELDS = [
    { name: "calls", label: "Calls per interval", check: function (v) { return v < 0 ? "must be 0 or more" : ""; } },
    { name: "interval", label: "Interval length", check: function (v) { return v > 0 ? "" : "must be more than 0 minutes"; } },
    { name: "handle", label: "Average handle time", check: function (v) { return v > 0 ? "" : "must be more than 0 seconds"; } },
    { name: "answer", label: "Answer within", check: function (v) { return v < 0 ? "must be 0 seconds or more" : ""; } },
    { name: "target", label: "Service-level target",
      check: function (v) { return v > 0 && v < 100 ? "" : "must be more than 0% and less than 100%"; } },
    { name: "shrinkage", label: "Shrinkage",
      check: function (v) { return v >= 0 && v < 100 ? "" : "must be 0% or more and less than 100%"; } },
    { name: "available", label: "What if we had this many agents?", optional: true,
      check: function (v) {
        return !Number.isInteger(v) ? "must be a whole number of agents" : v < 0 ? "must be 0 or more" :
          v > MAX_AGENTS ? "must be at most " + big(MAX_AGENTS) + " agents" : "";
      } }
  ];

  function input(form, name) { return form.querySelector('[name="' + name + '"]'); }
  function flag(form, name, bad) {
    var el = input(form, name);
    if (bad) el.setAttribute("aria-invalid", "true"); else el.removeAttribute("aria-invalid");
  }

  function read(form) {
    var values = {}, errors = [];
    FIELDS.forEach(function (f) {
      if (!input(form, f.name)) return;
      var n = parse(input(form, f.name).value), problem = "";
      if (n.empty) problem = f.optional ? "" : f.label + " needs a number.";
      else if (n.error) problem = f.label + ": " + n.error;
      else if (f.check(n.value)) problem = f.label + " " + f.check(n.value) + ".";
      values[f.name] = n.empty ? null : n.value;
      if (problem) errors.push(problem);
      flag(form, f.name, !!problem);
    });
    return { values: values, errors: errors };
  }

  /* Traffic past the engine's limit: named on the field the learner changed last, with its own limit. */
  function tooMuch(form, v) {
    var field = form.getAttribute("data-calc-last") || "calls", limit = " (this calculator handles up to " +
      big(MAX_TRAFFIC) + " Erlangs of traffic).";
    if (field !== "handle" && field !== "interval") field = "calls";
    flag(form, field, true);
    if (field === "handle") {
      return "Average handle time must be below " + big(MAX_TRAFFIC * v.interval * 60 / v.calls) +
        " seconds for " + big(v.calls) + " calls in " + big(v.interval) + " minutes" + limit;
    }
    if (field === "interval") {
      return "Interval length must be more than " + big(v.calls * v.handle / (MAX_TRAFFIC * 60)) +
        " minutes for " + big(v.calls) + " calls of " + big(v.handle) + " seconds" + limit;
    }
    return "Calls per interval must be below " + big(MAX_TRAFFIC * v.interval * 60 / v.handle) +
      " with " + big(v.handle) + "-second calls in " + big(v.interval) + " minutes" + limit;
  }

  function setOut(form, key, text, value) {
    var out = form.querySelector('[data-calc-out="' + key + '"]');
    if (!out) return;
    out.textContent = text;
    out.setAttribute("data-value", value === null ? "" : String(value));
  }

  function cell(tag, text, value) {
    var el = document.createElement(tag);
    el.textContent = text;
    if (value !== undefined) el.setAttribute("data-value", String(value));
    return el;
  }

  function renderRows(form, traffic, handle, answer, target, required, available) {
    var body = form.querySelector("[data-calc-rows]");
    if (!body) return;
    var low = Math.max(1, required - BELOW), high = required + ABOVE;
    if (available !== null && available >= 1 && Math.max(high, available) - Math.min(low, available) < MAX_ROWS) {
      low = Math.min(low, available); high = Math.max(high, available);
    }
    var frag = document.createDocumentFragment();
    curve(traffic, handle, answer, low, high).forEach(function (row) {
      var tr = document.createElement("tr");
      var th = cell("th", String(row.agents), row.agents);
      th.setAttribute("scope", "row");
      var tags = [];
      if (row.agents === required) { tr.classList.add("is-required"); tags.push("required"); }
      if (row.agents === available) { tr.classList.add("is-what-if"); tags.push("what-if"); }
      tags.forEach(function (t) {
        th.appendChild(document.createTextNode(" "));
        var span = cell("span", t); span.className = "course-calculator__tag"; th.appendChild(span);
      });
      tr.appendChild(th);
      if (!row.stable) {
        tr.classList.add("is-unstable");
        var td = cell("td", "Unstable: the queue grows without limit");
        td.colSpan = 3;
        tr.appendChild(td);
      } else {
        var sl = cell("td", slText(row.serviceLevel, target), row.serviceLevel);
        var bar = document.createElement("span");
        bar.className = "course-calculator__bar"; bar.setAttribute("aria-hidden", "true");
        var fill = document.createElement("span");
        fill.style.width = Math.min(100, Math.max(0, row.serviceLevel * 100)).toFixed(1) + "%";
        bar.appendChild(fill); sl.insertBefore(bar, sl.firstChild);
        tr.appendChild(sl);
        tr.appendChild(cell("td", secs(row.asa), row.asa));
        tr.appendChild(cell("td", pct(row.occupancy), row.occupancy));
      }
      frag.appendChild(tr);
    });
    body.textContent = "";
    body.appendChild(frag);
  }

  function showMessage(form, text) {
    var msg = form.querySelector("[data-calc-message]");
    if (!msg) return;
    msg.textContent = text || "";
    msg.hidden = !text;
    summarise(form, text || "");
  }

  function clearMetrics(form) {
    ["service-level", "asa", "occupancy"].forEach(function (k) { setOut(form, k, DASH, null); });
  }

  function update(form) {
    try {
      compute(form);
    } catch (error) {
      /* Should be unreachable (inputs are checked first), but never leave stale or NaN results. */
      showMessage(form, "These numbers cannot be calculated: " + error.message);
      ["traffic", "agents", "scheduled", "at"].forEach(function (k) { setOut(form, k, DASH, null); });
      clearMetrics(form);
      var table = form.querySelector("[data-calc-table]");
      if (table) table.hidden = true;
    }
  }

  function blank(form, keys) { keys.forEach(function (k) { setOut(form, k, DASH, null); }); }

  function compute(form) {
    var parsed = read(form), v = parsed.values;
    var table = form.querySelector("[data-calc-table]");
    var traffic;
    if (!parsed.errors.length) {
      traffic = v.calls * v.handle / (v.interval * 60);
      if (!isFinite(traffic) || traffic >= MAX_TRAFFIC) parsed.errors.push(tooMuch(form, v));
    }
    if (parsed.errors.length) {
      showMessage(form, parsed.errors.join(" "));
      blank(form, ["traffic", "agents", "scheduled", "at", "service-level", "asa", "occupancy"]);
      if (table) table.hidden = true;
      return;
    }
    var handle = v.handle, answer = v.answer;
    var label = form.querySelector("[data-calc-answer-label]");
    if (label) label.textContent = String(answer);
    setOut(form, "traffic", traffic.toFixed(2) + " Erlangs", traffic);
    if (traffic === 0) {
      /* Erlang C still asks for one agent with no traffic; a planner would schedule none. */
      showMessage(form, "No calls in this interval, so no agents are needed.");
      ["agents", "scheduled"].forEach(function (k) { setOut(form, k, "0", 0); });
      setOut(form, "at", "0 agents", 0);
      blank(form, ["service-level", "asa", "occupancy"]);
      if (table) table.hidden = true;
      return summarise(form, "No calls: no agents needed");
    }
    var required = requiredAgents(traffic, handle, answer, v.target / 100);
    setOut(form, "agents", String(required), required);
    var scheduled = scheduledStaff(required, v.shrinkage / 100);
    setOut(form, "scheduled", String(scheduled), scheduled);
    var at = v.available === null ? required : v.available;
    setOut(form, "at", at + (at === 1 ? " agent" : " agents"), at);
    var sl = serviceLevel(at, traffic, handle, answer);
    var head = required + " agents required \u00b7 " + scheduled + " to schedule \u00b7 ";
    if (typeof sl !== "number") {
      showMessage(form, "Unstable with " + at + (at === 1 ? " agent" : " agents") + ": " +
        sl.message.replace(/^unstable: /, "") + " (traffic is " + traffic.toFixed(2) + " Erlangs).");
      clearMetrics(form);
      summarise(form, head + "unstable with " + at);
    } else {
      showMessage(form, "");
      setOut(form, "service-level", slText(sl, v.target / 100), sl);
      var wait = asa(at, traffic, handle);
      setOut(form, "asa", secs(wait), wait);
      setOut(form, "occupancy", pct(traffic / at), traffic / at);
      summarise(form, head + (at === required ? "" : "with " + at + ": ") + slText(sl, v.target / 100) +
        " answered in " + answer + " s");
    }
    renderRows(form, traffic, handle, answer, v.target / 100, required, v.available);
    if (table) table.hidden = false;
  }

  function summarise(form, text) {
    var line = form.querySelector("[data-calc-summary]");
    if (line) line.textContent = text;
  }

  function init(root) {
    var forms = (root || document).querySelectorAll("form[data-course-calculator]:not([data-course-calculator-ready])");
    Array.prototype.forEach.call(forms, function (form) {
      form.setAttribute("data-course-calculator-ready", "");
      var recompute = function () { update(form); };
      form.addEventListener("input", function (event) {
        form.setAttribute("data-calc-last", event.target.name);
        recompute();
      });
      form.addEventListener("change", recompute);
      form.addEventListener("submit", function (event) { event.preventDefault(); recompute(); });
      recompute();
    });
  }

  window.__courseCalculatorInit = init;
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { init(document); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
