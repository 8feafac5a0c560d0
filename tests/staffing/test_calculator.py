"""The calculator fragment as a learner without JavaScript would see it."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from course.model.schema import Calculator
from course.staffing import erlang
from course.staffing.calculator import render_calculator
from course.staffing.figures import format_asa
from course.staffing.figures import format_service_level as service_level


def make(**changes: float) -> Calculator:
    values: dict[str, object] = {
        "section": "forecasting",
        "calls": 100.0,
        "interval_minutes": 30.0,
        "handle_seconds": 180.0,
        "answer_seconds": 20.0,
        "target_percent": 80.0,
        "shrinkage_percent": 30.0,
    }
    values.update(changes)
    return Calculator(**values)


class Collect(HTMLParser):
    """Elements with their attributes and text, enough to check what is on the page."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[int] = []
        self.texts: dict[int, str] = {}
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag not in ("input", "br"):
            self.stack.append(len(self.elements) - 1)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.elements[self.stack[-1]][0] != tag:
            self.errors.append(f"unbalanced </{tag}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for index in self.stack:
            self.texts[index] = self.texts.get(index, "") + data

    def find(self, tag: str, **attrs: str | None) -> list[tuple[int, dict[str, str | None]]]:
        """Elements by tag and attributes (``None`` matches a bare attribute such as ``hidden``)."""
        out = []
        for i, (t, a) in enumerate(self.elements):
            names = {k: k.replace("_", "-") for k in attrs}
            if t == tag and all(names[k] in a and a[names[k]] == v for k, v in attrs.items()):
                out.append((i, a))
        return out

    def text(self, index: int) -> str:
        return " ".join(self.texts.get(index, "").split())


def parse(fragment: str) -> Collect:
    doc = Collect()
    doc.feed(fragment)
    doc.close()
    assert not doc.errors and not doc.stack, (doc.errors, doc.stack)
    return doc


def output(doc: Collect, key: str) -> tuple[str, str | None]:
    [(index, attrs)] = doc.find("output", data_calc_out=key)
    return doc.text(index), attrs["data-value"]


def test_defaults_show_the_worked_answer_without_javascript() -> None:
    doc = parse(render_calculator(make()))
    assert output(doc, "traffic")[0] == "10.00 Erlangs"
    assert output(doc, "agents") == ("14", "14")
    assert output(doc, "scheduled") == ("20", "20")
    assert output(doc, "service-level")[0] == "88.8%"
    assert output(doc, "asa")[0] == "7.8 s"
    assert output(doc, "occupancy")[0] == "71.4%"
    expected = erlang.service_level(14, 10.0, 180, 20)
    assert float(output(doc, "service-level")[1] or "nan") == expected


def test_inputs_are_labelled_and_carry_the_starting_values() -> None:
    doc = parse(render_calculator(make(), uid="demo"))
    labels = {a["for"]: doc.text(i) for i, a in doc.find("label")}
    inputs = {a["name"]: a for _, a in doc.find("input")}
    assert set(inputs) == {"calls", "interval", "handle", "answer", "target", "shrinkage", "available"}
    for name, attrs in inputs.items():
        assert attrs["id"] == f"demo-{name}"
        assert labels[attrs["id"]], f"{name} has no label"
        # text with a decimal keypad: a number field would drop a typed decimal comma without a word
        assert attrs["type"] == "text" and attrs["inputmode"] == "decimal"
    assert labels["demo-calls"] == "Calls per interval"
    assert "minutes" in labels["demo-interval"]
    assert [inputs[n]["value"] for n in ("calls", "interval", "handle", "answer", "target", "shrinkage")] == [
        "100",
        "30",
        "180",
        "20",
        "80",
        "30",
    ]
    assert inputs["available"]["value"] == ""


def test_results_are_announced_politely() -> None:
    doc = parse(render_calculator(make()))
    [(_, region)] = doc.find("div", data_calc_results=None)
    assert region["aria-live"] == "polite"
    [(_, form)] = doc.find("form")
    assert "data-course-calculator" in form and form["class"] == "course-calculator"


def test_table_straddles_the_answer_and_marks_it() -> None:
    doc = parse(render_calculator(make()))
    heads = [(i, a) for i, a in doc.find("th") if a.get("scope") == "row"]
    agents = [int(a["data-value"] or 0) for _, a in heads]
    assert agents == list(range(11, 20))
    [(_, row)] = doc.find("tr", **{"class": "is-required"})
    assert row is not None
    required_head = next(i for i, a in heads if a["data-value"] == "14")
    assert doc.text(required_head) == "14 required"
    body = render_calculator(make())
    for n in agents:
        sl = erlang.service_level(n, 10.0, 180, 20)
        asa = erlang.average_speed_of_answer(n, 10.0, 180)
        assert service_level(sl, 0.8) in body and format_asa(asa) in body


def test_a_row_just_short_of_the_target_never_reads_as_meeting_it() -> None:
    # Harbourline against 90/20: 69 agents give 89.96%, which plain rounding would print as 90.0%.
    fragment = render_calculator(make(calls=360.0, handle_seconds=300.0, target_percent=90.0, shrinkage_percent=33.0))
    assert output(parse(fragment), "agents")[0] == "70"
    # The service-level cell follows the row's header; its bar is decoration, the text after it is the figure.
    cell = r'<th scope="row" data-value="(\d+)">.*?</th><td [^>]*>.*?</span></span>([^<]+)</td>'
    cells = dict(re.findall(cell, fragment))
    assert (cells["69"], cells["70"]) == ("89.9%", "92.5%")
    assert ">90.0%</td>" not in fragment, "no cell prints the target for a row that misses it"


def test_table_explains_unstable_rows_instead_of_showing_numbers() -> None:
    # 60 calls of 180 s in 30 min = 6 Erlangs; a lax target needs only 7 agents, so rows 4-6 are unstable.
    doc = parse(render_calculator(make(calls=60.0, target_percent=20.0)))
    assert output(doc, "agents")[0] == "7"
    unstable = doc.find("tr", **{"class": "is-unstable"})
    assert len(unstable) == 3
    for index, _ in unstable:
        assert "Unstable" in doc.text(index)
    assert "nan" not in render_calculator(make(calls=60.0, target_percent=20.0)).lower()


def test_every_interpolated_value_is_escaped() -> None:
    fragment = render_calculator(make(), uid='x"><script>alert(1)</script>')
    assert "<script>" not in fragment
    assert html.escape('x"><script>', quote=True) in fragment
    parse(fragment)


@pytest.mark.parametrize(
    ("changes", "agents", "scheduled"),
    [
        ({}, "14", "20"),
        ({"calls": 2000.0, "interval_minutes": 15.0, "handle_seconds": 300.0}, None, None),
        ({"shrinkage_percent": 0.0}, "14", "14"),
        ({"target_percent": 95.0, "answer_seconds": 0.0}, None, None),
    ],
)
def test_server_results_match_the_engine(changes: dict[str, float], agents: str | None, scheduled: str | None) -> None:
    calc = make(**changes)
    result = erlang.interval_staffing(
        calc.calls,
        calc.interval_minutes * 60,
        calc.handle_seconds,
        calc.answer_seconds,
        calc.target_percent / 100,
        calc.shrinkage_percent / 100,
    )
    doc = parse(render_calculator(calc))
    assert output(doc, "agents")[0] == (agents or str(result.agents))
    assert output(doc, "scheduled")[0] == (scheduled or str(result.scheduled))
    assert output(doc, "service-level")[0] == service_level(result.service_level, calc.target_percent / 100)
    assert output(doc, "asa")[0] == format_asa(result.asa)
    assert re.fullmatch(r"\d+(\.\d)?%", output(doc, "occupancy")[0])


def test_the_phone_summary_line_shows_the_server_answer_and_stays_out_of_screen_readers() -> None:
    markup = render_calculator(make())
    line = re.search(r'<p class="course-calculator__summary" data-calc-summary aria-hidden="true">([^<]*)</p>', markup)
    assert line is not None, "the summary line is missing or no longer hidden from screen readers"
    assert line.group(1) == "14 agents required \u00b7 20 to schedule \u00b7 88.8% answered in 20 s"
