"""The `course` command: what trainers and hosting teams type.

Every failure ends in a readable message and exit status 1, never a traceback:
the people running this are trainers, not Python developers.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from .model.problems import CourseInvalid
from .render.options import EDITIONS

DEFAULT_CONFIG = "mkdocs.yml"


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False


def cmd_check(args: argparse.Namespace) -> int:
    from .adapter.build import BuildFailed, layout_for
    from .model.loader import load

    try:
        layout = layout_for(Path(args.config_file))
        loaded = load(layout)
    except BuildFailed as exc:
        print(exc, file=sys.stderr)
        return 1
    except CourseInvalid as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    questions = sum(len(b.questions) for b in loaded.quizzes.values())
    print(
        f"{layout.course_file}: {len(loaded.modules)} modules over {len(loaded.course.agenda)} days, "
        f"{questions} authored questions: all valid."
    )
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .adapter.build import BuildFailed, build_site

    try:
        site = build_site(
            Path(args.config_file),
            site_dir=Path(args.site_dir) if args.site_dir else None,
            strict=args.strict,
            edition=args.edition,
        )
    except CourseInvalid as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except BuildFailed as exc:
        print(f"Build failed; the previous site is unchanged.\n{exc}", file=sys.stderr)
        return 1
    print(f"Built the {args.edition or 'configured'} edition into {site}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .adapter.build import BuildFailed
    from .adapter.export import export_markdown

    if not args.verbose:  # the MkDocs build the pages come from is a detail; its warnings still show
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        exported = export_markdown(Path(args.config_file), Path(args.dest), edition=args.edition)
    except CourseInvalid as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except BuildFailed as exc:
        print(f"Export failed; nothing was written.\n{exc}", file=sys.stderr)
        return 1
    print(
        f"Exported {exported.pages} pages and zensical.toml into {exported.root}; build it there with `zensical build`."
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .adapter.build import serve

    if cmd_check(args) != 0:
        print("Fix the problems above; `course serve` will then reload as you edit.", file=sys.stderr)
        return 1
    if args.edition:
        os.environ["COURSE_EDITION"] = args.edition
    try:
        serve(Path(args.config_file), args.dev_addr)
    except KeyboardInterrupt:
        pass
    except Exception as exc:  # noqa: BLE001 - a trainer needs the message, not the stack
        print(f"serve stopped: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .adapter.build import BuildFailed, layout_for
    from .scaffold import ScaffoldError, new_module

    try:
        written = new_module(
            layout_for(Path(args.config_file)), args.module_id, title=args.title, day=args.day, minutes=args.minutes
        )
    except (BuildFailed, ScaffoldError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    print(f"added {args.module_id!r} to the agenda; fill in the TODOs, then run `course check`.")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .model.schema import SCHEMAS, json_schema

    if args.write:
        out = Path(args.write)
        out.mkdir(parents=True, exist_ok=True)
        for kind in SCHEMAS:
            (out / f"{kind}.schema.json").write_text(json_schema(kind), encoding="utf-8")
            print(f"wrote {out / f'{kind}.schema.json'}")
        return 0
    sys.stdout.write(json_schema(args.kind))
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="course", description="Build and check a YAML course as a Material for MkDocs site."
    )
    top.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' debug output")
    sub = top.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument(
            "-f", "--config-file", default=DEFAULT_CONFIG, help="the MkDocs configuration (default: mkdocs.yml)"
        )
        return p

    p = command("check", "Validate the course and list every problem with file:line:column.")
    p.set_defaults(func=cmd_check)
    p = command("build", "Validate, then build the site; the previous site stays if anything fails.")
    p.add_argument("-d", "--site-dir", help="where to write the site (default: site_dir from mkdocs.yml)")
    p.add_argument("-s", "--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--edition", choices=EDITIONS, help="trainer adds facilitator notes and the answer key")
    p.set_defaults(func=cmd_build)
    p = command("serve", "Serve the site locally, rebuilding on edits of modules, quizzes and overrides.")
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address to serve on (default 127.0.0.1:8000)")
    p.add_argument("--edition", choices=EDITIONS)
    p.set_defaults(func=cmd_serve)
    p = command("export", "Write the course as a plain docs tree with zensical.toml, for `zensical build`.")
    p.add_argument("format", choices=("markdown",), help="what to export: markdown (a docs tree and zensical.toml)")
    p.add_argument("dest", metavar="DIR", help="folder to write; an earlier export there is replaced")
    p.add_argument("--edition", choices=EDITIONS, help="trainer adds facilitator notes and the answer key")
    p.set_defaults(func=cmd_export)
    p = command("new", "Write a commented skeleton for a new module and its quiz, and add it to the agenda.")
    p.add_argument("module_id", help="lower-case words joined by hyphens, e.g. complaint-handling")
    p.add_argument("--title", help="the module's title (default: from the id)")
    p.add_argument("--day", type=int, help="agenda day to add it to (default: the last day)")
    p.add_argument("--minutes", type=int, default=60, help="length of its slot (default 60)")
    p.set_defaults(func=cmd_new)
    p = sub.add_parser("schema", help="Print or write the JSON Schema of course, module and quiz files.")
    p.add_argument("kind", nargs="?", default="module", choices=("course", "module", "quiz"))
    p.add_argument("--write", metavar="DIR", help="write all three schemas into DIR")
    p.set_defaults(func=cmd_schema)
    return top


def main(argv: list[str] | None = None) -> int:
    # Material prints a banner about MkDocs 2.0 on import; the README covers it, trainers need not see it.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    args = parser().parse_args(argv)
    _setup_logging(args.verbose)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
