"""The calculator in real Chromium: same numbers as the Python engine, driven from the keyboard."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from course.model.schema import Calculator
from course.staffing import erlang
from course.staffing.calculator import render_calculator
from course.staffing.calculator import summary as summary_line
from course.staffing.erlang import Unstable
from course.staffing.figures import format_asa, format_percent
from course.staffing.figures import format_service_level as service_level
from tests.paths import ASSETS

DEFAULTS = Calculator(
    section="forecasting",
    calls=100.0,
    interval_minutes=30.0,
    handle_seconds=180.0,
    answer_seconds=20.0,
    target_percent=80.0,
    shrinkage_percent=30.0,
)


def harness(directory: Path, body: str) -> Path:
    """A tiny page shaped like a built module page: the fragment, its CSS and its deferred script."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("numbers.js", "calculator.js", "calculator.css"):
        shutil.copy2(ASSETS / name, directory / name)
    (directory / "index.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Calculator</title>"
        "<link rel='icon' href='data:,'>"
        "<link rel='stylesheet' href='calculator.css'></head>"
        f"<body><main class='md-typeset'><h1>Staffing</h1>{body}"
        "<script src='numbers.js' defer></script><script src='calculator.js' defer></script></main></body></html>",
        encoding="utf-8",
    )
    return directory


@pytest.fixture
def page(tmp_path: Path, serve, watched_page):  # type: ignore[no-untyped-def]
    base = serve(harness(tmp_path / "site", render_calculator(DEFAULTS)))
    watched_page.page.goto(base + "index.html")
    watched_page.page.wait_for_selector("form[data-course-calculator-ready]")
    yield watched_page.page
    assert watched_page.console_errors == []
    assert watched_page.page_errors == []
    assert watched_page.outside_requests == []
    assert watched_page.dialogs == []


# (calls, interval seconds, handle seconds, answer seconds, target, shrinkage)
CASES = [
    (100, 1800, 180, 20, 0.80, 0.30),
    (100, 1800, 180, 20, 0.90, 0.21),
    (5, 1800, 240, 30, 0.80, 0.35),
    (1, 3600, 60, 10, 0.50, 0.0),
    (37, 900, 420, 15, 0.75, 0.33),
    (360, 1800, 240, 15, 0.80, 0.30),
    (250, 1800, 300, 0, 0.85, 0.30),
    (500, 1800, 180, 60, 0.95, 0.25),
    (900, 1800, 200, 20, 0.80, 0.30),
    (1200, 3600, 333.3, 45, 0.70, 0.12),
    (3000, 1800, 240, 20, 0.80, 0.30),
    (6000, 1800, 180, 10, 0.99, 0.05),
    (9600, 1800, 180, 20, 0.80, 0.30),
    (12000, 3600, 300, 30, 0.90, 0.40),
    (19000, 1800, 180, 20, 0.80, 0.30),
    (19500, 1800, 180, 20, 0.80, 0.30),
    (20000, 1800, 180, 20, 0.90, 0.30),
    (7.5, 300, 95.5, 5, 0.60, 0.15),
    (48, 1800, 1800, 120, 0.80, 0.30),
    (0, 1800, 180, 20, 0.80, 0.30),
    (14000, 900, 120, 20, 0.80, 0.30),
    (2200, 1800, 800, 20, 0.80, 0.30),
]


def python_side(case: tuple[float, ...]) -> dict[str, object]:
    calls, interval, handle, answer, target, shrink = case
    traffic = erlang.traffic_erlangs(calls, interval, handle)
    required = erlang.required_agents(traffic, handle, answer, target)
    probes = sorted({max(0, required - 2), required, required + 3, max(1, int(traffic))})
    per_agents = {}
    for n in probes:
        sl = erlang.service_level(n, traffic, handle, answer)
        per_agents[n] = {
            "c": erlang.erlang_c(n, traffic),
            "sl": sl,
            "asa": erlang.average_speed_of_answer(n, traffic, handle),
            "occ": erlang.occupancy(n, traffic),
        }
    return {
        "traffic": traffic,
        "required": required,
        "required_capped": erlang.required_agents(traffic, handle, answer, target, max_occupancy=0.85),
        "scheduled": erlang.scheduled_staff(required, shrink),
        "per_agents": per_agents,
    }


JS_SIDE = """(cases) => cases.map(([calls, interval, handle, answer, target, shrink, probes]) => {
  const E = window.CourseErlang;
  const traffic = E.trafficErlangs(calls, interval, handle);
  const required = E.requiredAgents(traffic, handle, answer, target);
  const perAgents = {};
  for (const n of probes) {
    perAgents[n] = {c: E.erlangC(n, traffic), sl: E.serviceLevel(n, traffic, handle, answer),
                    asa: E.asa(n, traffic, handle), occ: E.occupancy(n, traffic)};
  }
  return {traffic, required, required_capped: E.requiredAgents(traffic, handle, answer, target, 0.85),
          scheduled: E.scheduledStaff(required, shrink), per_agents: perAgents};
})"""


def same(py: object, js: object) -> bool:
    if isinstance(py, Unstable):
        return (
            isinstance(js, dict)
            and js.get("unstable") is True
            and js["minAgents"] == py.min_agents
            and (js["message"] == py.message)
        )
    return isinstance(js, int | float) and abs(float(py) - float(js)) <= 1e-6 * max(1.0, abs(float(py)))  # type: ignore[arg-type]


def test_javascript_maths_matches_python_up_to_two_thousand_agents(page) -> None:  # type: ignore[no-untyped-def]
    expected = [python_side(case) for case in CASES]
    assert max(int(e["required"]) for e in expected) > 2000  # type: ignore[call-overload]
    payload = [list(case) + [sorted(e["per_agents"])] for case, e in zip(CASES, expected, strict=True)]  # type: ignore[call-overload]
    actual = page.evaluate(JS_SIDE, payload)
    checked = 0
    for case, py, js in zip(CASES, expected, actual, strict=True):
        assert same(py["traffic"], js["traffic"]), case
        assert js["required"] == py["required"], case
        assert js["required_capped"] == py["required_capped"], case
        assert js["scheduled"] == py["scheduled"], case
        for n, metrics in py["per_agents"].items():  # type: ignore[attr-defined]
            for key, value in metrics.items():
                assert same(value, js["per_agents"][str(n)][key]), (case, n, key, value, js["per_agents"][str(n)][key])
                checked += 1
    assert checked >= 20 * 4 * 3


def test_javascript_scheduled_staff_snaps_float_noise_like_python(page) -> None:  # type: ignore[no-untyped-def]
    pairs = [(21, 0.3), (14, 0.3), (22, 0.3), (7, 0.3), (35, 0.3), (19, 0.05), (13, 0.35), (2000, 0.3), (0, 0.5)]
    got = page.evaluate("(pairs) => pairs.map(([n, s]) => window.CourseErlang.scheduledStaff(n, s))", pairs)
    assert got == [erlang.scheduled_staff(n, s) for n, s in pairs]
    assert got[0] == 30


@pytest.mark.parametrize(
    "expression",
    [
        "E.trafficErlangs(100, 0, 180)",
        "E.trafficErlangs(-1, 1800, 180)",
        "E.trafficErlangs(100, 1800, NaN)",
        "E.trafficErlangs('100', 1800, 180)",
        "E.requiredAgents(10, 180, 20, 1)",
        "E.requiredAgents(10, 180, 20, 80)",
        "E.requiredAgents(10, 180, 20, 0.8, 1.5)",
        "E.scheduledStaff(14, 1)",
        "E.scheduledStaff(14.5, 0.3)",
        "E.erlangC(true, 10)",
        "E.serviceLevel(14, Infinity, 180, 20)",
    ],
)
def test_javascript_rejects_invalid_input_like_python(page, expression: str) -> None:  # type: ignore[no-untyped-def]
    name = page.evaluate(
        f"() => {{ const E = window.CourseErlang; try {{ {expression}; return 'no error'; }}"
        " catch (e) { return e.name; } }"
    )
    assert name == "ErlangInputError"


def out(page, key: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    locator = page.locator(f'[data-calc-out="{key}"]')
    return locator.inner_text(), locator.get_attribute("data-value")


def type_into(page, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Focus by keyboard-equivalent means, replace the value by typing, and leave with Tab."""
    page.focus(f'input[name="{name}"]')
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    if text:
        page.keyboard.type(text)
    page.keyboard.press("Tab")


def test_without_edits_the_page_shows_the_server_answer(page) -> None:  # type: ignore[no-untyped-def]
    assert out(page, "agents")[0] == "14"
    assert out(page, "scheduled")[0] == "20"
    assert out(page, "service-level")[0] == "88.8%"
    assert out(page, "asa")[0] == "7.8 s"
    assert page.locator("tr.is-required th").inner_text().startswith("14")


def test_keyboard_edits_update_results_to_match_python(page) -> None:  # type: ignore[no-untyped-def]
    type_into(page, "calls", "250")
    type_into(page, "interval", "15")
    type_into(page, "handle", "240")
    type_into(page, "answer", "30")
    type_into(page, "target", "90")
    type_into(page, "shrinkage", "35")
    expected = erlang.interval_staffing(250, 15 * 60, 240, 30, 0.9, shrinkage=0.35)
    assert out(page, "agents") == (str(expected.agents), str(expected.agents))
    assert out(page, "scheduled")[0] == str(expected.scheduled)
    assert out(page, "service-level")[0] == service_level(expected.service_level, 0.9)
    assert abs(float(out(page, "service-level")[1]) - expected.service_level) < 1e-9
    assert out(page, "asa")[0] == format_asa(expected.asa)
    assert abs(float(out(page, "asa")[1]) - expected.asa) < 1e-6
    assert abs(float(out(page, "occupancy")[1]) - expected.occupancy) < 1e-12
    assert page.locator("[data-calc-answer-label]").inner_text() == "30"
    # The table follows: required-3 .. required+5, with the required row marked.
    heads = page.locator("tbody[data-calc-rows] th").all_inner_texts()
    assert [int(h.split()[0]) for h in heads] == list(range(expected.agents - 3, expected.agents + 6))
    assert page.locator("tr.is-required th").inner_text() == f"{expected.agents} required"
    rows = erlang.curve(expected.traffic, 240, 30, expected.agents - 3, expected.agents + 5)
    cells = page.locator("tbody[data-calc-rows] tr").all()
    for row, tr in zip(rows, cells, strict=True):
        texts = tr.locator("td").all_inner_texts()
        if row.stable:
            shown = service_level(row.service_level, 0.9)
            assert texts == [shown, format_asa(row.asa), format_percent(row.occupancy)]
        else:
            assert texts == ["Unstable: the queue grows without limit"]
    # Focus moved along the form by Tab: after shrinkage comes the optional what-if field.
    assert page.evaluate("document.activeElement.name") == "available"


def test_too_few_agents_shows_the_unstable_message(page) -> None:  # type: ignore[no-untyped-def]
    type_into(page, "available", "9")
    message = page.locator("[data-calc-message]")
    assert message.is_visible()
    assert message.inner_text() == (
        "Unstable with 9 agents: the queue grows without limit, at least 11 agents are needed"
        " (traffic is 10.00 Erlangs)."
    )
    assert out(page, "service-level")[0] == "\u2014"
    assert out(page, "asa")[0] == "\u2014"
    assert out(page, "agents")[0] == "14"  # the plan itself is still shown
    assert page.locator("tr.is-what-if th").inner_text().startswith("9")
    assert "NaN" not in page.locator("form").inner_text()
    # Back to a stable what-if: message gone, numbers for 12 agents.
    type_into(page, "available", "12")
    assert message.is_hidden()
    assert out(page, "at")[0] == "12 agents"
    assert abs(float(out(page, "service-level")[1]) - erlang.service_level(12, 10.0, 180, 20)) < 1e-9


def test_a_what_if_just_short_of_the_target_reads_as_a_miss(page) -> None:  # type: ignore[no-untyped-def]
    """Harbourline at 90/20 with 69 agents: 89.96%, which the page must not round up to the 90.0% target."""
    for name, text in (("calls", "360"), ("handle", "300"), ("target", "90"), ("shrinkage", "33")):
        type_into(page, name, text)
    assert out(page, "agents")[0] == "70"
    type_into(page, "available", "69")
    assert out(page, "service-level")[0] == "89.9%"
    assert 0.8995 < float(out(page, "service-level")[1]) < 0.9
    row = page.locator("tr.is-what-if td").first.inner_text()
    assert row == "89.9%"


LEVELS = [0.0, 0.5, 0.79995, 0.79999999, 0.8, 0.8 - 1e-13, 0.80049, 0.8005, 0.8996, 0.89999, 0.9, 0.99995, 1.0]
TARGETS = [0.5, 0.8, 0.8005, 0.9, 0.95, 0.999]


def test_javascript_prints_service_levels_like_python(page) -> None:  # type: ignore[no-untyped-def]
    pairs = [[level, target] for level in LEVELS for target in TARGETS]
    js = page.evaluate("(pairs) => pairs.map(([l, t]) => window.CourseErlang.serviceLevelText(l, t))", pairs)
    assert js == [service_level(level, target) for level, target in pairs]


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("target", "100", "Service-level target"),
        ("interval", "0", "Interval length"),
        ("handle", "", "Average handle time needs a number"),
        ("shrinkage", "-5", "Shrinkage"),
        ("calls", "99999999", "Calls per interval must be below 9,000,000"),
        ("calls", "1,234", "Calls per interval: “1,234” could be 1234 or 1.234"),
        ("available", "2.5", "What if we had this many agents? must be a whole number of agents"),
    ],
)
def test_invalid_input_explains_itself_and_never_shows_nan(page, name: str, text: str, words: str) -> None:  # type: ignore[no-untyped-def]
    type_into(page, name, text)
    message = page.locator("[data-calc-message]")
    assert message.is_visible()
    assert words in message.inner_text()
    assert "NaN" not in page.locator("form").inner_text()
    assert "Infinity" not in page.locator("form").inner_text()
    assert page.locator("[data-calc-table]").is_hidden()
    assert page.get_attribute(f'input[name="{name}"]', "aria-invalid") == "true"


def test_results_region_is_live_and_every_input_has_a_label(page) -> None:  # type: ignore[no-untyped-def]
    assert page.get_attribute("[data-calc-results]", "aria-live") == "polite"
    names = page.evaluate(
        "() => [...document.querySelectorAll('form[data-course-calculator] input')]"
        ".map(i => [i.name, i.labels.length, i.labels[0] && i.labels[0].textContent])"
    )
    assert len(names) == 7
    assert all(count == 1 and label for _, count, label in names)


def test_script_rerun_by_instant_navigation_picks_up_new_calculators_once(page) -> None:  # type: ignore[no-untyped-def]
    second = json.dumps(render_calculator(DEFAULTS, uid="calc2"))
    page.evaluate(
        f"""() => {{
        document.querySelector('main').insertAdjacentHTML('beforeend', {second});
        const s = document.createElement('script'); s.src = 'calculator.js'; document.body.appendChild(s);
    }}"""
    )
    page.wait_for_selector("#calc2[data-course-calculator-ready]")
    page.focus("#calc2-calls")
    page.keyboard.press("Control+A")
    page.keyboard.type("200")
    page.keyboard.press("Tab")
    assert page.locator('#calc2 [data-calc-out="agents"]').inner_text() == str(
        erlang.required_agents(20.0, 180, 20, 0.8)
    )
    assert page.locator('#calc [data-calc-out="agents"]').inner_text() == "14"  # the first is untouched


def test_dark_palette_keeps_text_readable(tmp_path: Path, serve, watched_page) -> None:  # type: ignore[no-untyped-def]
    """With Material's slate variables set, text and background both come from the palette."""
    body = (
        "<div style='--md-default-bg-color:#1e2129;--md-typeset-color:#e2e4e9;--md-code-bg-color:#2e303e;"
        "--md-default-fg-color--light:#c1c2c5;background:#1e2129'>" + render_calculator(DEFAULTS) + "</div>"
    )
    base = serve(harness(tmp_path / "dark", body))
    page = watched_page.page
    page.goto(base + "index.html")
    page.wait_for_selector("form[data-course-calculator-ready]")
    colours = page.evaluate(
        """() => {
        const style = (sel) => getComputedStyle(document.querySelector(sel));
        return [style('.course-calculator').color, style('.course-calculator').backgroundColor,
                style('input[name=calls]').color, style('input[name=calls]').backgroundColor,
                style('[data-calc-out=agents]').color];
    }"""
    )
    assert colours == [
        "rgb(226, 228, 233)",
        "rgb(30, 33, 41)",
        "rgb(226, 228, 233)",
        "rgb(46, 48, 62)",
        "rgb(226, 228, 233)",
    ]
    assert watched_page.console_errors == [] and watched_page.outside_requests == []


def summary(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("[data-calc-summary]").text_content()


def test_too_much_traffic_names_the_field_just_changed_and_its_limit(page) -> None:  # type: ignore[no-untyped-def]
    type_into(page, "calls", "1e9")
    message = page.locator("[data-calc-message]").inner_text()
    assert message == (
        "Calls per interval must be below 9,000,000 with 180-second calls in 30 minutes "
        "(this calculator handles up to 900,000 Erlangs of traffic)."
    )
    assert page.get_attribute('input[name="calls"]', "aria-invalid") == "true"
    type_into(page, "calls", "100")
    type_into(page, "handle", "1e9")
    message = page.locator("[data-calc-message]").inner_text()
    assert message.startswith("Average handle time must be below 16,200,000 seconds for 100 calls in 30 minutes")
    assert page.get_attribute('input[name="handle"]', "aria-invalid") == "true"
    assert page.get_attribute('input[name="calls"]', "aria-invalid") is None


def test_a_huge_what_if_names_the_limit_not_the_wrong_rule(page) -> None:  # type: ignore[no-untyped-def]
    type_into(page, "available", "1e9")
    assert page.locator("[data-calc-message]").inner_text() == (
        "What if we had this many agents? must be at most 1,000,000 agents."
    )


def test_no_calls_means_no_agents(page) -> None:  # type: ignore[no-untyped-def]
    type_into(page, "calls", "0")
    assert page.locator("[data-calc-message]").inner_text() == "No calls in this interval, so no agents are needed."
    assert out(page, "agents")[0] == "0" and out(page, "scheduled")[0] == "0"
    assert out(page, "service-level")[0] == "\u2014"
    assert page.locator("[data-calc-table]").is_hidden()
    assert summary(page) == "No calls: no agents needed"


def test_a_decimal_comma_is_read_and_the_summary_line_follows(page) -> None:  # type: ignore[no-untyped-def]
    served = summary_line(14, 20, erlang.service_level(14, 10.0, 180, 20), 20, 0.8)
    assert summary(page) == served, "the script writes the same words as the server"
    type_into(page, "handle", "187,5")
    expected = erlang.interval_staffing(100, 1800, 187.5, 20, 0.8, shrinkage=0.3)
    assert out(page, "agents")[0] == str(expected.agents)
    assert summary(page) == summary_line(expected.agents, expected.scheduled, expected.service_level, 20, 0.8)
    type_into(page, "available", "12")
    sl = erlang.service_level(12, 100 * 187.5 / 1800, 187.5, 20)
    assert summary(page) == summary_line(expected.agents, expected.scheduled, sl, 20, 0.8, at=12)
    assert "with 12: " in summary(page)
