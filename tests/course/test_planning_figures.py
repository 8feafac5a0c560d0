"""The workforce-planning figures added for issue 10, recomputed from the engine as the text prints them.

Same contract as ``test_figures.py``: every number a learner reads in the new sections (service
level with abandons, pooling, chat, email, forecast accuracy, intraday, adherence, the dashboard's
hours, FCR four ways, CSAT/CES/NPS) and every numeric answer of the new ``wfm-`` questions is
rebuilt here with :mod:`course.staffing` and must appear, formatted the same way, where it is read.
A last test checks the rendering rule across the whole course: no service level is printed as its
own target when it misses it.
"""

from __future__ import annotations

import re

import pytest

from course.model.loader import load_file
from course.model.schema import Module, Numeric, QuizBank, SingleChoice
from course.render.text import number
from course.staffing import planning, surveys
from course.staffing.erlang import (
    Unstable,
    average_speed_of_answer,
    occupancy,
    required_agents,
    scheduled_staff,
    traffic_erlangs,
)
from course.staffing.erlang import (
    service_level as erlang_service_level,
)
from course.staffing.figures import format_service_level as service_level
from tests.paths import REPO

HALF_HOUR = 1800


def _module(module_id: str) -> Module:
    return load_file(REPO / "modules" / f"{module_id}.yml", Module)[0]


def _bank(module_id: str) -> QuizBank:
    return load_file(REPO / "quizzes" / f"{module_id}.yml", QuizBank)[0]


def _body(module: Module, section_id: str) -> str:
    bodies = {s.id: " ".join(s.body.split()) for s in module.sections}
    assert section_id in bodies, f"{module.id} has no section {section_id!r}"
    return bodies[section_id]


def _says(text: str, *expected: str) -> None:
    for phrase in expected:
        assert phrase in text, f"the text should say {phrase!r} (recomputed by the engine)"


def _question(bank: QuizBank, qid: str):
    found = {q.id: q for q in bank.questions}
    assert qid in found, f"quiz question {qid!r} is missing"
    return found[qid]


def _stable(value: float | Unstable) -> float:
    assert not isinstance(value, Unstable), f"expected a stable queue, got {value}"
    return value


def _pct(fraction: float, places: int = 1) -> str:
    return f"{fraction * 100:.{places}f}%"


def _int(value: float) -> str:
    return f"{value:,.0f}"


@pytest.fixture(scope="module")
def service() -> Module:
    return _module("service-level")


@pytest.fixture(scope="module")
def metrics() -> Module:
    return _module("metrics-system")


# --- service-level: abandons and the formula ------------------------------------------------------

TUESDAY = planning.IntervalCounts(
    answered_within=300, answered_after=70, abandoned_short=8, abandoned_within=6, abandoned_after=16
)


def _calculations(c: planning.IntervalCounts) -> dict[str, str]:
    early = c.abandoned_short + c.abandoned_within
    return {
        "all-offered": f"{c.answered_within} ÷ {c.offered}",
        "short-excluded": f"{c.answered_within} ÷ ({c.offered} − {c.abandoned_short})",
        "early-excluded": f"{c.answered_within} ÷ ({c.answered} + {c.abandoned_after})",
        "early-as-met": f"({c.answered_within} + {early}) ÷ {c.offered}",
        "answered-only": f"{c.answered_within} ÷ {c.answered}",
    }


def test_one_interval_five_service_levels(service: Module) -> None:
    body = _body(service, "measuring-service-level")
    c = TUESDAY
    _says(
        body,
        f"{c.offered} calls offered. {c.answered} were answered, {c.answered_within} of them within 20 seconds.",
        f"{c.abandoned} callers hung up: {c.abandoned_short} within 5 seconds",
        f"{c.abandoned_within} more before 20 seconds, and {c.abandoned_after} after waiting longer than 20 seconds",
    )
    readings = planning.service_level_readings(c)
    calculations = _calculations(c)
    rows = [line for line in body.split("| ") if "÷" in line]
    assert len(rows) == len(readings), rows
    for reading in readings:
        name = reading.name.replace("the threshold", "20 seconds")  # the text names this interval's threshold
        _says(body, f"| {name} | {calculations[reading.key]} | {service_level(reading.value, 0.8)} |")
    values = {r.key: r.value for r in readings}
    assert values["answered-only"] >= 0.8 > max(v for k, v in values.items() if k != "answered-only")
    assert round(80 - values["all-offered"] * 100) == 5
    _says(body, "missed by five points or met it")
    _says(body, f"so the interval reads {service_level(values['short-excluded'], 0.8)}: a miss")


def test_sixty_nine_agents_read_below_ninety(service: Module) -> None:
    body = _body(service, "harbourline-interval")
    level = erlang_service_level(69, traffic_erlangs(360, HALF_HOUR, 300), 300, 20)
    assert not isinstance(level, Unstable) and level < 0.9
    _says(
        body, f"Sixty-nine agents would give {level * 100:.2f}%, which the table prints as {service_level(level, 0.9)}"
    )
    _says(body, f"| 69 | {service_level(level, 0.9)} |")


# --- service-level: pooling --------------------------------------------------------------------------


def test_pooling_figures(service: Module) -> None:
    body = _body(service, "occupancy-and-the-knee")
    split = planning.pooling([180, 180], HALF_HOUR, 300, 20, 0.8)
    assert split.split[0] == split.split[1]
    _says(
        body,
        "Split the same 360 calls into two queues of 180",
        f"each needs {split.split[0]} agents: {split.split_total} in all, against {split.pooled} for the combined "
        f"queue, or {scheduled_staff(split.split_total, 0.33)} scheduled instead of "
        f"{scheduled_staff(split.pooled, 0.33)}",
    )
    small = planning.pooling([24, 24], HALF_HOUR, 360, 20, 0.8)
    _says(
        body,
        f"24 calls a half-hour at 360 seconds: {small.split[0]} agents each, {small.split_total} in all, "
        f"where one shared line would need {small.pooled}",
    )


# --- service-level: chat and email -------------------------------------------------------------------

CHATS = 90
CHAT_MINUTES = {1: 9, 2: 12, 3: 17}


def test_chat_concurrency_table(service: Module) -> None:
    body = _body(service, "intervals-and-shrinkage")
    _says(body, "80% of chats a first reply within 60 seconds", f"For {CHATS} chats in a half-hour")
    rows = {k: planning.chat_staffing(CHATS, HALF_HOUR, m * 60, k, 60, 0.8) for k, m in CHAT_MINUTES.items()}
    for k, row in rows.items():
        per_chat = number(row.agent_seconds_per_chat / 60, 1)
        _says(body, f"| {k} | {CHAT_MINUTES[k]} min | {row.slots} | {row.agents} | {per_chat} min |")
    _says(
        body,
        f"Going from one chat at a time to two saves {rows[1].agents - rows[2].agents} agents",
        f"Going from two to three saves {'one' if rows[2].agents - rows[3].agents == 1 else 'several'} more",
        f"every customer's chat takes {'five' if CHAT_MINUTES[3] - CHAT_MINUTES[2] == 5 else '?'} minutes longer",
    )


def test_email_backlog(service: Module) -> None:
    body = _body(service, "intervals-and-shrinkage")
    opening, arrivals, minutes, opens, closes = 420, 50, 6, 8, 20
    one = planning.emails_per_hour(1, minutes)
    eight = planning.emails_per_hour(8, minutes)
    slow = planning.hours_to_clear(opening, arrivals, 8, minutes)
    fast = planning.hours_to_clear(opening, arrivals, 10, minutes)
    assert opens + slow > closes and opens + fast < 16.5
    _says(
        body,
        f"Monday opens with {opening} emails from the weekend; {arrivals} more arrive each hour",
        f"one agent clears {'ten' if one == 10 else number(one)} an hour",
        f"Eight agents clear {number(eight)} an hour, so the backlog shrinks by only {number(eight - arrivals)} "
        f"an hour and takes {number(slow)} hours to clear, past the {closes}:00 close",
        f"Ten agents shrink it by {number(planning.emails_per_hour(10, minutes) - arrivals)} an hour and clear it in "
        f"{number(fast, 1)} hours, before half past four",
    )
    _says(body, "600 emails by noon", "each takes six minutes, that is 60 hours of work")
    assert 600 * 6 / 60 == 60


# --- metrics-system: forecast accuracy ------------------------------------------------------------------

INTERVALS = ["08:00", "08:30", "09:00", "09:30", "10:00", "10:30"]
FORECAST = [40, 90, 200, 300, 360, 340]
ACTUAL = [25, 80, 214, 318, 372, 361]


def test_forecast_table_and_its_scores(metrics: Module) -> None:
    body = _body(metrics, "forecast-accuracy")
    errors = planning.absolute_percentage_errors(FORECAST, ACTUAL)
    for label, f, a, e in zip(INTERVALS, FORECAST, ACTUAL, errors, strict=True):
        _says(body, f"| {label} | {f} | {a} | {f - a:+d} | {_pct(e)} |".replace("-", "−"))
    _says(
        body,
        f"| **Morning** | **{_int(sum(FORECAST))}** | **{_int(sum(ACTUAL))}** "
        f"| **{sum(FORECAST) - sum(ACTUAL)}**".replace("-", "−"),
    )
    missed = sum(abs(f - a) for f, a in zip(FORECAST, ACTUAL, strict=True))
    _says(
        body,
        f"is the average of the last column: {_pct(planning.mape(FORECAST, ACTUAL))}",
        f"calls missed in total divided by calls in total, {missed} ÷ {_int(sum(ACTUAL))} = "
        f"{_pct(planning.wape(FORECAST, ACTUAL))} here",
        f"as a share of actual, {_pct(planning.bias(FORECAST, ACTUAL)).replace('-', '−')} here",
        f"At 08:00, a miss of {FORECAST[0] - ACTUAL[0]} calls on {ACTUAL[0]} puts {errors[0] * 100:.0f} points into "
        "the average",
        f"at 10:00, where a {ACTUAL[4] - FORECAST[4]}-call miss cost service level dearly, the contribution is "
        f"{errors[4] * 100:.1f}",
        f"Forecasting 150 calls when 100 arrive scores {_pct(planning.mape([150], [100]))}; forecasting 100 when 150 "
        f"arrive scores {_pct(planning.mape([100], [150]))}",
    )
    assert all(a > f for f, a in zip(FORECAST[2:], ACTUAL[2:], strict=True)), "every interval from 09:00 ran above"
    assert (FORECAST[4], ACTUAL[4]) == (360, 372), "the 10:00 interval is the bad Monday's"


# --- metrics-system: managing the day and adherence ------------------------------------------------------


def test_the_0950_reforecast_and_its_levers(metrics: Module) -> None:
    body = _body(metrics, "managing-the-day")
    so_far_forecast, so_far_actual = sum(FORECAST[2:4]), sum(ACTUAL[2:4])
    run = (so_far_actual - so_far_forecast) / so_far_forecast
    carried = FORECAST[4] * (1 + run / 2)
    assert round(carried) == ACTUAL[4] == 372
    _says(
        body,
        f"was on course for {so_far_actual} calls against a forecast of {so_far_forecast}, {_pct(run)} above",
        f"{FORECAST[4]} calls plus {_pct(run / 2)} is about {round(carried)} at 10:00, at 306 seconds",
    )
    traffic = traffic_erlangs(372, HALF_HOUR, 306)
    need = required_agents(traffic, 306, 20, 0.8)
    _says(body, f"That needs {need} agents for 80/20. The schedule had 67")
    agents = list(range(66, need + 1))
    levels = [_stable(erlang_service_level(n, traffic, 306, 20)) for n in agents]
    waits = [_stable(average_speed_of_answer(n, traffic, 306)) for n in agents]
    _says(body, "| Agents at 10:00 | " + " | ".join(map(str, agents)) + " |")
    _says(body, "| Service level | " + " | ".join(service_level(v, 0.8) for v in levels) + " |")
    _says(body, "| ASA | " + " | ".join(f"{w:.0f} s" for w in waits) + " |")
    assert need == 66 + 1 + 3, "the huddle back (+1) and three messaging agents (+3) close the gap exactly"
    _says(body, "(+1) and move three messaging agents", f"for {need} agents and {service_level(levels[-1], 0.8)}")


def test_sams_adherence_and_conformance(metrics: Module) -> None:
    body = _body(metrics, "managing-the-day")
    # 09:00 = minute 0: phones to 12:30, lunch to 13:00, phones to 17:00; Sam logs in at 09:10, lunches 13:00-13:30.
    schedule = [(0, 210, "phones"), (210, 240, "lunch"), (240, 480, "phones")]
    sams_day = [(10, 240, "phones"), (240, 270, "lunch"), (270, 490, "phones")]
    day = planning.adherence(schedule, sams_day)
    _says(
        body,
        f"His conformance is {day.conformance:.0%}: {day.actual_work_minutes} minutes on the phones, as scheduled",
        f"His adherence is {_pct(day.adherence)}: {day.matched_minutes} of his {day.scheduled_minutes} scheduled "
        "minutes matched the schedule",
    )


def test_the_huddle_overrun_counts_agent_equivalents(metrics: Module) -> None:
    body = _body(metrics, "working-backwards")
    two = planning.agent_equivalents(2, 15, 30)
    team = planning.agent_equivalents(14, 20, 30)
    traffic = traffic_erlangs(372, HALF_HOUR, 306)
    left = 67 - team
    assert two == 1
    assert isinstance(occupancy(round(left), traffic), Unstable), "the whole team's overrun leaves too few agents"
    _says(
        body,
        f"2 × 15 ÷ 30 = {number(two)} agent-equivalent lost",
        f"14 × 20 ÷ 30 = {team:.1f} agent-equivalents, leaving about {round(left)} agents against "
        f"{traffic:.1f} Erlangs",
    )


# --- shared-understanding: the dashboard's hours and FCR four ways ---------------------------------------


def test_the_dashboard_shortfall_uses_the_people_on_voice() -> None:
    body = _body(_module("shared-understanding"), "harbourline-dashboard")
    handle_hours = 54_000 * 330 / 3600
    assert handle_hours == 4950
    ready = handle_hours / 0.93
    paid = planning.paid_hours(handle_hours, 0.93, 0.37)
    extra = paid * 0.04
    _says(
        body,
        f"Last week's calls took {_int(handle_hours)} handle hours; at 93% occupancy that is about "
        f"{_int(round(ready, -1))} hours logged in and ready",
        f"at 37% shrinkage about {_int(round(paid, -1))} paid hours, some {_int(round(paid / 35, -1))} people "
        "at 35 hours",
        f"Four points of shrinkage on those hours is about {_int(round(extra, -1))} hours: around "
        f"{round(extra / 35)} full-time agents",
    )
    assert "420 people at 35 hours" not in body, "the shortfall must not be computed from the whole centre"


FCR_WEEK = {  # how it is counted: (resolved, out of)
    "Agent flag": (1092, 1200),
    "Post-contact survey": (212, 262),
    "Repeat contacts, per issue": (876, 1200),
    "Repeat contacts, per customer": (754, 1050),
}


def test_fcr_counted_four_ways() -> None:
    body = _body(_module("shared-understanding"), "what-counts-as-resolved")
    shares = {name: resolved / total for name, (resolved, total) in FCR_WEEK.items()}
    for name, (resolved, total) in FCR_WEEK.items():
        assert f"| {name} |" in body
        _says(body, f"{_int(resolved)} of {_int(total)} ")
        _says(body, f": {_pct(shares[name])} |")
    headline = [round(shares[n] * 100) for n in ("Agent flag", "Post-contact survey", "Repeat contacts, per issue")]
    _says(body, "billing FCR was {}% on the team report, {}% in the customer survey and {}% on".format(*headline))
    gap = (shares["Agent flag"] - shares["Repeat contacts, per issue"]) * 100
    _says(body, f"runs {gap:.0f} points above the repeat-contact figure")


# --- customer-research: CSAT, CES and NPS ------------------------------------------------------------


def test_effort_and_net_promoter_figures() -> None:
    body = _body(_module("customer-research"), "csat-ces-nps")
    _says(
        body,
        f"Of 600 respondents, 468 ({468 / 600:.0%}) were satisfied but only 366 ({366 / 600:.0%}) agreed",
        f"of the 120 customers who scored effort 1 to 3, 37 ({_pct(37 / 120)}) contacted Harbourline again",
        f"against 33 ({_pct(33 / 366)}) of the 366 who scored 5 to 7",
    )
    p, q, d = 148, 132, 120
    total = p + q + d
    _says(
        body,
        f"{total} responses: {p} promoters, {q} passives and {d} detractors",
        f"Its NPS is {p / total:.0%} minus {d / total:.0%}, or {surveys.nps(p, q, d):+.0f}",
        f"the margin of error is about {surveys.nps_margin(p, q, d):.0f} points either way",
        f"If 40 detractors became passives, NPS would rise {surveys.nps(p, q + 40, d - 40) - surveys.nps(p, q, d):.0f} "
        f"points to {surveys.nps(p, q + 40, d - 40):+.0f}",
        f"if instead 40 passives became promoters, it would also reach {surveys.nps(p + 40, q - 40, d):+.0f}",
        f"(8 promoters, 4 passives, 3 detractors) has an NPS of {surveys.nps(8, 4, 3):+.0f} with a margin of about "
        f"{surveys.nps_margin(8, 4, 3):.0f} points",
    )


# --- the new authored questions: every numeric answer from the engine ---------------------------------


def test_metrics_questions() -> None:
    bank = _bank("metrics-system")
    q = _question(bank, "wfm-wape")
    forecast, actual = [50, 200, 300], [40, 220, 330]
    assert isinstance(q, Numeric) and q.answer == round(planning.wape(forecast, actual) * 100, 1)
    _says(
        " ".join(q.explanation.split()),
        f"= {_pct(planning.wape(forecast, actual))}",
        f"MAPE on the same intervals would be {_pct(planning.mape(forecast, actual))}",
    )
    q = _question(bank, "wfm-mape-lopsided")
    assert isinstance(q, SingleChoice)
    key = f"The first at {_pct(planning.mape([150], [100]))} and the second at {_pct(planning.mape([100], [150]))}"
    assert [o.text for o in q.options if o.correct] == [key]
    q = _question(bank, "wfm-adherence")
    day = planning.adherence(
        [(0, 180, "phones"), (180, 210, "break"), (210, 480, "phones")],
        [(15, 180, "phones"), (180, 210, "break"), (210, 495, "phones")],
    )
    assert isinstance(q, Numeric) and q.answer == round(day.adherence * 100, 1) and day.conformance == 1
    _says(" ".join(q.explanation.split()), f"{day.matched_minutes} ÷ {day.scheduled_minutes} = {_pct(day.adherence)}")
    q = _question(bank, "wfm-huddle-overrun")
    assert isinstance(q, Numeric) and q.answer == planning.agent_equivalents(12, 15, 30)


def test_service_level_questions() -> None:
    bank = _bank("service-level")
    q = _question(bank, "wfm-sl-short-abandons")
    readings = {r.key: r.value for r in planning.service_level_readings(planning.IntervalCounts(340, 80, 10, 10, 20))}
    assert isinstance(q, Numeric) and q.answer == round(readings["short-excluded"] * 100, 1)
    explanation = " ".join(q.explanation.split())
    _says(
        explanation,
        f"340 ÷ (460 − 10) = {service_level(readings['short-excluded'], 0.8)}",
        f"gives {service_level(readings['all-offered'], 0.8)}",
        f"gives {service_level(readings['answered-only'], 0.8)}",
    )
    q = _question(bank, "wfm-pooling-agents")
    pooled = planning.pooling([120, 120], HALF_HOUR, 300, 20, 0.8)
    assert isinstance(q, Numeric) and q.answer == pooled.pooled
    _says(" ".join(q.prompt.split()), f"Each needs {pooled.split[0]} agents on its own")
    _says(" ".join(q.explanation.split()), f"{pooled.split[0]} + {pooled.split[1]} = {pooled.split_total}")
    q = _question(bank, "wfm-chat-third")
    two, three = (planning.chat_staffing(90, HALF_HOUR, m * 60, k, 60, 0.8) for k, m in ((2, 12), (3, 17)))
    _says(" ".join(q.prompt.split()), f"need {two.agents} agents at two chats each and {three.agents} at three")
    q = _question(bank, "wfm-email-backlog")
    hours = planning.hours_to_clear(300, 40, 6, 5)
    assert isinstance(q, Numeric) and abs(q.answer - hours) <= q.tolerance
    _says(
        " ".join(q.explanation.split()),
        f"= {number(planning.emails_per_hour(6, 5))} emails an hour",
        f"300 ÷ 32 = {hours:.1f} hours",
    )


def test_shared_understanding_and_research_questions() -> None:
    bank = _bank("shared-understanding")
    q = _question(bank, "wfm-fcr-per-customer")
    assert isinstance(q, Numeric) and q.answer == round((900 - 170) / 900 * 100, 1)
    _says(" ".join(q.explanation.split()), f"730 ÷ 900 = {_pct(730 / 900)}", f"800 ÷ 1,000 = {_pct(800 / 1000)}")
    q = _question(bank, "wfm-voice-fte")
    paid = planning.paid_hours(3000, 0.9, 0.3)
    assert isinstance(q, Numeric) and abs(q.answer - paid / 35) <= q.tolerance
    _says(" ".join(q.explanation.split()), f"= {_int(3000 / 0.9)} hours", f"= {_int(paid)} paid hours")
    bank = _bank("customer-research")
    q = _question(bank, "wfm-nps")
    assert isinstance(q, Numeric) and q.answer == surveys.nps(210, 170, 120)
    q = _question(bank, "wfm-overlap-test")
    gap = surveys.difference_margin(0.82, 1000, 0.78, 1000) * 100
    _says(" ".join(q.explanation.split()), f"about {gap:.1f} points")


# --- the rendering rule, course-wide ------------------------------------------------------------------------

OBJECTIVE = re.compile(r"\b(\d{2})/\d{1,3}\b")
PRINTED = re.compile(r"(?<![\d.])(\d{1,3}\.\d)%")


def _course_texts() -> list[tuple[str, str]]:
    texts = []
    for path in sorted((REPO / "modules").glob("*.yml")):
        module = load_file(path, Module)[0]
        texts += [(f"{path.name}#{s.id}", s.body) for s in module.sections]
    for path in sorted((REPO / "quizzes").glob("*.yml")):
        bank = load_file(path, QuizBank)[0]
        for q in bank.questions:
            parts = [q.prompt, q.explanation, *(f"{o.text} {o.feedback}" for o in getattr(q, "options", []))]
            texts.append((f"{path.name}#{q.id}", " ".join(parts)))
    return texts


#: Printed figures equal to an objective that the engine confirms as met (none today); anything else
#: printed as exactly its objective is a miss rounded up across it, as "69 | 90.0%" once was.
CONFIRMED_AT_TARGET: set[tuple[str, str]] = set()
#: Questions that quote the wrong rendering in order to ask about it; each must be a false statement.
QUOTED_AS_WRONG = {("service-level.yml#wfm-sl-rounding", "90.0")}


def test_no_service_level_is_rounded_up_to_its_objective() -> None:
    for where, text in _course_texts():
        objectives = {f"{t}.0" for t in OBJECTIVE.findall(text)}
        for figure in PRINTED.findall(text):
            allowed = CONFIRMED_AT_TARGET | QUOTED_AS_WRONG
            assert figure not in objectives or (where, figure) in allowed, (
                f"{where} prints {figure}% beside a {figure[:-2]}% objective; a miss must read below it "
                "(course.staffing.figures.format_service_level)"
            )


def test_the_quoted_wrong_rendering_is_marked_false() -> None:
    for where, _ in QUOTED_AS_WRONG:
        file, qid = where.split("#")
        q = _question(_bank(file.removesuffix(".yml")), qid)
        assert q.type == "true_false" and q.answer is False, f"{where} quotes the wrong rendering as if it were right"


def test_the_rule_would_have_caught_the_old_table() -> None:
    old = "Priya asked for 90/20 ... | 69 | 90.0% | 6 s | 87% |"
    objectives = {f"{t}.0" for t in OBJECTIVE.findall(old)}
    assert "90.0" in objectives & set(PRINTED.findall(old))
