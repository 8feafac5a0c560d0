"""A single-SCO SCORM package of the built site, for LMSs that track training (1.2 or 2004 4th edition).

The package is the site built to run from any folder (see
:func:`course.adapter.build.build_packaged_site`) plus a launch page that frames it. The
LMS starts the launch page; the runtime there (``runtime/scorm.js``) holds the one SCORM
session while the learner moves between pages in the frame, and reports the final
assessment and completion. The manifest lists every file of the package, because some LMSs
copy only what it lists.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from course.export import ScormVersion
from course.export.archive import zip_bytes
from course.export.output import Export
from course.export.quizmap import MappedQuiz, read_quizzes
from course.export.xml import serialise
from course.model.loaded import LoadedCourse
from course.render.urls import ASSESSMENT, ASSETS, HOME, page_url

LAUNCH = "launch.html"
RUNTIME = f"{ASSETS}/scorm.js"
#: Files a static host uses and an LMS does not: MkDocs' 404 page links from the server root, and
#: the sitemaps name a site URL the package does not have.
LEFT_OUT = frozenset({"404.html", "sitemap.xml", "sitemap.xml.gz"})

XSI = "http://www.w3.org/2001/XMLSchema-instance"


@dataclass(frozen=True)
class Namespaces:
    """What tells an LMS which SCORM it is reading: namespaces, schema files and the version string."""

    cp: str
    adlcp: str
    schema_locations: str
    schemaversion: str
    scorm_type: str  # the attribute naming the resource a SCO: its spelling changed in 2004


SCORM_12 = Namespaces(
    cp="http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2",
    schema_locations=(
        "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd "
        "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
        "http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd"
    ),
    schemaversion="1.2",
    scorm_type="scormtype",
)
SCORM_2004 = Namespaces(
    cp="http://www.imsglobal.org/xsd/imscp_v1p1",
    adlcp="http://www.adlnet.org/xsd/adlcp_v1p3",
    schema_locations=(
        "http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd "
        "http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd "
        "http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd "
        "http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd "
        "http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd"
    ),
    schemaversion="2004 4th Edition",
    scorm_type="scormType",
)
IMSSS = "http://www.imsglobal.org/xsd/imsss"
ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"


def namespaces(version: ScormVersion) -> Namespaces:
    return SCORM_12 if version == "1.2" else SCORM_2004


# --- manifest -------------------------------------------------------------------------------


def manifest_xml(version: ScormVersion, identifier: str, title: str, pass_mark: int, files: list[str]) -> bytes:
    """One organisation, one item, one SCO resource launching :data:`LAUNCH` and listing ``files``.

    The pass mark goes into the manifest too (1.2 ``masteryscore``, 2004 the primary objective's
    ``minNormalizedMeasure``), so an LMS that judges pass or fail itself agrees with the runtime.
    """
    ns = namespaces(version)

    def cp(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ns.cp}}}{tag}", attrs)
        element.text = text
        return element

    manifest = ET.Element(
        f"{{{ns.cp}}}manifest",
        {"identifier": identifier, "version": "1", f"{{{XSI}}}schemaLocation": ns.schema_locations},
    )
    metadata = cp(manifest, "metadata")
    cp(metadata, "schema", "ADL SCORM")
    cp(metadata, "schemaversion", ns.schemaversion)
    organizations = cp(manifest, "organizations", default="organization")
    organization = cp(organizations, "organization", identifier="organization")
    cp(organization, "title", title)
    item = cp(organization, "item", identifier="item", identifierref="sco", isvisible="true")
    cp(item, "title", title)
    if version == "1.2":
        ET.SubElement(item, f"{{{ns.adlcp}}}masteryscore").text = str(pass_mark)
    else:
        sequencing = ET.SubElement(item, f"{{{IMSSS}}}sequencing")
        objectives = ET.SubElement(sequencing, f"{{{IMSSS}}}objectives")
        primary = ET.SubElement(
            objectives, f"{{{IMSSS}}}primaryObjective", {"objectiveID": "passed", "satisfiedByMeasure": "true"}
        )
        ET.SubElement(primary, f"{{{IMSSS}}}minNormalizedMeasure").text = _scaled(pass_mark)
    resources_el = cp(manifest, "resources")
    resource = cp(
        resources_el,
        "resource",
        identifier="sco",
        type="webcontent",
        href=LAUNCH,
        **{f"{{{ns.adlcp}}}{ns.scorm_type}": "sco"},
    )
    for name in files:
        cp(resource, "file", href=name)
    prefixes = {"": ns.cp, "adlcp": ns.adlcp, "xsi": XSI}
    if version == "2004":
        prefixes.update({"imsss": IMSSS, "adlseq": ADLSEQ, "adlnav": ADLNAV})
    return serialise(manifest, prefixes)


def _scaled(pass_mark: int) -> str:
    return f"{pass_mark / 100:.2f}".rstrip("0").rstrip(".") if pass_mark else "0"


# --- launch page ----------------------------------------------------------------------------


def runtime_config(
    loaded: LoadedCourse, version: ScormVersion, pages: list[str], quizzes: list[MappedQuiz]
) -> dict[str, object]:
    """What the runtime is told about the package: its pages, its quizzes, how to report."""
    return {
        "version": version,
        "start": page_url(HOME, False) or "index.html",
        "pages": pages,
        "passMark": loaded.course.pass_mark,
        "completion": loaded.course.lms.completion,
        "assessment": next((q.quiz_id for q in quizzes if q.final), None)
        or next((q.quiz_id for q in quizzes if q.page == page_url(ASSESSMENT, False)), None),
        "store": max((q.store for q in quizzes), default=1),
        "quizzes": [q.as_json() for q in quizzes],
    }


def launch_html(title: str, language: str, config: dict[str, object]) -> bytes:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("course.export", "runtime"), autoescape=True, keep_trailing_newline=True
    )
    # JSON inside <script>: "<" escaped so no text can close the element.
    data = json.dumps(config, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    page = env.get_template("launch.html.j2").render(
        title=title,
        language=language,
        config=Markup(data),
        runtime=RUNTIME,
        start=config["start"],
    )
    return page.encode("utf-8")


def runtime_js() -> bytes:
    return resources.files("course.export").joinpath("runtime/scorm.js").read_bytes()


# --- package --------------------------------------------------------------------------------


def site_files(site: Path) -> list[str]:
    """Every file of the built site the package carries, as sorted relative paths."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and p.relative_to(site).as_posix() not in LEFT_OUT
    )


def package_identifier(title: str, version: ScormVersion) -> str:
    """A stable manifest identifier: the same course exported again replaces itself in an LMS that checks."""
    words = "".join(c if c.isalnum() else "-" for c in title.lower()).split("-")
    slug = "-".join(w for w in words if w)[:60] or "course"
    return f"{slug}-scorm-{version.replace('.', '')}"


def export_scorm(site: Path, loaded: LoadedCourse, version: ScormVersion, language: str = "en") -> Export:
    """The SCORM package of a site built by :func:`course.adapter.build.build_packaged_site`."""
    files = site_files(site)
    pages = [f for f in files if f.endswith(".html")]
    quizzes = [quiz for page in pages for quiz in read_quizzes((site / page).read_text(encoding="utf-8"), page)]
    title = loaded.course.title
    extra = {
        LAUNCH: launch_html(title, language, runtime_config(loaded, version, pages, quizzes)),
        RUNTIME: runtime_js(),
    }
    listed = sorted({*files, *extra})
    manifest = manifest_xml(version, package_identifier(title, version), title, loaded.course.pass_mark, listed)
    members = [("imsmanifest.xml", manifest)]
    members += [(name, extra[name] if name in extra else (site / name).read_bytes()) for name in listed]
    questions = sum(len(q.questions) for q in quizzes)
    summary = f"SCORM {version} package, {len(listed)} files, {len(quizzes)} quizzes with {questions} questions"
    return Export(zip_bytes(members), summary)
