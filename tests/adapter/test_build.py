"""`course build` as a hosting team relies on it: killed, run twice at once, run twice in a row."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from course.adapter.build import BuildFailed, build_site, site_lock
from tests.test_cli import tree_digest

#: Sources dated well before any test run: a build must date its pages from them, not from the clock.
SOURCE_TIME = 1_577_966_400  # 2020-01-02 12:00 UTC


def _start_build(project: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "course", "build", *extra],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _pause_mid_build(project: Path, build: subprocess.Popen[str]) -> Path:
    """Stop the build (SIGSTOP) once MkDocs has started writing its temporary folder; return that folder."""
    while build.poll() is None:
        for staging in project.glob(".site-new-*"):
            if any(staging.iterdir()):
                build.send_signal(signal.SIGSTOP)
                return staging
    pytest.fail(f"the build ended before it wrote anything: {build.communicate()}")


def _siblings(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site"))


def test_a_killed_build_leaves_the_previous_site_and_the_next_one_tidies_up(fixture_project: Path) -> None:
    site = build_site(fixture_project / "mkdocs.yml")
    before = tree_digest(site)
    build = _start_build(fixture_project)
    staging = _pause_mid_build(fixture_project, build)
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert build.returncode == -signal.SIGKILL
    assert tree_digest(site) == before, "the previous site changed under a killed build"
    assert staging.exists(), "the kill came too late to test anything"
    again = subprocess.run(
        [sys.executable, "-m", "course", "build"], cwd=fixture_project, capture_output=True, text=True, check=False
    )
    assert again.returncode == 0, again.stderr
    assert _siblings(fixture_project) == [".site.lock"], "a killed build's folders were left behind"
    assert (site / "modules" / "waiting" / "index.html").is_file()


def test_a_second_build_into_the_same_site_is_refused_while_the_first_runs(fixture_project: Path) -> None:
    site = build_site(fixture_project / "mkdocs.yml")
    reference = tree_digest(site)
    first = _start_build(fixture_project)
    _pause_mid_build(fixture_project, first)
    second = subprocess.run(
        [sys.executable, "-m", "course", "build"], cwd=fixture_project, capture_output=True, text=True, check=False
    )
    first.send_signal(signal.SIGCONT)
    _, err = first.communicate()
    assert first.returncode == 0, err
    assert second.returncode == 1 and "Traceback" not in second.stderr
    assert "another build is writing" in second.stderr and str(site) in second.stderr
    # The site is the first build's, whole: byte for byte what a build on its own makes.
    assert tree_digest(site) == reference
    assert _siblings(fixture_project) == [".site.lock"]


def test_a_held_lock_refuses_in_process_too(fixture_project: Path) -> None:
    site = fixture_project / "site"
    with site_lock(site), pytest.raises(BuildFailed, match="another build is writing"):
        build_site(fixture_project / "mkdocs.yml")
    assert not site.exists()


def test_a_swap_cut_short_is_repaired_before_the_next_build(fixture_project: Path) -> None:
    """Where folders cannot be exchanged in one step, a kill between the two renames leaves .site-old alone."""
    site = build_site(fixture_project / "mkdocs.yml")
    before = tree_digest(site)
    site.rename(fixture_project / ".site-old")
    (fixture_project / ".site-new-abc").mkdir()
    (fixture_project / "course.yml").write_text("title: [broken\n", encoding="utf-8")
    broken = subprocess.run(
        [sys.executable, "-m", "course", "build"], cwd=fixture_project, capture_output=True, text=True, check=False
    )
    assert broken.returncode == 1 and "Traceback" not in broken.stderr
    assert tree_digest(site) == before, "the previous site was not put back"
    assert _siblings(fixture_project) == [".site.lock"]


def test_the_site_is_readable_by_a_web_server_running_as_another_user(fixture_project: Path) -> None:
    site = build_site(fixture_project / "mkdocs.yml")
    assert site.stat().st_mode & 0o005 == 0o005, oct(site.stat().st_mode)


def _dated_copy(project: Path) -> Path:
    for path in [project, *project.rglob("*")]:
        os.utime(path, (SOURCE_TIME, SOURCE_TIME))
    return project


def test_two_builds_of_the_same_sources_are_byte_identical(fixture_project: Path, tmp_path: Path) -> None:
    project = _dated_copy(fixture_project)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    builds = []
    for n, hash_seed in enumerate(("1", "2")):
        build = _start_build(project, "-d", str(tmp_path / f"site{n}"), env={**env, "PYTHONHASHSEED": hash_seed})
        builds.append(build)
        assert build.wait() == 0, build.communicate()
    first, second = tree_digest(tmp_path / "site0"), tree_digest(tmp_path / "site1")
    assert first == second
    assert len(first) > 20
    # The sitemap's gzip header carries the sources' date, not the day of the build.
    header = (tmp_path / "site0" / "sitemap.xml.gz").read_bytes()[4:8]
    assert int.from_bytes(header, "little") == SOURCE_TIME - SOURCE_TIME % 86400
    assert gzip.decompress((tmp_path / "site0" / "sitemap.xml.gz").read_bytes()).startswith(b"<?xml")


def test_source_date_epoch_wins_over_the_files_dates(fixture_project: Path, tmp_path: Path) -> None:
    project = _dated_copy(fixture_project)
    (project / "mkdocs.yml").write_text(
        (project / "mkdocs.yml").read_text(encoding="utf-8") + "site_url: https://learning.example.org/\n",
        encoding="utf-8",
    )
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    build = _start_build(project, env=env)
    assert build.wait() == 0, build.communicate()
    assert "<lastmod>2023-11-14</lastmod>" in (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
