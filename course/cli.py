"""The `course` command: what trainers and hosting teams type.

Every failure ends in a readable message and exit status 1, never a traceback:
the people running this are trainers, not Python developers.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from .failure import CommandFailed
from .model.problems import CourseInvalid
from .render.options import EDITIONS, Edition

if TYPE_CHECKING:
    from .export.output import Export

DEFAULT_CONFIG = "mkdocs.yml"
DEFAULT_PDF = {"learner": "participant-workbook.pdf", "trainer": "facilitator-guide.pdf"}


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False


def cmd_check(args: argparse.Namespace) -> int:
    from .adapter.build import layout_for, options_for
    from .model.loader import load
    from .model.resources import check as check_resources
    from .quiz.assembly import QuizPool
    from .quiz.review import warnings as quiz_warnings

    config_file = Path(args.config_file)
    layout = layout_for(config_file)
    loaded = load(layout)
    options = options_for(config_file)
    resources = check_resources(loaded, layout)
    for problem in resources:
        print(problem, file=sys.stderr)
    quiz = quiz_warnings(QuizPool(loaded, options.quiz_seed))
    for problem in quiz:
        print(f"warning: {problem}", file=sys.stderr)
    count = len(resources) + len(quiz)
    if count and getattr(args, "strict", False):
        print(
            f"{count} problem{'s' if count != 1 else ''} found (outside resources and quiz-writing warnings "
            "are errors under --strict).",
            file=sys.stderr,
        )
        return 1
    questions = sum(len(b.questions) for b in loaded.quizzes.values())
    verdict = "all valid" if not count else f"valid, with {count} warning{'s' if count != 1 else ''}"
    print(
        f"{layout.course_file}: {len(loaded.modules)} modules over {len(loaded.course.agenda)} days, "
        f"{questions} authored questions: {verdict}."
    )
    if resources:
        print(
            f"{len(resources)} warning{'s' if len(resources) != 1 else ''}: pages leave outside resources out; "
            "--strict makes them errors.",
            file=sys.stderr,
        )
    return 0


def cmd_quiz(args: argparse.Namespace) -> int:
    from .adapter.build import layout_for, options_for
    from .model.loader import load
    from .quiz.assembly import QuizPool
    from .quiz.review import baseline_report, baselines, pool_report

    config_file = Path(args.config_file)
    loaded = load(layout_for(config_file))
    options = options_for(config_file)
    pool = QuizPool(loaded, options.quiz_seed)
    if args.module_id is None:
        sys.stdout.write(baseline_report(baselines(pool, options)))
        return 0
    if args.module_id not in loaded.modules:
        print(f"no module {args.module_id!r}; modules: {', '.join(loaded.modules)}", file=sys.stderr)
        return 1
    sys.stdout.write(pool_report(pool, args.module_id))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .adapter.build import build_site

    site = build_site(
        Path(args.config_file),
        site_dir=Path(args.site_dir) if args.site_dir else None,
        strict=args.strict,
        edition=args.edition,
        offline=args.offline,
    )
    kind = f"{args.edition or 'configured'} edition" + (", for opening from a folder," if args.offline else "")
    print(f"Built the {kind} into {site}")
    if args.offline:
        print(f"Open {site / 'index.html'} in a browser; no web server needed.")
    if args.zip:
        archive = zip_site(site, Path(args.zip))
        print(f"Packed it into {archive}: unzip it anywhere and open {site.name}/index.html.")
    return 0


def cmd_export_markdown(args: argparse.Namespace) -> int:
    from .adapter.export import export_markdown

    if not args.verbose:  # the MkDocs build the pages come from is a detail; its warnings still show
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
    exported = export_markdown(Path(args.config_file), Path(args.dest), edition=args.edition)
    print(
        f"Exported {exported.pages} pages and zensical.toml into {exported.root}; build it there with `zensical build`."
    )
    return 0


def zip_site(site: Path, archive: Path) -> Path:
    """The site in one zip file, inside a folder of its own name so unzipping makes no mess."""
    import zipfile

    archive = archive if archive.suffix == ".zip" else archive.with_name(archive.name + ".zip")
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                bundle.write(path, Path(site.name) / path.relative_to(site))
    return archive


def cmd_serve(args: argparse.Namespace) -> int:
    from .adapter.serve import serve

    cmd_check(args)  # a course with problems raises CourseInvalid: reported, and nothing is served
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
    from .adapter.build import layout_for
    from .scaffold import new_module

    written = new_module(
        layout_for(Path(args.config_file)), args.module_id, title=args.title, day=args.day, minutes=args.minutes
    )
    for path in written:
        print(f"wrote {path}")
    print(f"added {args.module_id!r} to the agenda; fill in the TODOs, then run `course check`.")
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    from .export.pdf import make_pdf
    from .render.print import BOOK_TITLES

    if not args.verbose:  # the build is a means here, its progress is noise: problems still show
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
    edition: Edition = args.edition or "learner"
    output = Path(args.output or DEFAULT_PDF[edition])
    printed = make_pdf(Path(args.config_file), output, edition=edition, paper=args.paper)
    print(f"Wrote the {BOOK_TITLES[edition].lower()}, {printed.pages} {args.paper.upper()} pages, to {output}.")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .model.schema import SCHEMAS, json_schema

    if args.write:
        out = Path(args.write)
        try:
            out.mkdir(parents=True, exist_ok=True)
            for kind in SCHEMAS:
                (out / f"{kind}.schema.json").write_text(json_schema(kind), encoding="utf-8")
                print(f"wrote {out / f'{kind}.schema.json'}")
        except OSError as exc:
            print(f"cannot write the schemas into {out}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        return 0
    sys.stdout.write(json_schema(args.kind))
    return 0


def _export_data(args: argparse.Namespace) -> Export:
    """Build the export the command line asked for; may raise CourseInvalid or BuildFailed."""
    from .adapter.build import build_packaged_site, course_options
    from .export.bank import question_bank
    from .model.loader import load

    config_file = Path(args.config_file)
    if args.format == "scorm":
        from .export.scorm import export_scorm

        with tempfile.TemporaryDirectory(prefix="course-scorm-") as temp:
            built = build_packaged_site(config_file, Path(temp) / "site", edition=args.edition)
            return export_scorm(built.site, built.loaded, args.scorm_version, built.language)
    layout, options = course_options(config_file)
    loaded = load(layout)
    bank = question_bank(loaded, options, include_generated=args.include_generated)
    if args.format == "gift":
        from .export.gift import export_gift

        return export_gift(bank, loaded.course.title)
    from .export.qti import export_qti

    return export_qti(bank, loaded.course.title)


def cmd_export(args: argparse.Namespace) -> int:
    from .export.output import OutputError, check_target, write_atomically

    if not args.verbose:  # the temporary build of a SCORM package is a detail, not news
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        target = check_target(Path(args.output), force=args.force)
        export = _export_data(args)
        write_atomically(target, export.data)
    except OutputError as exc:  # refused before any work: the message is the whole story
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{args.output}: cannot write the export: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for warning in export.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"Wrote {target}: {export.summary}")
    return 0


def _export_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from .export import SCORM_VERSIONS

    top = sub.add_parser(
        "export", help="Export the course: a docs tree for Zensical, a SCORM package or a question bank."
    )
    formats = top.add_subparsers(dest="format", required=True)

    def export_format(name: str, help_text: str, suffix: str) -> argparse.ArgumentParser:
        p = formats.add_parser(name, help=help_text, description=help_text)
        p.add_argument("-o", "--output", required=True, metavar=f"FILE{suffix}", help="the file to write")
        p.add_argument("--force", action="store_true", help="replace the output file if it exists")
        p.add_argument(
            "-f", "--config-file", default=DEFAULT_CONFIG, help="the MkDocs configuration (default: mkdocs.yml)"
        )
        p.set_defaults(func=cmd_export)
        return p

    p = formats.add_parser(
        "markdown",
        help="A plain docs tree with zensical.toml, for `zensical build` (engines without plugins).",
        description="Write the course as a plain docs tree with zensical.toml, for `zensical build`.",
    )
    p.add_argument("dest", metavar="DIR", help="folder to write; an earlier export there is replaced")
    p.add_argument("--edition", choices=EDITIONS, help="trainer adds facilitator notes and the answer key")
    p.add_argument("-f", "--config-file", default=DEFAULT_CONFIG, help="the MkDocs configuration (default: mkdocs.yml)")
    p.set_defaults(func=cmd_export_markdown)
    p = export_format("scorm", "A single-SCO SCORM package of the site that reports the final assessment.", ".zip")
    p.add_argument("--scorm-version", choices=SCORM_VERSIONS, default="1.2", help="SCORM 1.2 (default) or 2004 4th ed.")
    p.add_argument("--edition", choices=EDITIONS, default="learner", help="trainer adds notes and the answer key")
    for name, help_text, suffix in (
        ("gift", "Every authored question as a Moodle GIFT file, one category per module.", ".gift"),
        ("qti", "Every authored question as an IMS QTI 2.1 package, one item per question.", ".zip"),
    ):
        p = export_format(name, help_text, suffix)
        p.add_argument(
            "--include-generated", action="store_true", help="add the generated questions the module quizzes show"
        )


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
    p.add_argument(
        "-s",
        "--strict",
        action="store_true",
        help="treat warnings (outside resources, quiz-writing rules, unknown generated ids) as errors",
    )
    p.set_defaults(func=cmd_check)
    p = command(
        "quiz", "Print a module's generated questions for review, or, without a module, the test-wise baseline."
    )
    p.add_argument("module_id", nargs="?", help="the module whose generated questions to list")
    p.set_defaults(func=cmd_quiz)
    p = command("build", "Validate, then build the site; the previous site stays if anything fails.")
    p.add_argument("-d", "--site-dir", help="where to write the site (default: site_dir from mkdocs.yml)")
    p.add_argument("-s", "--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--edition", choices=EDITIONS, help="trainer adds facilitator notes and the answer key")
    p.add_argument(
        "--offline", action="store_true", help="a folder that works opened from disk (file://), search included"
    )
    p.add_argument("--zip", metavar="FILE", help="also pack the built site into FILE (a .zip) to hand round")
    p.set_defaults(func=cmd_build)
    p = command("serve", "Serve the site locally, rebuilding on edits of modules, quizzes and overrides.")
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address to serve on (default 127.0.0.1:8000)")
    p.add_argument("--edition", choices=EDITIONS)
    p.set_defaults(func=cmd_serve)
    p = command("new", "Write a commented skeleton for a new module and its quiz, and add it to the agenda.")
    p.add_argument("module_id", help="lower-case words joined by hyphens, e.g. complaint-handling")
    p.add_argument("--title", help="the module's title (default: from the id)")
    p.add_argument("--day", type=int, help="agenda day to add it to (default: the last day)")
    p.add_argument("--minutes", type=int, default=60, help="length of its slot (default 60)")
    p.set_defaults(func=cmd_new)
    p = command("pdf", "Print the participant workbook (or, for trainers, the facilitator guide) to PDF.")
    p.add_argument(
        "--edition",
        choices=EDITIONS,
        help="learner: the participant workbook (default); trainer: the facilitator guide",
    )
    p.add_argument("--paper", choices=("a4", "letter"), default="a4", help="paper size (default a4)")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE.pdf",
        help="where to write it (default participant-workbook.pdf or facilitator-guide.pdf)",
    )
    p.set_defaults(func=cmd_pdf)
    _export_parser(sub)
    p = sub.add_parser("schema", help="Print or write the JSON Schema of course, module and quiz files.")
    p.add_argument("kind", nargs="?", default="module", choices=("course", "module", "quiz"))
    p.add_argument("--write", metavar="DIR", help="write all three schemas into DIR")
    p.set_defaults(func=cmd_schema)
    return top


#: What a command says around a failure's message: what the failure left behind, or what to do next.
ON_FAILURE: dict[str, tuple[str, str]] = {
    "build": ("Build failed; the previous site is unchanged.\n", ""),
    "export": ("Export failed; nothing was written.\n", ""),
    "pdf": ("No PDF was made: ", ""),
    "serve": ("", "Fix the problems above, then start `course serve` again.\n"),
}


def main(argv: list[str] | None = None) -> int:
    # Material prints a banner about MkDocs 2.0 on import; the README covers it, trainers need not see it.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    args = parser().parse_args(argv)
    _setup_logging(args.verbose)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except (CourseInvalid, CommandFailed) as exc:
        before, after = ON_FAILURE.get(args.command, ("", ""))
        print(exc.report() if isinstance(exc, CourseInvalid) else f"{before}{exc}", file=sys.stderr)
        print(after, end="", file=sys.stderr)
        return 1
    except Exception as exc:  # the last line of "never a traceback": a message and exit 1
        if args.verbose:
            raise
        print(
            f"course {args.command}: unexpected {type(exc).__name__}: {exc}\n"
            "This is a bug in the course tool; run the command again with --verbose to see where it happened.",
            file=sys.stderr,
        )
        return 1


def run() -> NoReturn:
    """The `course` command itself: :func:`main` in a process that ends without a last collector pass.

    See :func:`course.adapter.collector.no_last_collection`; tests call :func:`main`, whose process lives on.
    """
    from .adapter.collector import no_last_collection

    no_last_collection()
    sys.exit(main())


if __name__ == "__main__":
    run()
