"""Fuzzing the whole pipeline with hostile course files (issue 15).

Hypothesis writes course, module and quiz files the way a hostile or careless author might:
markup in every field, the same markup as entities in every form, attribute injection through
attr_list, Markdown links and images, unusual Unicode, very long values, deep nesting and YAML
aliases; and, separately, files broken in their structure. For each course one of two things must
happen, both through the in-process API:

* ``load`` reports problems, each with a file of the course, a line and a column, and nothing
  else escapes (no traceback);
* or the build succeeds, and no page (nor the search index, which the theme renders as HTML)
  holds anything that runs script, takes the theme's or a widget's id, fetches from another host,
  or turns a plain-text field into markup. Pages are read with an HTML parser.

Bounded for CI: a fixed set of seeds, so every run covers the same ground, plus one random seed,
so runs over time cover more; FUZZ_EXAMPLES raises the examples per seed for a longer local hunt.
Hypothesis prints the seed and the failing example to reproduce a failure.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from course.adapter.build import build_site
from course.model.loaded import Layout
from course.model.loader import load
from course.model.problems import CourseInvalid
from tests.paths import FIXTURES
from tests.site.markup import Element, live_markup, outside_fetches, pages, parse_fragment, theme_ids_clobbered

#: Seeds every run tries; None is a fresh random seed each run.
SEEDS = [1, 2, 3, None]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0"))
MARKER = "alert("
#: An element only a plain-text field holding it could put on a page, if that field became markup.
PLAIN_MARK = '<abbr title="plain-field">P</abbr>'

PAYLOADS = [
    f"<script>{MARKER}1)</script>",
    f"<img src=x onerror={MARKER}2)>",
    f"<svg onload={MARKER}3)></svg>",
    f'<iframe src="javascript:{MARKER}4)"></iframe>',
    f'<a href="javascript:{MARKER}5)">a</a>',
    f"[md link](javascript:{MARKER}6))",
    f"[ref link][r]\n\n[r]: javascript:{MARKER}7)",
    f"<javascript:{MARKER}8)>",
    '<div id="__config">{"base": "https://outside.invalid/"}</div>',
    '<input id="__search" name="__drawer"><label for="__toc">t</label>',
    '<span id="quiz-fuzz">q</span><input type="radio" name="quiz-fuzz-q1"><label for="quiz-fuzz-q1-o0">x</label>',
    '<div class="course-slot" data-slot="quiz"></div>',
    "![pixel](https://outside.invalid/pixel.png)",
    '<img src="//outside.invalid/p.png" srcset="https://outside.invalid/2x.png 2x">',
    "<style>@import url(https://outside.invalid/s.css)</style>",
    '<p style="background:url(https://outside.invalid/b.png)">s</p>',
    '<video poster="https://outside.invalid/v.jpg"><source src="https://outside.invalid/v.mp4"></video>',
    f'<math><mtext><table><mglyph><style><img src=x onerror="{MARKER}9)">',
    f'<noscript><p title="</noscript><img src=x onerror={MARKER}10)>">',
    f"<!--<img src=x onerror={MARKER}11)>-->",
    f'<form action="https://outside.invalid/"><button formaction="javascript:{MARKER}12)">b</button></form>',
    f"<object data=\"javascript:{MARKER}13)\"></object><embed src='//outside.invalid/e'>",
    f'<base href="https://outside.invalid/"><meta http-equiv="refresh" content="0;url=javascript:{MARKER}14)">',
    f"</title><script>{MARKER}15)</script>",
    f'" onmouseover="{MARKER}16)" x="',
    f"' onfocus='{MARKER}17)' autofocus '",
    PLAIN_MARK,
]
#: attr_list suffixes: attribute injection through Markdown itself.
ATTR_LISTS = [
    f'{{: onclick="{MARKER}20)" }}',
    "{: #__config }",
    "{: #quiz-fuzz }",
    '{: src="https://outside.invalid/a.png" }',
    '{: style="background:url(//outside.invalid/x)" }',
    f"{{ onmouseover={MARKER}21) }}",
    '{: data-slot="quiz" .course-slot }',
]
UNICODE = ["\u202e", "\u200b", "\u2060", "e\u0301", "\U0001f600", "\ufeff", "\u00a0", "\u2028", "\x00", "\x1b", "𝔞"]
PROSE = st.text(alphabet="abc XYZ 123 .,:;!?-*_#>`|~^=", min_size=1, max_size=30)


def _entities(text: str, form: str) -> str:
    """``<`` and ``>`` (and quotes) written as entities, in one of the forms HTML decodes."""
    table = {
        "named": {"<": "&lt;", ">": "&gt;", '"': "&quot;"},
        "decimal": {"<": "&#60;", ">": "&#62;", '"': "&#34;"},
        "hex": {"<": "&#x3c;", ">": "&#X3E;", '"': "&#x22;"},
        "padded": {"<": "&#0000060;", ">": "&#x00003e;", '"': "&#00034;"},
        "unterminated": {"<": "&lt", ">": "&gt", '"': "&quot"},
        "double": {"<": "&amp;lt;", ">": "&amp;gt;", '"': "&amp;quot;"},
    }[form]
    return "".join(table.get(c, c) for c in text)


FORMS = ["raw", "named", "decimal", "hex", "padded", "unterminated", "double"]


@st.composite
def hostile(draw: st.DrawFn, *, plain: bool = False, max_len: int | None = None) -> str:
    """One hostile value: payloads in any entity form, attr_lists, Unicode, deep nesting."""
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["payload", "payload", "prose", "attr", "unicode", "nest"]))
        if kind == "payload":
            payload = draw(st.sampled_from(PAYLOADS))
            form = draw(st.sampled_from(FORMS))
            parts.append(payload if form == "raw" else _entities(payload, form))
        elif kind == "prose":
            parts.append(draw(PROSE))
        elif kind == "attr":
            parts.append(draw(PROSE) + " " + draw(st.sampled_from(ATTR_LISTS)))
        elif kind == "unicode":
            parts.append("".join(draw(st.lists(st.sampled_from(UNICODE), min_size=1, max_size=4))))
        else:
            # Deeper nesting works too, but Material's search indexer is quadratic in it (300 levels: ~3 s a page).
            depth = draw(st.integers(10, 60))
            parts.append(draw(st.sampled_from(["> " * depth + "deep", "<div>" * depth + "deep", "- " * depth + "x"])))
    sep = " " if plain else draw(st.sampled_from([" ", "\n", "\n\n"]))
    text = sep.join(parts)
    if plain:
        text = " ".join(text.split())  # one line, as titles are
    text = text.strip() or "x"
    if max_len is not None and draw(st.integers(0, 9)) > 0:
        text = text[:max_len].strip() or "x"
    return text


SECTIONS = ("one", "two")


@st.composite
def hostile_course(draw: st.DrawFn) -> dict[str, Any]:
    """A course whose every text field is hostile but whose structure is valid (so it usually builds)."""
    title = hostile(plain=True, max_len=200)
    text = hostile()
    shared = draw(st.lists(text, min_size=1, max_size=2))  # used twice: written as a YAML anchor and alias
    course = {
        "title": draw(title),
        "subtitle": draw(title),
        "audience": draw(text),
        "outcomes": [draw(text)],
        "lenses": {"customer": draw(text), "employee": draw(text), "organisation": draw(text)},
        "agenda": [{"title": draw(title), "sessions": [{"module": "fuzz", "minutes": 30}]}],
        "contact": draw(text),
    }
    sections = [{"id": sid, "title": draw(title), "body": draw(text)} for sid in SECTIONS]
    # One very long value per course at most: Markdown takes about a second per 100 kB.
    if draw(st.booleans()):
        sections[1]["body"] = "\n\n".join([sections[1]["body"]] * draw(st.integers(10, 40)))
    module = {
        "id": "fuzz",
        "title": draw(title),
        "summary": draw(text),
        "objectives": shared,
        "sections": sections,
        "key_terms": [{"term": draw(title), "definition": draw(text)}],
        "customer": [
            {"lens": lens, "section": SECTIONS[n % 2], "text": draw(text)}
            for n, lens in enumerate(("customer", "employee", "organisation"))
        ],
        "relationships": [
            {"cause": draw(title), "effect": draw(title), "direction": "+", "why": draw(text)},
        ],
        "metrics_map": "two",
        "further_reading": [{"title": draw(title), "url": "https://example.org/read", "note": draw(text)}],
        "facilitator": {
            "plan": [{"section": "one", "minutes": 10, "note": draw(text)}, {"section": "two", "minutes": 20}],
            "activity": {"title": draw(title), "section": "one", "instructions": draw(text), "debrief": shared},
            "discussion": [draw(text)],
            "notes": draw(text),
        },
    }
    quiz = {
        "module": "fuzz",
        "questions": [
            {
                "id": "q1",
                "type": "single",
                "section": "one",
                "prompt": draw(text),
                "explanation": draw(text),
                "options": [
                    {"text": draw(title), "correct": True, "feedback": draw(text)},
                    {"text": draw(title) + " (other)", "feedback": draw(text)},
                ],
            },
            {
                "id": "q2",
                "type": "numeric",
                "section": "two",
                "prompt": draw(text),
                "answer": 3,
                "unit": draw(title),
                "explanation": draw(text),
                "feedback": {"correct": draw(text), "incorrect": draw(text)},
            },
        ],
    }
    return {"course": course, "module": module, "quiz": quiz, "edition": draw(st.sampled_from(["learner", "trainer"]))}


@contextmanager
def _project() -> Iterator[Path]:
    """A fresh copy of the fixture project's configuration, with no course in it yet."""
    root = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        shutil.copy(FIXTURES / "project" / "mkdocs.yml", root / "mkdocs.yml")
        shutil.copytree(FIXTURES / "project" / "docs", root / "docs")
        (root / "modules").mkdir()
        (root / "quizzes").mkdir()
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


FILES = {"course": "course.yml", "module": "modules/fuzz.yml", "quiz": "quizzes/fuzz.yml"}


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    for key, content in files.items():
        path = root / FILES[key]
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def _load_or_problems(root: Path) -> bool:
    """True when the course loads; otherwise every problem must point into one of its files."""
    try:
        load(Layout(root))
    except CourseInvalid as exc:
        assert exc.problems, "CourseInvalid without a problem"
        for problem in exc.problems:
            assert problem.file in FILES.values(), problem
            assert problem.line >= 1 and problem.column >= 1 and problem.message, problem
            assert "Traceback" not in problem.message and "Error(" not in problem.message, problem
        return False
    return True


def _index_problems(site: Path) -> list[str]:
    """The search index's titles and texts are HTML the theme renders: they must be as safe as the pages."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    found: list[str] = []
    for doc in index["docs"]:
        html = f"<article>{doc['title']}</article><article>{doc['text']}</article>"
        page = parse_fragment(html, f"search:{doc['location']}")
        found += live_markup(page, MARKER) + outside_fetches(page)
    return found


def _plain_marks(elements: list[Element], where: Path, *, in_quizzes: bool = False) -> list[str]:
    """Elements a plain-text field became. Quizzes are left out unless asked for (generated-questions test below)."""
    return [
        f"{where}:{e.line}: a plain-text field became markup"
        for e in elements
        if e.attrs.get("title") == "plain-field" and (in_quizzes or "fieldset" not in e.inside)
    ]


def _site_problems(site: Path, *, quizzes_plain: bool = False) -> list[str]:
    found: list[str] = []
    for page in pages(site):
        found += live_markup(page, MARKER) + theme_ids_clobbered(page) + outside_fetches(page)
        if quizzes_plain or page.path.parent.name != "answer-key":
            found += _plain_marks(page.elements, page.path, in_quizzes=quizzes_plain)
    return found + _index_problems(site)


def _dump(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100)


@contextmanager
def _quiet() -> Iterator[None]:
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _run_hostile_text(course: dict[str, Any]) -> None:
    with _project() as root, _quiet():
        _write(root, {key: _dump(course[key]) for key in ("course", "module", "quiz")})
        if not _load_or_problems(root):
            return
        site = build_site(root / "mkdocs.yml", site_dir=root / "site", edition=course["edition"])
        assert _site_problems(site) == []


def _scrub_plain_marks_from_markdown(course: dict[str, Any]) -> dict[str, Any]:
    """PLAIN_MARK is legitimate markup in Markdown fields: replace it there, keep it in plain-text ones."""
    plain = {"title", "subtitle", "term", "cause", "effect", "unit"}

    def walk(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            # Lists are shared on purpose (YAML aliases): keep the shared object shared.
            value[:] = [walk(v, key) for v in value]
            return value
        if isinstance(value, str) and key not in plain:
            return value.replace(PLAIN_MARK, "<abbr>P</abbr>")
        return value

    for name in ("course", "module", "quiz"):
        course[name] = walk(course[name])
    return course


@pytest.mark.parametrize("fuzz_seed", SEEDS, ids=lambda s: f"seed-{s if s is not None else 'random'}")
def test_hostile_text_never_becomes_live_markup(fuzz_seed: int | None) -> None:
    @settings(
        max_examples=EXAMPLES or 5,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )
    @given(hostile_course())
    def run(course: dict[str, Any]) -> None:
        _run_hostile_text(_scrub_plain_marks_from_markdown(course))

    (seed(fuzz_seed)(run) if fuzz_seed is not None else run)()


# --- files broken in their structure ------------------------------------------------


VALID = {
    key: (FIXTURES / "project" / path.replace("fuzz", "waiting")).read_text(encoding="utf-8")
    for key, path in FILES.items()
}


def _valid() -> dict[str, Any]:
    course = yaml.safe_load(VALID["course"])
    # One module, renamed; the agenda's own sessions stay, so the materials they list are still used.
    own = [s for day in course["agenda"] for s in day["sessions"] if "module" not in s]
    course["agenda"] = [{"title": "Day", "sessions": [*own, {"module": "fuzz", "minutes": 60}]}]
    module = yaml.safe_load(VALID["module"])
    module["id"] = "fuzz"
    quiz = yaml.safe_load(VALID["quiz"])
    quiz["module"] = "fuzz"
    return {"course": course, "module": module, "quiz": quiz}


JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=8), st.integers(), max_size=3),
    st.builds(lambda n: [[[]]] * n, st.integers(1, 3)),
)
RAW_SNIPPETS = [
    "a: &x [1, 2]\nb: *x\nc: *undefined\n",
    "key: value\nkey: again\n",
    "\tbad: tab\n",
    "- [unclosed\n",
    "? [complex, key]\n: value\n",
    "<<: {merged: true}\n",
    "!!python/object/apply:os.system ['true']\n",
    "deep: " + "[" * 200 + "]" * 200 + "\n",
    "anchors: &a {x: &b [*a]}\n",
    "shared: &s [1, 2]\nagain: *s\n",
    "%YAML 1.1\n---\na: 1\n...\n---\nb: 2\n",
    "title: !!binary aGVsbG8=\n",
    "title: 2026-01-01\nid: 0x1F\n",
]


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*path, i))
    return found


def _set(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    target = value
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = new
    return value


@st.composite
def broken_files(draw: st.DrawFn) -> dict[str, str | bytes]:
    """A valid course with one file broken: a value replaced, a key dropped or added, raw YAML trouble, bad bytes."""
    data = _valid()
    key = draw(st.sampled_from(sorted(FILES)))
    how = draw(st.sampled_from(["replace", "drop", "add", "raw", "bytes", "replace"]))
    files: dict[str, str | bytes] = {k: _dump(v) for k, v in data.items()}
    paths = [p for p in _paths(data[key]) if p]
    if how == "replace":
        files[key] = _dump(_set(data[key], draw(st.sampled_from(paths)), draw(JUNK)))
    elif how == "drop":
        path = draw(st.sampled_from(paths))
        parent = data[key]
        for part in path[:-1]:
            parent = parent[part]
        del parent[path[-1]]
        files[key] = _dump(data[key])
    elif how == "add":
        data[key][draw(st.text(min_size=1, max_size=12))] = draw(JUNK)
        files[key] = _dump(data[key])
    elif how == "raw":
        text = _dump(data[key])
        cut = draw(st.integers(0, len(text)))
        files[key] = text[:cut] + draw(st.sampled_from(RAW_SNIPPETS)) + text[cut:]
    else:
        raw = _dump(data[key]).encode("utf-8")
        cut = draw(st.integers(0, len(raw)))
        files[key] = raw[:cut] + draw(st.binary(min_size=1, max_size=8)) + raw[cut:]
    return files


@pytest.mark.parametrize("fuzz_seed", SEEDS, ids=lambda s: f"seed-{s if s is not None else 'random'}")
def test_broken_files_are_reported_with_their_position(fuzz_seed: int | None) -> None:
    @settings(max_examples=EXAMPLES * 10 or 60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(broken_files())
    def run(files: dict[str, str | bytes]) -> None:
        with _project() as root:
            _write(root, files)
            _load_or_problems(root)

    (seed(fuzz_seed)(run) if fuzz_seed is not None else run)()


def test_a_self_referencing_alias_is_reported() -> None:
    data = _valid()
    with _project() as root:
        _write(root, {k: _dump(v) for k, v in data.items()})
        module = root / FILES["module"]
        module.write_text(module.read_text(encoding="utf-8") + "anchors: &a {x: [*a]}\n", encoding="utf-8")
        assert not _load_or_problems(root)


def test_plain_text_fields_stay_text_in_generated_questions() -> None:
    data = _valid()
    module = data["module"]
    module["title"] = PLAIN_MARK + " module"
    for section in module["sections"]:
        section["title"] = f"{PLAIN_MARK} {section['title']}"
    for term in module["key_terms"]:
        term["term"] = f"{PLAIN_MARK} {term['term']}"
    for relationship in module["relationships"]:
        relationship["cause"] = f"{PLAIN_MARK} {relationship['cause']}"
    with _project() as root, _quiet():
        _write(root, {k: _dump(v) for k, v in data.items()})
        site = build_site(root / "mkdocs.yml", site_dir=root / "site", edition="trainer")
        assert _site_problems(site) == [], "outside quizzes plain-text fields must already stay text"
        assert _site_problems(site, quizzes_plain=True) == []
