"""`course export` as a hosting team runs it: a file written whole, or a clear message and nothing at all."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from course.export.output import write_atomically
from tests.test_cli import course


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(
    ("fmt", "name", "extra"),
    [("gift", "bank.gift", []), ("qti", "bank.zip", ["--include-generated"]), ("scorm", "course.zip", [])],
)
def test_export_writes_the_file_and_says_what_is_in_it(
    fixture_project: Path, fmt: str, name: str, extra: list[str]
) -> None:
    result = course("export", fmt, "-o", name, *extra, cwd=fixture_project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {name}: ")
    assert (fixture_project / name).stat().st_size > 0
    assert not [n for n in files_in(fixture_project) if n.endswith(".part")]


def test_gift_export_warns_about_ordering_questions(fixture_project: Path) -> None:
    result = course("export", "gift", "-o", "bank.gift", cwd=fixture_project)
    assert result.returncode == 0
    assert "warning: GIFT has no ordering question; 1 exported as matching (item -> position): waiting/backwards" in (
        result.stderr
    )


def test_scorm_version_and_edition_are_chosen_on_the_command_line(fixture_project: Path) -> None:
    result = course(
        "export", "scorm", "--scorm-version", "2004", "--edition", "trainer", "-o", "c.zip", cwd=fixture_project
    )
    assert result.returncode == 0, result.stderr
    package = zipfile.ZipFile(fixture_project / "c.zip")
    assert b"<schemaversion>2004 4th Edition</schemaversion>" in package.read("imsmanifest.xml")
    assert "answer-key.html" in package.namelist()


@pytest.mark.parametrize("fmt", ["gift", "qti", "scorm"])
def test_output_in_a_missing_folder_is_refused_before_any_work(fixture_project: Path, fmt: str) -> None:
    result = course("export", fmt, "-o", "no/such/folder/out.zip", cwd=fixture_project)
    assert result.returncode == 1
    assert result.stderr.strip() == "no/such/folder/out.zip: the folder no/such/folder does not exist; create it first"
    assert not (fixture_project / "no").exists()


@pytest.mark.parametrize("fmt", ["gift", "qti", "scorm"])
def test_an_existing_file_is_kept_unless_forced(fixture_project: Path, fmt: str) -> None:
    target = fixture_project / "out.bin"
    target.write_bytes(b"the trainer's own file")
    result = course("export", fmt, "-o", "out.bin", cwd=fixture_project)
    assert result.returncode == 1
    assert "out.bin: already exists; choose another name or pass --force to replace it" in result.stderr
    assert target.read_bytes() == b"the trainer's own file"
    assert course("export", fmt, "-o", "out.bin", "--force", cwd=fixture_project).returncode == 0
    assert target.read_bytes() != b"the trainer's own file"


def test_a_folder_is_not_an_output_file(fixture_project: Path) -> None:
    result = course("export", "gift", "-o", "modules", cwd=fixture_project)
    assert result.returncode == 1
    assert "modules: is a folder; give the name of the file to write" in result.stderr


@pytest.mark.parametrize("fmt", ["gift", "qti", "scorm"])
def test_a_course_with_problems_is_reported_and_nothing_is_written(fixture_project: Path, fmt: str) -> None:
    quiz = fixture_project / "quizzes" / "waiting.yml"
    quiz.write_text(quiz.read_text().replace("type: single", "type: singel", 1))
    (fixture_project / "course.yml").write_text(
        (fixture_project / "course.yml").read_text() + "lms:\n  completion: sometimes\n"
    )
    before = files_in(fixture_project)
    result = course("export", fmt, "-o", "out.zip", cwd=fixture_project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert any(line.startswith("quizzes/waiting.yml:") and "type" in line for line in lines), lines
    assert any(line.startswith("course.yml:") and "lms.completion" in line for line in lines), lines
    assert lines[-1] == "2 problems found; nothing was built."
    assert files_in(fixture_project) == before


def test_a_failed_write_leaves_neither_a_partial_file_nor_a_changed_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bank.gift"
    target.write_bytes(b"previous export")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        write_atomically(target, b"new export")
    assert files_in(tmp_path) == ["bank.gift"]
    assert target.read_bytes() == b"previous export"
