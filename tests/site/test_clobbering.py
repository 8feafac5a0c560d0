"""Issue 15, attack 2: ids and names from course text never take over the theme's or the widgets' own."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.markup import parse, theme_ids_clobbered

EDITIONS = ["learner", "trainer"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_course_text_never_repeats_a_theme_or_widget_id(attack_sites: dict[str, Path], edition: str) -> None:
    page = parse(attack_sites[edition] / "modules" / "clobber" / "index.html")
    assert theme_ids_clobbered(page) == []
    # The author's radio button does not join the quiz's group, and their label does not answer it.
    group = [e for e in page.find("input") if e.attrs.get("name") == "quiz-clobber-q1"]
    assert len(group) == 2 and all("fieldset" in e.inside for e in group)
    targets = [e.attrs.get("for") for e in page.find("label") if "fieldset" not in e.inside]
    assert "quiz-clobber-q1-o0" not in targets and "__drawer" not in [
        e.attrs.get("for") for e in page.find("label") if "article" in e.inside
    ]


def test_author_anchors_and_heading_ids_keep_working(attack_sites: dict[str, Path]) -> None:
    page = parse(attack_sites["learner"] / "modules" / "clobber" / "index.html")
    ids = page.ids()
    assert "own-anchor" in ids and "config" in ids and "pixel" in ids
    hrefs = [e.attrs["href"] for e in page.find("a") if e.attrs.get("href", "").startswith("#")]
    assert "#own-anchor" in hrefs and "#config" in hrefs


def test_material_keeps_its_own_configuration_in_a_real_browser(
    attack_sites: dict[str, Path], serve, watched_page
) -> None:
    base = serve(attack_sites["learner"])
    page = watched_page.page
    page.goto(base + "modules/clobber/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.querySelectorAll('[id=\"__config\"]').length") == 1
    assert page.evaluate("document.querySelector('#__config').tagName") == "SCRIPT"
    # The quiz on the page is the generator's, and its first option is not labelled by the author's text.
    assert page.evaluate("document.getElementById('quiz-clobber').tagName") == "SECTION"
    # Instant navigation still works on the real base: it fetches the site's own sitemap, nobody else's.
    page.locator(".md-footer__link--prev").click()
    page.wait_for_url("**/modules/titles/")
    page.wait_for_load_state("networkidle")
    assert watched_page.outside_requests == [], "the page fetched from an outside host"
