"""The outside-resources policy: which URLs leave the site, what course text would fetch, and where it says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.model.loaded import Layout
from course.model.loader import load
from course.model.resources import check, outside_host, references


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://outside.invalid/p.png", "outside.invalid"),
        ("//outside.invalid/p.png", "outside.invalid"),
        ("/\\outside.invalid/p.png", "outside.invalid"),  # a browser reads the backslash as a slash
        (" \t//outside.invalid/p.png", "outside.invalid"),
        ("https://trusted.example@outside.invalid:8443/p.png", "outside.invalid"),
        ("HTTPS://Outside.Invalid./p.png", "outside.invalid"),
        ("http:outside.invalid/p.png", "outside.invalid"),
        ("pixel.png", None),
        ("../../assets/pixel.png", None),
        ("/assets/pixel.png", None),
        ("#section", None),
        ("data:image/png;base64,AAAA", None),
    ],
)
def test_outside_host_reads_urls_as_a_browser_does(url: str, host: str | None) -> None:
    assert outside_host(url) == host


def test_references_find_what_rendered_text_would_fetch() -> None:
    text = (
        "![pixel](https://a.invalid/p.png)\n\n"
        '<iframe src="https://b.invalid/"></iframe>\n\n'
        '<video poster="//c.invalid/p.jpg"><source src="https://d.invalid/v.mp4"></video>\n\n'
        "<p style=\"background: url('https://e.invalid/bg.png')\">x</p>\n\n"
        '<img srcset="small.png 1x, https://f.invalid/big.png 2x">\n\n'
        "![local](pic.png) and `![in code](https://g.invalid/x.png)`\n\n"
        "A paragraph with a background\n{ style=\"background: url('https://h.invalid/bg.png')\" }\n\n"
        "Answer here:\n{ .course-write }\n"
    )
    found = {(r.kind, r.host) for r in references(text)}
    assert found == {
        ("image", "a.invalid"),
        ("frame", "b.invalid"),
        ("video", "c.invalid"),
        ("media", "d.invalid"),
        ("stylesheet", "e.invalid"),
        ("image", "f.invalid"),
        ("stylesheet", "h.invalid"),
    }


def _with_body(project: Path, body: str, allowed: list[str] | None = None) -> Layout:
    module = project / "modules" / "waiting.yml"
    text = module.read_text(encoding="utf-8")
    text = text.replace("      Erlang C links calls, handle time and agents.\n", f"      Erlang C links calls.\n{body}")
    module.write_text(text, encoding="utf-8")
    if allowed:
        course = project / "course.yml"
        course.write_text(course.read_text(encoding="utf-8") + f"allowed_hosts: {allowed}\n", encoding="utf-8")
    return Layout(project)


def test_check_reports_the_line_and_column_of_each_url(fixture_project: Path) -> None:
    layout = _with_body(fixture_project, "\n      See ![chart](https://outside.invalid/chart.png) here.\n")
    (problem,) = check(load(layout), layout)
    lines = (fixture_project / "modules" / "waiting.yml").read_text(encoding="utf-8").splitlines()
    assert problem.file == "modules/waiting.yml" and problem.field == "sections[1].body"
    assert lines[problem.line - 1][problem.column - 1 :].startswith("https://outside.invalid/chart.png")
    assert "outside.invalid" in problem.message and "allowed_hosts" in problem.message


def test_allowed_hosts_keep_images_but_never_frames(fixture_project: Path) -> None:
    body = '\n      ![chart](https://media.example.org/c.png)\n\n      <iframe src="https://media.example.org/v"></iframe>\n'
    layout = _with_body(fixture_project, body, allowed=["media.example.org"])
    (problem,) = check(load(layout), layout)
    assert problem.message.startswith("frame 'https://media.example.org/v'")


def test_a_course_without_outside_references_has_nothing_to_report(fixture_project: Path) -> None:
    layout = Layout(fixture_project)
    assert check(load(layout), layout) == []
