"""Issue 15, attack 3: nothing in course text makes a learner's browser fetch from another host."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.markup import outside_fetches, pages

EDITIONS = ["learner", "trainer"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_page_fetches_from_an_outside_host(attack_sites: dict[str, Path], edition: str) -> None:
    assert [f for page in pages(attack_sites[edition]) for f in outside_fetches(page)] == []


def test_the_image_leaves_its_description(attack_sites: dict[str, Path]) -> None:
    html = (attack_sites["learner"] / "modules" / "clobber" / "index.html").read_text(encoding="utf-8")
    assert "a tracking pixel" in html


def test_no_outside_request_in_a_real_browser(attack_sites: dict[str, Path], serve, watched_page) -> None:
    base = serve(attack_sites["learner"])
    page = watched_page.page
    page.goto(base + "modules/clobber/#pixel")
    page.wait_for_load_state("networkidle")
    assert watched_page.outside_requests == []
