"""Question banks read back by independent parsers: GIFT by `gift-pegjs` (through node), QTI by lxml.

Every authored question must come back with its answers, weights, tolerance and feedback;
the fixture quiz in tests/fixtures/lms holds every character GIFT and XML treat specially.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from html import escape
from typing import Any

import pytest
from lxml import etree

from course.export.bank import BankModule, question_bank
from course.export.gift import export_gift
from course.export.qti import QTI, export_qti, identifier, item_identifier, item_path
from course.model.loaded import Layout, LoadedCourse
from course.model.loader import load
from course.model.schema import MultipleResponse, Numeric, Ordering, Question, SingleChoice, TrueFalse
from course.render.options import Options
from course.render.sanitize import markdown_html
from course.render.text import number
from tests.conftest import copy_project
from tests.paths import FIXTURES, REPO

GIFT_PARSE = (
    "const parse = require('gift-pegjs').parse;"
    "let text = ''; process.stdin.on('data', c => text += c);"
    "process.stdin.on('end', () => process.stdout.write(JSON.stringify(parse(text))));"
)
Q = {"q": QTI}


def gift_parse(text: str) -> list[dict[str, Any]]:
    """The questions gift-pegjs reads in ``text``; fails (never skips) without node or the package."""
    node = shutil.which("node")
    if node is None or not (REPO / "node_modules" / "gift-pegjs").is_dir():
        pytest.fail("node and the gift-pegjs npm package are needed: install Node.js and run `npm ci`")
    result = subprocess.run([node, "-e", GIFT_PARSE], input=text, capture_output=True, text=True, cwd=REPO, check=False)
    assert result.returncode == 0, result.stderr
    parsed: list[dict[str, Any]] = json.loads(result.stdout)
    return parsed


@pytest.fixture(scope="module")
def special(tmp_path_factory: pytest.TempPathFactory) -> LoadedCourse:
    """The fixture course with the waiting quiz full of special characters."""
    project = copy_project(FIXTURES / "project", tmp_path_factory.mktemp("lms") / "project")
    shutil.copy(FIXTURES / "lms" / "waiting.yml", project / "quizzes" / "waiting.yml")
    return load(Layout(project))


SHIPPED = load(Layout(REPO))
SHIPPED_OPTIONS = Options(quiz_seed=2026, generated_per_module=4)


def html(text: str, inline: bool = False) -> str:
    return markdown_html(text, inline).strip()


# --- GIFT ---------------------------------------------------------------------------------------


def check_gift_question(parsed: dict[str, Any], question: Question) -> None:
    """One parsed question against the model: type, answers, weights, tolerance, every feedback."""
    assert parsed["title"] == question.id
    assert parsed["stem"]["format"] == "html"
    assert parsed["stem"]["text"].startswith(html(question.prompt))
    explanation = parsed["globalFeedback"]["text"]
    assert explanation.endswith(html(question.explanation))
    if isinstance(question, SingleChoice | MultipleResponse):
        assert parsed["type"] == "MC"
        choices = parsed["choices"]
        assert [c["text"]["text"] for c in choices] == [html(o.text, inline=True) for o in question.options]
        assert [c["feedback"]["text"] for c in choices] == [html(o.feedback) for o in question.options]
        if isinstance(question, SingleChoice):
            assert [c["isCorrect"] for c in choices] == [o.correct for o in question.options]
        else:
            weights = [c["weight"] for c in choices]
            assert [w > 0 for w in weights] == [o.correct for o in question.options]
            assert sum(w for w in weights if w > 0) == pytest.approx(100, abs=1e-3)
            assert sum(w for w in weights if w < 0) == pytest.approx(-100, abs=1e-3)
    elif isinstance(question, TrueFalse):
        assert parsed["type"] == "TF" and parsed["isTrue"] is question.answer
        # Moodle's order: feedback for a wrong answer first, then for a right one (gift-pegjs names
        # them trueFeedback and falseFeedback whatever the answer).
        assert parsed["trueFeedback"]["text"] == html(question.feedback.incorrect)
        assert parsed["falseFeedback"]["text"] == html(question.feedback.correct)
    elif isinstance(question, Numeric):
        assert parsed["type"] == "Numerical"
        right, wrong = parsed["choices"]
        assert right["isCorrect"] and right["text"]["number"] == question.answer
        assert right["text"].get("range", 0) == question.tolerance
        assert right["feedback"]["text"] == html(question.feedback.correct)
        assert not wrong["isCorrect"] and wrong["text"]["text"] == "*"
        assert wrong["feedback"]["text"] == html(question.feedback.incorrect)
    else:
        assert isinstance(question, Ordering)
        assert parsed["type"] == "Matching"
        pairs = {p["subquestion"]["text"]: p["subanswer"] for p in parsed["matchPairs"]}
        assert pairs == {html(item, inline=True): str(n) for n, item in enumerate(question.items, start=1)}
        assert html(question.feedback.correct) in explanation and html(question.feedback.incorrect) in explanation


def check_gift(bank: list[BankModule], title: str, parsed: list[dict[str, Any]]) -> None:
    categories = [q["title"] for q in parsed if q["type"] == "Category"]
    assert categories == [f"$course$/top/{title}/{entry.module.title}" for entry in bank]
    questions = [q for q in parsed if q["type"] != "Category"]
    expected = [item.question for entry in bank for item in entry.items]
    assert len(questions) == len(expected)
    for parsed_question, question in zip(questions, expected, strict=True):
        check_gift_question(parsed_question, question)


def test_gift_round_trips_every_authored_question_of_the_shipped_course() -> None:
    bank = question_bank(SHIPPED, SHIPPED_OPTIONS)
    export = export_gift(bank, SHIPPED.course.title)
    parsed = gift_parse(export.data.decode("utf-8"))
    check_gift(bank, SHIPPED.course.title, parsed)
    authored = sum(len(b.questions) for b in SHIPPED.quizzes.values())
    assert sum(q["type"] != "Category" for q in parsed) == authored


def test_gift_escapes_every_special_character(special: LoadedCourse) -> None:
    bank = question_bank(special, Options())
    export = export_gift(bank, special.course.title)
    text = export.data.decode("utf-8")
    check_gift(bank, special.course.title, gift_parse(text))
    assert "Which is \\{right\\}\\: 80/20 \\= 80% in 20 s?" in text


def test_gift_includes_generated_questions_only_when_asked() -> None:
    authored = gift_parse(export_gift(question_bank(SHIPPED, SHIPPED_OPTIONS), "T").data.decode())
    everything_bank = question_bank(SHIPPED, SHIPPED_OPTIONS, include_generated=True)
    everything = gift_parse(export_gift(everything_bank, "T").data.decode())
    check_gift(everything_bank, "T", everything)
    titles = {q["title"] for q in everything} - {q["title"] for q in authored}
    generated = [item.question.id for entry in everything_bank for item in entry.items if item.generated]
    assert generated and titles <= set(generated)
    assert len(everything) - len(authored) == len(generated)


def test_gift_warns_about_each_ordering_question() -> None:
    export = export_gift(question_bank(SHIPPED, SHIPPED_OPTIONS), SHIPPED.course.title)
    (warning,) = export.warnings
    ordering = [
        f"{mid}/{q.id}" for mid, bank in SHIPPED.quizzes.items() for q in bank.questions if isinstance(q, Ordering)
    ]
    assert ordering and all(name in warning for name in ordering)
    assert warning.startswith(f"GIFT has no ordering question; {len(ordering)} exported as matching")


# --- QTI ----------------------------------------------------------------------------------------


def qti_archive(bank: list[BankModule], title: str) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(export_qti(bank, title).data))


def text_of(element: etree._Element) -> str:
    """The element's content as the HTML the site renders (QTI namespace dropped)."""
    inner = escape(element.text or "", quote=False) + "".join(
        etree.tostring(c, encoding="unicode", with_tail=True) for c in element
    )
    return re.sub(r' xmlns(?::\w+)?="[^"]*"', "", inner).strip()


def blocks(markup: str) -> str:
    """Markup with the whitespace between block elements dropped: indentation is not content."""
    return re.sub(r">\s+<", "><", markup)


def check_qti_item(item: etree._Element, module_id: str, question: Question) -> None:
    assert item.tag == f"{{{QTI}}}assessmentItem"
    assert item.get("identifier") == item_identifier(module_id, question.id)
    declaration = item.find("q:responseDeclaration", Q)
    correct = [v.text for v in declaration.findall("q:correctResponse/q:value", Q)]
    body = item.find("q:itemBody", Q)
    feedback = {f.get("identifier"): text_of(f) for f in item.findall("q:modalFeedback", Q)}
    assert feedback["explanation"] == html(question.explanation)
    assert blocks(html(question.prompt)) in blocks(text_of(body))
    if isinstance(question, SingleChoice | MultipleResponse | TrueFalse):
        interaction = body.find("q:choiceInteraction", Q)
        choices = interaction.findall("q:simpleChoice", Q)
    if isinstance(question, SingleChoice | MultipleResponse):
        assert [text_of(c) for c in choices] == [html(o.text, inline=True) for o in question.options]
        assert correct == [f"o{n}" for n, o in enumerate(question.options) if o.correct]
        assert [feedback[f"o{n}"] for n in range(len(question.options))] == [html(o.feedback) for o in question.options]
        if isinstance(question, SingleChoice):
            assert (declaration.get("cardinality"), interaction.get("maxChoices")) == ("single", "1")
        else:
            assert declaration.get("cardinality") == "multiple"
            weights = [float(e.get("mappedValue")) for e in declaration.findall("q:mapping/q:mapEntry", Q)]
            assert [w > 0 for w in weights] == [o.correct for o in question.options]
            assert sum(w for w in weights if w > 0) == pytest.approx(1, abs=1e-6)
    elif isinstance(question, TrueFalse):
        assert [c.get("identifier") for c in choices] == ["true", "false"]
        assert correct == [str(question.answer).lower()]
    elif isinstance(question, Numeric):
        assert (declaration.get("cardinality"), declaration.get("baseType")) == ("single", "float")
        assert float(correct[0]) == question.answer
        assert body.find(".//q:textEntryInteraction", Q) is not None
        equal = item.find(".//q:responseProcessing//q:equal", Q)
        if question.tolerance:
            assert equal.get("toleranceMode") == "absolute"
            assert equal.get("tolerance") == f"{number(question.tolerance)} {number(question.tolerance)}"
        else:
            assert equal.get("toleranceMode") == "exact"
    else:
        assert isinstance(question, Ordering)
        interaction = body.find("q:orderInteraction", Q)
        assert declaration.get("cardinality") == "ordered"
        shown = {c.get("identifier"): text_of(c) for c in interaction.findall("q:simpleChoice", Q)}
        assert [shown[i] for i in correct] == [html(item, inline=True) for item in question.items]
        assert [c.get("identifier") for c in interaction.findall("q:simpleChoice", Q)] != correct, "shown shuffled"
    if not isinstance(question, SingleChoice | MultipleResponse):
        assert (feedback["correct"], feedback["incorrect"]) == (
            html(question.feedback.correct),
            html(question.feedback.incorrect),
        )


def check_qti(bank: list[BankModule], archive: zipfile.ZipFile) -> None:
    manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    cp = {"cp": manifest.nsmap[None]}
    items = {r.get("href") for r in manifest.findall("cp:resources/cp:resource[@type='imsqti_item_xmlv2p1']", cp)}
    expected = [(entry.module.id, item.question) for entry in bank for item in entry.items]
    assert items == {item_path(mid, q.id) for mid, q in expected}
    assert set(archive.namelist()) == items | {"imsmanifest.xml", "test.xml"}
    test = etree.fromstring(archive.read("test.xml"))
    sections = test.findall(".//q:assessmentSection", Q)
    assert [s.get("title") for s in sections] == [entry.module.title for entry in bank]
    assert [r.get("href") for r in test.findall(".//q:assessmentItemRef", Q)] == [
        item_path(mid, q.id) for mid, q in expected
    ]
    for module_id, question in expected:
        check_qti_item(etree.fromstring(archive.read(item_path(module_id, question.id))), module_id, question)


def test_qti_items_declare_every_authored_question_of_the_shipped_course() -> None:
    bank = question_bank(SHIPPED, SHIPPED_OPTIONS)
    check_qti(bank, qti_archive(bank, SHIPPED.course.title))


def test_qti_keeps_special_characters_as_text(special: LoadedCourse) -> None:
    bank = question_bank(special, Options())
    archive = qti_archive(bank, special.course.title)
    check_qti(bank, archive)
    item = etree.fromstring(archive.read(item_path("waiting", "80-20-braces")))
    body = item.find("q:itemBody", Q)
    assert "Which is {right}: 80/20 = 80% in 20 s? Mind a ~ b, #tags & ." in "".join(body.itertext())
    # Course text is Markdown: its inline HTML stays markup, in QTI's namespace like the rest.
    assert body.find(".//q:code", Q).text == "a ~ b" and body.find(".//q:b", Q) is not None


def test_qti_with_generated_questions_is_the_site_quiz() -> None:
    bank = question_bank(SHIPPED, SHIPPED_OPTIONS, include_generated=True)
    assert any(item.generated for entry in bank for item in entry.items)
    check_qti(bank, qti_archive(bank, SHIPPED.course.title))


def test_qti_identifiers_are_xml_names() -> None:
    assert identifier("80-20-rule") == "_80-20-rule"
    assert identifier("waiting.sl") == "waiting.sl"
