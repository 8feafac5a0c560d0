"""A stand-in LMS for the SCORM tests: scorm-again's real runtime in a harness page, on localhost.

The harness page plays the LMS's player: it creates the SCORM API with the `scorm-again`
package (the full 1.2 / 2004 run-time, from node_modules), loads whatever the learner's
record holds, and frames the package's launch page at a deep, arbitrary path, as an LMS
does. The server plays the LMS's back end: it serves the package straight out of the zip
and keeps each commit scorm-again posts, so a reload of the harness starts from exactly
what the runtime was sent, as a learner coming back would.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.paths import REPO

SCORM_AGAIN = REPO / "node_modules" / "scorm-again" / "dist"
#: Where the package sits on the stand-in LMS: deep and arbitrary, like an LMS's content store.
CONTENT = "/pluginfile/4711/mod_scorm/content/3/"

HARNESS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LMS harness</title>
<script src="/scorm-again/{script}"></script></head>
<body>
<button id="open" type="button">Open the course</button>
<iframe id="sco" title="course" style="width:1440px;height:900px;border:0"></iframe>
<script>
(function () {{
  var request = new XMLHttpRequest();
  request.open("GET", "/record", false);
  request.send();
  var record = JSON.parse(request.responseText);
  var settings = {{ lmsCommitUrl: "/commit", autocommit: false, logLevel: 5 }};
  var api = new {api_class}(settings);
  if (record) api.loadFromJSON(record);
  window.calls = {{ initialize: 0, finish: 0 }};
  api.on("{initialize}", function () {{ window.calls.initialize += 1; }});
  api.on("{finish}", function () {{ window.calls.finish += 1; }});
  window.{api_name} = api;
  var launch = "{content}launch.html";
  if (location.search === "?window") {{
    // Some LMSs open a course in a window of its own: the API is then on the opener, not a parent.
    document.getElementById("open").onclick = function () {{ window.open(launch, "course"); }};
  }} else {{
    document.getElementById("sco").src = launch;
  }}
}})();
</script>
</body></html>
"""


@dataclass
class Lms:
    """The back end's memory: every commit received, and the record the next launch starts from."""

    version: str
    package: Path
    commits: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""
    #: What the LMS hands a first launch (an administrator's mastery score, for instance).
    first: dict[str, Any] | None = None

    @property
    def last(self) -> dict[str, Any]:
        """The CMI data of the latest commit (scorm-again posts the whole `cmi` object)."""
        assert self.commits, "the package never committed to the LMS"
        return self.commits[-1]["cmi"]

    def record(self) -> dict[str, Any] | None:
        """What an LMS hands a returning learner: their saved data, entry "resume" if they suspended."""
        if not self.commits:
            return self.first
        cmi = self.last
        if self.version == "1.2":
            core = cmi["core"]
            return {
                "suspend_data": cmi["suspend_data"],
                "core": {
                    "lesson_location": core["lesson_location"],
                    "lesson_status": core["lesson_status"],
                    "entry": "resume" if core["exit"] == "suspend" else "",
                    "score": core["score"],
                },
            }
        return {
            "suspend_data": cmi["suspend_data"],
            "location": cmi["location"],
            "completion_status": cmi["completion_status"],
            "success_status": cmi["success_status"],
            "entry": "resume" if cmi["exit"] == "suspend" else "",
            "score": cmi["score"],
        }

    def harness(self) -> str:
        if self.version == "1.2":
            names = {"api_class": "Scorm12API", "api_name": "API", "initialize": "LMSInitialize", "finish": "LMSFinish"}
            return HARNESS.format(script="scorm12.js", content=CONTENT, **names)
        names = {
            "api_class": "Scorm2004API",
            "api_name": "API_1484_11",
            "initialize": "Initialize",
            "finish": "Terminate",
        }
        return HARNESS.format(script="scorm2004.js", content=CONTENT, **names)


class _Handler(http.server.BaseHTTPRequestHandler):
    """The stand-in LMS's routes; :func:`start` makes a subclass bound to one :class:`Lms`."""

    lms: Lms
    archive: zipfile.ZipFile

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _send(self, body: bytes, kind: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        with contextlib.suppress(BrokenPipeError):  # a beacon sent while a page unloads does not wait
            self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path.split("?")[0].split("#")[0]
        if path.startswith(CONTENT):
            self._package(path[len(CONTENT) :])
        elif path.startswith("/scorm-again/"):
            self._send((SCORM_AGAIN / path.rsplit("/", 1)[1]).read_bytes(), "text/javascript")
        elif path == "/lms/":
            self._send(self.lms.harness().encode(), "text/html; charset=utf-8")
        elif path == "/record":
            self._send(json.dumps(self.lms.record()).encode(), "application/json")
        else:
            self._send(b"", "text/plain", 404 if path != "/favicon.ico" else 204)

    def _package(self, name: str) -> None:
        """A file of the package, read straight from the zip: what is not in it does not exist."""
        try:
            body = self.archive.read(name)
        except KeyError:
            self._send(b"not in the package", "text/plain", 404)
            return
        self._send(body, _kind(name))

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path.startswith("/commit"):
            self.lms.commits.append(json.loads(body))
            self._send(b'{"result": true, "errorCode": 0}', "application/json")
        else:
            self._send(b"not found", "text/plain", 404)


def _kind(name: str) -> str:
    kinds = {
        ".html": "text/html; charset=utf-8",
        ".js": "text/javascript",
        ".css": "text/css",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".png": "image/png",
    }
    return next((v for k, v in kinds.items() if name.endswith(k)), "application/octet-stream")


def start(lms: Lms) -> tuple[http.server.ThreadingHTTPServer, threading.Thread]:
    handler = type("Handler", (_Handler,), {"lms": lms, "archive": zipfile.ZipFile(lms.package)})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    lms.url = f"http://127.0.0.1:{server.server_address[1]}/lms/"
    return server, thread
