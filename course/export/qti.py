"""An IMS QTI 2.1 content package: one item per question, one test section per module.

Each item declares its correct response, scores itself in its own response processing
(multiple response by weights, numeric within the tolerance) and carries the site's
feedback as modal feedback: per option for choices, right or wrong otherwise, and the
explanation always. QTI has an order interaction, so ordering questions stay ordering
questions here.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from course.export.archive import zip_bytes
from course.export.bank import BankModule, question_count, weights
from course.export.output import Export
from course.export.xhtml import ALLOWED, append_html
from course.export.xml import serialise
from course.model.schema import MultipleResponse, Numeric, Ordering, Question, SingleChoice, TrueFalse
from course.quiz.html import shuffled_order
from course.render.sanitize import markdown_html
from course.render.text import number

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: The outcome every item sets to the feedback it shows; the explanation is always among them.
EXPLANATION = "explanation"


def _q(tag: str) -> str:
    return f"{{{QTI}}}{tag}"


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, _q(tag), attrs)
    if text is not None:
        element.text = text
    return element


def identifier(text: str) -> str:
    """A QTI identifier (an XML name): course ids may start with a digit, which a name may not."""
    return text if text[:1].isalpha() or text[:1] == "_" else f"_{text}"


def item_identifier(module_id: str, question_id: str) -> str:
    return identifier(f"{module_id}.{question_id}")


def item_path(module_id: str, question_id: str) -> str:
    return f"items/{module_id}/{question_id}.xml"


# --- declarations ---------------------------------------------------------------------------


def _response(item: ET.Element, question: Question) -> None:
    kinds = {
        SingleChoice: ("single", "identifier"),
        TrueFalse: ("single", "identifier"),
        MultipleResponse: ("multiple", "identifier"),
        Numeric: ("single", "float"),
        Ordering: ("ordered", "identifier"),
    }
    cardinality, base_type = kinds[type(question)]
    declaration = _el(item, "responseDeclaration", identifier="RESPONSE", cardinality=cardinality, baseType=base_type)
    correct = _el(declaration, "correctResponse")
    if isinstance(question, SingleChoice | MultipleResponse):
        values = [f"o{n}" for n, o in enumerate(question.options) if o.correct]
    elif isinstance(question, TrueFalse):
        values = [str(question.answer).lower()]
    elif isinstance(question, Numeric):
        values = [number(question.answer)]
    else:
        values = [f"i{n}" for n in range(len(question.items))]
    for value in values:
        _el(correct, "value", value)
    if isinstance(question, MultipleResponse):
        mapping = _el(declaration, "mapping", lowerBound="0", upperBound="1", defaultValue="0")
        shares = weights([o.correct for o in question.options])
        for n, share in enumerate(shares):
            _el(mapping, "mapEntry", mapKey=f"o{n}", mappedValue=number(round(share / 100, 7)))


def _outcomes(item: ET.Element) -> None:
    for name, value in (("SCORE", "0"), ("MAXSCORE", "1")):
        outcome = _el(item, "outcomeDeclaration", identifier=name, cardinality="single", baseType="float")
        _el(_el(outcome, "defaultValue"), "value", value)
    _el(item, "outcomeDeclaration", identifier="FEEDBACK", cardinality="multiple", baseType="identifier")


# --- body -----------------------------------------------------------------------------------


def _choice(parent: ET.Element, choice_id: str, markdown_text: str) -> None:
    append_html(_el(parent, "simpleChoice", identifier=choice_id), markdown_html(markdown_text, inline=True), QTI)


def _body(item: ET.Element, question: Question, quiz_id: str) -> None:
    body = _el(item, "itemBody")
    append_html(body, markdown_html(question.prompt), QTI)
    if isinstance(question, SingleChoice | MultipleResponse):
        most = "1" if isinstance(question, SingleChoice) else str(len(question.options))
        interaction = _el(body, "choiceInteraction", responseIdentifier="RESPONSE", shuffle="false", maxChoices=most)
        for n, option in enumerate(question.options):
            _choice(interaction, f"o{n}", option.text)
    elif isinstance(question, TrueFalse):
        interaction = _el(body, "choiceInteraction", responseIdentifier="RESPONSE", shuffle="false", maxChoices="1")
        _choice(interaction, "true", "True")
        _choice(interaction, "false", "False")
    elif isinstance(question, Numeric):
        line = _el(body, "p")
        entry = _el(line, "textEntryInteraction", responseIdentifier="RESPONSE", expectedLength="12")
        if question.unit:
            entry.tail = " "
            append_html(_el(line, "span"), markdown_html(question.unit, inline=True), QTI)
    else:
        # Written in the site's shuffled order too, for players that do not shuffle.
        interaction = _el(body, "orderInteraction", responseIdentifier="RESPONSE", shuffle="true")
        for n in shuffled_order(quiz_id, question.id, len(question.items)):
            _choice(interaction, f"i{n}", question.items[n])


# --- response processing --------------------------------------------------------------------


def _set(parent: ET.Element, outcome: str) -> ET.Element:
    return _el(parent, "setOutcomeValue", identifier=outcome)


def _base(parent: ET.Element, base_type: str, value: str) -> None:
    _el(parent, "baseValue", value, baseType=base_type)


def _is_correct(parent: ET.Element, question: Question) -> None:
    """The test of a right answer: exact match, or for numbers equality within the tolerance."""
    if isinstance(question, Numeric):
        if question.tolerance:
            t = number(question.tolerance)
            test = _el(parent, "equal", toleranceMode="absolute", tolerance=f"{t} {t}")
        else:
            test = _el(parent, "equal", toleranceMode="exact")
    else:
        test = _el(parent, "match")
    _el(test, "variable", identifier="RESPONSE")
    _el(test, "correct", identifier="RESPONSE")


def _processing(item: ET.Element, question: Question) -> None:
    rules = _el(item, "responseProcessing")
    per_option = isinstance(question, SingleChoice | MultipleResponse)
    if isinstance(question, MultipleResponse):
        _el(_set(rules, "SCORE"), "mapResponse", identifier="RESPONSE")
    else:
        condition = _el(rules, "responseCondition")
        right = _el(condition, "responseIf")
        _is_correct(right, question)
        _base(_set(right, "SCORE"), "float", "1")
        if not per_option:
            _base(_el(_set(right, "FEEDBACK"), "multiple"), "identifier", "correct")
            _base(_el(_set(_el(condition, "responseElse"), "FEEDBACK"), "multiple"), "identifier", "incorrect")
    # Choices show the feedback of each option picked; the rest show their verdict. Both add the explanation.
    shown = _el(_set(rules, "FEEDBACK"), "multiple")
    _el(shown, "variable", identifier="RESPONSE" if per_option else "FEEDBACK")
    _base(shown, "identifier", EXPLANATION)


def _feedback(item: ET.Element, outcome_value: str, markdown_text: str) -> None:
    shown = _el(item, "modalFeedback", outcomeIdentifier="FEEDBACK", identifier=outcome_value, showHide="show")
    append_html(shown, markdown_html(markdown_text), QTI)


def _feedbacks(item: ET.Element, question: Question) -> None:
    if isinstance(question, SingleChoice | MultipleResponse):
        for n, option in enumerate(question.options):
            _feedback(item, f"o{n}", option.feedback)
    else:
        _feedback(item, "correct", question.feedback.correct)
        _feedback(item, "incorrect", question.feedback.incorrect)
    _feedback(item, EXPLANATION, question.explanation)


def item_xml(module_id: str, question: Question) -> bytes:
    """One question as a QTI 2.1 assessment item."""
    item = ET.Element(
        _q("assessmentItem"),
        {
            f"{{{XSI}}}schemaLocation": f"{QTI} {QTI_XSD}",
            "identifier": item_identifier(module_id, question.id),
            "title": question.id,
            "adaptive": "false",
            "timeDependent": "false",
        },
    )
    _response(item, question)
    _outcomes(item)
    _body(item, question, f"quiz-{module_id}")
    _processing(item, question)
    _feedbacks(item, question)
    return _serialise(item, QTI)


#: QTI elements holding text, besides the XHTML ones: their content is written exactly as built.
TEXT_ELEMENTS = frozenset({"simpleChoice", "modalFeedback", "prompt", "feedbackInline", "value", "baseValue"})


def _serialise(root: ET.Element, namespace: str) -> bytes:
    return serialise(root, {"": namespace, "xsi": XSI}, ALLOWED | TEXT_ELEMENTS)


# --- package --------------------------------------------------------------------------------


def assessment_test_xml(bank: list[BankModule], course_title: str) -> bytes:
    """One test with a section per module, so an LMS importing tests keeps the modules apart."""
    test = ET.Element(
        _q("assessmentTest"),
        {f"{{{XSI}}}schemaLocation": f"{QTI} {QTI_XSD}", "identifier": "course-bank", "title": course_title},
    )
    part = _el(test, "testPart", identifier="part", navigationMode="nonlinear", submissionMode="individual")
    for entry in bank:
        section = _el(
            part, "assessmentSection", identifier=identifier(f"section-{entry.module.id}"), title=entry.module.title
        )
        section.set("visible", "true")
        for quiz_item in entry.items:
            qid = quiz_item.question.id
            _el(
                section,
                "assessmentItemRef",
                identifier=item_identifier(entry.module.id, qid),
                href=item_path(entry.module.id, qid),
            )
    return _serialise(test, QTI)


def manifest_xml(bank: list[BankModule]) -> bytes:
    def cp(parent: ET.Element, tag: str, **attrs: str) -> ET.Element:
        return ET.SubElement(parent, f"{{{CP}}}{tag}", attrs)

    manifest = ET.Element(
        f"{{{CP}}}manifest", {f"{{{XSI}}}schemaLocation": f"{CP} {CP_XSD}", "identifier": "course-bank-package"}
    )
    metadata = cp(manifest, "metadata")
    cp(metadata, "schema").text = "QTIv2.1 Package"
    cp(metadata, "schemaversion").text = "1.0.0"
    cp(manifest, "organizations")
    resources = cp(manifest, "resources")
    test = cp(resources, "resource", identifier="course-bank", type="imsqti_test_xmlv2p1", href="test.xml")
    cp(test, "file", href="test.xml")
    for entry in bank:
        for quiz_item in entry.items:
            ident = item_identifier(entry.module.id, quiz_item.question.id)
            cp(test, "dependency", identifierref=ident)
    for entry in bank:
        for quiz_item in entry.items:
            path = item_path(entry.module.id, quiz_item.question.id)
            ident = item_identifier(entry.module.id, quiz_item.question.id)
            cp(cp(resources, "resource", identifier=ident, type="imsqti_item_xmlv2p1", href=path), "file", href=path)
    return _serialise(manifest, CP)


def export_qti(bank: list[BankModule], course_title: str) -> Export:
    members = [("imsmanifest.xml", manifest_xml(bank)), ("test.xml", assessment_test_xml(bank, course_title))]
    for entry in bank:
        for quiz_item in entry.items:
            members.append(
                (item_path(entry.module.id, quiz_item.question.id), item_xml(entry.module.id, quiz_item.question))
            )
    count = question_count(bank)
    summary = f"{count} item{'s' if count != 1 else ''} in {len(bank)} test sections"
    return Export(zip_bytes(members), summary)
