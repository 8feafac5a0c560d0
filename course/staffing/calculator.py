"""The what-if staffing calculator shown on a module page.

The fragment is complete without JavaScript: the results and the agents table for the
module's starting values are computed here with :mod:`course.staffing.erlang`, so a learner with
scripts blocked (or a printout) still sees a worked answer. ``calculator.js`` then
recomputes the same numbers, with the same formatting, whenever an input changes.

The HTML is trusted (it is inserted after the page is sanitised), so every interpolated
value is escaped here even though they are numbers: the author's ``uid`` is text, and
escaping everything is cheaper than proving which values cannot carry markup.
"""

from __future__ import annotations

import math

from course.model.schema import Calculator
from course.render.text import escape, number
from course.staffing import erlang
from course.staffing.figures import format_asa, format_percent, format_service_level, format_traffic

__all__ = ["TABLE_ABOVE", "TABLE_BELOW", "render_calculator", "summary"]

#: Rows shown below and above the required number of agents: enough to see the knee.
TABLE_BELOW = 3
TABLE_ABOVE = 5


def summary(
    agents: int, scheduled: int, service_level: float, answer: float, target: float, at: int | None = None
) -> str:
    """The one line a phone keeps in view while the learner edits (calculator.js writes the same words).

    The service level is printed as the results print it, never on the wrong side of ``target``.
    """
    what_if = f"with {at}: " if at is not None and at != agents else ""
    return (
        f"{agents} agents required \u00b7 {scheduled} to schedule \u00b7 "
        f"{what_if}{format_service_level(service_level, target)} answered in {number(answer)} s"
    )


def _field(uid: str, name: str, label: str, value: str, *, hint: str) -> str:
    """One input. Text with ``inputmode="decimal"`` rather than ``type="number"``: a number field drops
    a typed decimal comma without a word ("87,5" becomes 875); numbers.js reads what people type."""
    fid = f"{uid}-{name}"
    return (
        f'<div class="course-calculator__field">'
        f'<label for="{escape(fid)}">{escape(label)}</label>'
        f'<input id="{escape(fid)}" name="{escape(name)}" type="text" inputmode="decimal" autocomplete="off" '
        f'spellcheck="false" value="{escape(value)}" aria-describedby="{escape(fid)}-hint">'
        f'<span class="course-calculator__hint" id="{escape(fid)}-hint">{escape(hint)}</span>'
        f"</div>"
    )


def _output(uid: str, key: str, label_html: str, text: str, value: float | int) -> str:
    """One result; ``label_html`` must already be escaped (it may hold a live span)."""
    return (
        f'<div class="course-calculator__output"><dt id="{escape(uid)}-{escape(key)}-label">{label_html}</dt>'
        f'<dd><output data-calc-out="{escape(key)}" aria-labelledby="{escape(uid)}-{escape(key)}-label" '
        f'data-value="{escape(repr(value))}">{escape(text)}</output></dd></div>'
    )


def _rows(traffic: float, handle: float, answer: float, target: float, required: int) -> str:
    low = max(1, required - TABLE_BELOW)
    rows = []
    for row in erlang.curve(traffic, handle, answer, low, required + TABLE_ABOVE):
        is_required = row.agents == required
        cls = ' class="is-required"' if is_required else ""
        tag = ' <span class="course-calculator__tag">required</span>' if is_required else ""
        head = f'<th scope="row" data-value="{escape(row.agents)}">{escape(row.agents)}{tag}</th>'
        if not row.stable or row.service_level is None or row.asa is None or row.occupancy is None:
            rows.append(
                f'<tr class="is-unstable">{head}<td colspan="3">Unstable: the queue grows without limit</td></tr>'
            )
            continue
        width = min(100.0, max(0.0, row.service_level * 100))
        rows.append(
            f"<tr{cls}>{head}"
            f'<td data-value="{escape(repr(row.service_level))}">'
            f'<span class="course-calculator__bar" aria-hidden="true">'
            f'<span style="width:{escape(f"{width:.1f}")}%"></span></span>'
            f"{escape(format_service_level(row.service_level, target))}</td>"
            f'<td data-value="{escape(repr(row.asa))}">{escape(format_asa(row.asa))}</td>'
            f'<td data-value="{escape(repr(row.occupancy))}">{escape(format_percent(row.occupancy))}</td></tr>'
        )
    return "".join(rows)


def render_calculator(calc: Calculator, uid: str = "calc") -> str:
    """The calculator form with results and table already filled in for ``calc``'s values.

    Raises :class:`course.staffing.erlang.ErlangInputError` when the starting values describe
    traffic too large to compute (the schema already rules out zero and negative values).
    """
    handle = float(calc.handle_seconds)
    answer = float(calc.answer_seconds)
    target = float(calc.target_percent) / 100
    result = erlang.interval_staffing(
        calls=float(calc.calls),
        interval_seconds=float(calc.interval_minutes) * 60,
        handle_seconds=handle,
        answer_seconds=answer,
        target=target,
        shrinkage=float(calc.shrinkage_percent) / 100,
    )
    if not math.isfinite(result.asa):  # pragma: no cover - interval_staffing() only returns stable answers
        raise erlang.ErlangInputError("starting values give no finite answer")

    fields = "".join(
        [
            _field(uid, "calls", "Calls per interval", number(calc.calls), hint="Forecast calls"),
            _field(
                uid,
                "interval",
                "Interval length (minutes)",
                number(calc.interval_minutes),
                hint="Usually 15, 30 or 60",
            ),
            _field(
                uid,
                "handle",
                "Average handle time (seconds)",
                number(calc.handle_seconds),
                hint="Talk + hold + wrap-up",
            ),
            _field(
                uid,
                "answer",
                "Answer within (seconds)",
                number(calc.answer_seconds),
                hint="The \u201cin 20 s\u201d of 80/20",
            ),
            _field(
                uid,
                "target",
                "Service-level target (%)",
                number(calc.target_percent),
                hint="The \u201c80%\u201d of 80/20",
            ),
            _field(
                uid,
                "shrinkage",
                "Shrinkage (%)",
                number(calc.shrinkage_percent),
                hint="Breaks, training, absence",
            ),
            _field(
                uid,
                "available",
                "What if we had this many agents? (optional)",
                "",
                hint="Leave empty to use the required number",
            ),
        ]
    )

    outputs = "".join(
        [
            _output(uid, "traffic", escape("Traffic"), format_traffic(result.traffic), result.traffic),
            _output(uid, "agents", escape("Agents required"), str(result.agents), result.agents),
            _output(
                uid, "scheduled", escape("Staff to schedule (after shrinkage)"), str(result.scheduled), result.scheduled
            ),
            _output(uid, "at", escape("Results shown for"), f"{result.agents} agents", result.agents),
            _output(
                uid,
                "service-level",
                f"Service level (answered within <span data-calc-answer-label>{escape(number(answer))}</span> s)",
                format_service_level(result.service_level, target),
                result.service_level,
            ),
            _output(uid, "asa", escape("Average speed of answer"), format_asa(result.asa), result.asa),
            _output(uid, "occupancy", escape("Occupancy"), format_percent(result.occupancy), result.occupancy),
        ]
    )
    u = escape(uid)
    return (
        f'<form class="course-calculator" id="{u}" data-course-calculator aria-labelledby="{u}-title" novalidate>'
        f'<p class="course-calculator__title" id="{u}-title">What-if staffing calculator (Erlang C)</p>'
        f'<p class="course-calculator__intro">Change any number and the results and the table update. '
        f"Erlang C assumes callers wait rather than hang up, so treat the answer as a floor.</p>"
        f'<fieldset class="course-calculator__inputs"><legend>Your interval</legend>{fields}</fieldset>'
        # On a phone the seven inputs fill the screen: this line (the results below in short) sticks to
        # the foot of the screen while they are edited; screen readers hear the full results instead.
        f'<p class="course-calculator__summary" data-calc-summary aria-hidden="true">'
        f"{escape(summary(result.agents, result.scheduled, result.service_level, answer, target))}</p>"
        f'<div class="course-calculator__results" aria-live="polite" data-calc-results>'
        f'<p class="course-calculator__message" data-calc-message hidden></p>'
        f'<dl class="course-calculator__outputs">{outputs}</dl></div>'
        # Focusable region: on a phone the table may scroll sideways, and keyboard users must reach it.
        f'<div class="course-calculator__table-wrap course-scroll-cue" tabindex="0" role="region" '
        f'aria-labelledby="{u}-caption">'
        f'<table class="course-calculator__table" data-calc-table>'
        f'<caption id="{u}-caption">Each extra agent buys less: service level, average speed of answer (ASA) '
        f"and occupancy by number of agents</caption>"
        f'<thead><tr><th scope="col">Agents</th><th scope="col">Service level</th>'
        f'<th scope="col"><abbr title="Average speed of answer">ASA</abbr></th>'
        f'<th scope="col">Occupancy</th></tr></thead>'
        f"<tbody data-calc-rows>{_rows(result.traffic, handle, answer, target, result.agents)}</tbody>"
        f"</table></div></form>"
    )
