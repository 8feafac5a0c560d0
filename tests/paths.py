"""Where things are, for every test: the repository, the fixtures, the package's front-end assets."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
ASSETS = REPO / "course" / "theme" / "assets" / "course"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
