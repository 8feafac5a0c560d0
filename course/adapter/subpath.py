"""An error page that works wherever the site is hosted, with or without `site_url`.

A web server answers every missing address under the site with `404.html`, so that page
cannot know from where it will be read. MkDocs therefore writes root-absolute URLs into it,
taken from `site_url`, or `/` when there is none: under a sub-path such as
`https://intranet.example.org/training/course/` the error page then asks for `/assets/…` at
the server's root and shows up unstyled, with a navigation that leads nowhere.

Without `site_url` the page gets relative URLs instead, plus a small script at the top of
its `<head>` that finds the site's root before anything loads: it asks, from the deepest
folder of the missing address upwards, for a file every course site has, and sets a
`<base>` there. It costs a few HEAD requests on a page nobody meant to visit.
"""

from __future__ import annotations

import json

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import normalize_url
from mkdocs.utils.templates import TemplateContext

#: A base for URLs that the script's `<base>` then anchors at the site's root.
RELATIVE_BASE = "."

_FIND_ROOT = """<script>(function () {
  // Served for any missing address under the site: find where the site starts, then load from there.
  var root = "/";
  if (location.protocol !== "file:") {
    var parts = location.pathname.split("/");
    parts.pop();
    for (var n = parts.length; n > 0; n--) {
      var folder = parts.slice(0, n).join("/") + "/";
      try {
        var probe = new XMLHttpRequest();
        probe.open("HEAD", folder + PROBE, false);
        probe.send();
        if (probe.status === 200 && !/html/.test(probe.getResponseHeader("Content-Type") || "")) {
          root = folder;
          break;
        }
      } catch (error) {
        break;
      }
    }
  }
  var base = document.createElement("base");
  base.href = root;
  document.head.appendChild(base);
  window.__courseSiteRoot = new URL(root, location.href).href;
})();</script>"""

#: Material reads its base URL (for search) from this JSON; the script points it at the root found above.
_CONFIG_END = '<script id="__config" type="application/json">'
_SET_CONFIG_BASE = """<script>(function () {
  var config = document.getElementById("__config");
  var data = JSON.parse(config.textContent);
  data.base = window.__courseSiteRoot;
  config.textContent = JSON.stringify(data);
})();</script>"""


def relative_context(context: TemplateContext, config: MkDocsConfig) -> None:
    """Make the error page's URLs relative, so the `<base>` the script sets decides where they point."""
    context["base_url"] = RELATIVE_BASE
    context["extra_css"] = [normalize_url(path, None, RELATIVE_BASE) for path in config.extra_css]
    context["extra_javascript"] = [
        normalize_url(str(script), None, RELATIVE_BASE) for script in config.extra_javascript
    ]


def find_root(html: str, *, probe: str) -> str:
    """The rendered error page with the root-finding script first in its `<head>`.

    ``probe`` is a file every build of the site has, relative to its root; it must not be
    HTML, so that a server answering misses with the error page and status 200 is not
    mistaken for the site.
    """
    script = _FIND_ROOT.replace("PROBE", json.dumps(probe))
    head = html.find("<head>")
    if head == -1:
        return html
    charset = html.find(">", html.find("<meta charset", head)) + 1 if "<meta charset" in html else 0
    at = max(charset, head + len("<head>"))
    html = html[:at] + script + html[at:]
    start = html.find(_CONFIG_END)
    if start != -1:
        end = html.find("</script>", start) + len("</script>")
        html = html[:end] + _SET_CONFIG_BASE + html[end:]
    return html
