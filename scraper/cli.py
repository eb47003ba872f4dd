"""The ``scraper`` command: arguments, progress, exit codes. No logic of its own beyond wiring.

Exit codes (stable, for scripts):

    0    everything worked
    1    the run finished but some pages or inputs failed (or an internal error)
    2    usage error or bad input (bad option value, bad URL, no such file)
    3    nothing could be fetched (unreachable host, network down, off-site start)
    4    the output folder or file cannot be written (state, export, WARC)
    5    another crawl is running on the same output folder or WARC file
    130  interrupted (Ctrl-C); run the same command again to resume
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

from scraper._version import __version__
from scraper.config import (
    DEFAULT_CONCURRENCY,
    DEFAULT_DELAY_SECONDS,
    DEFAULT_EXTRACT_TIMEOUT,
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_RETRIES,
    DEFAULT_OUTPUT_DIR,
    DEFAULT_PER_HOST_CONCURRENCY,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_RENDER_TIMEOUT,
    DEFAULT_USER_AGENT,
    RENDER_MODES,
    CrawlConfig,
    check_http_url,
    default_extract_workers,
)
from scraper.errors import (
    ArchiveError,
    ArchiveLocked,
    CrawlLocked,
    ExportError,
    ExtractionError,
    FetchError,
    InputError,
    ScraperError,
    StateError,
)
from scraper.export import FORMATS, Exporter, make_exporter
from scraper.export.atomic import ensure_dir
from scraper.export.records import record_to_json
from scraper.export.render import render_markdown, render_text
from scraper.progress import ArchiveProgressView, CrawlProgress, wants_live_display

if TYPE_CHECKING:
    from scraper.crawler.crawl import CrawlStats

__all__ = ["EXIT_CODES", "build_parser", "main"]

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_NETWORK = 3
EXIT_OUTPUT = 4
EXIT_LOCKED = 5
EXIT_INTERRUPTED = 130

EXIT_CODES = {
    EXIT_OK: "everything worked",
    EXIT_SOME_FAILED: "the run finished but some pages or inputs failed (or an internal error)",
    EXIT_USAGE: "usage error or bad input (bad option value, bad URL, no such file)",
    EXIT_NETWORK: "nothing could be fetched (unreachable host, network down, off-site start)",
    EXIT_OUTPUT: "the output folder or file cannot be written (state, export, WARC)",
    EXIT_LOCKED: "another crawl is running on the same output folder or WARC file",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C); run the same command again to resume",
}

INTERRUPTED_MESSAGE = "interrupted; run the same command again to resume"

CRAWL_EXAMPLES = """\
examples:
  scraper crawl https://example.com/blog/
      crawl a blog into output/<site>/*.json (run it again to resume or pick up new posts)
  scraper crawl https://example.com/blog/ -o - | jq -r .title
      stream one JSON object per article to stdout (nothing else is printed there)
  scraper crawl https://example.com/ --include '/20[0-9]{2}/' --max-pages 200 --format md
      only URLs matching a pattern, at most 200 pages, readable Markdown files
  scraper crawl https://example.com/ --fresh
      forget the previous crawl state and start over
"""

EXTRACT_EXAMPLES = """\
examples:
  scraper extract page.html                 one saved page, printed as JSON
  scraper extract pages/ > articles.jsonl   a folder of saved pages (parallel), one JSON per line
  scraper extract https://example.com/post  one live page
  scraper extract crawl.warc.gz -o out      the articles in a web archive, one file each
  scraper extract page.txt                  a text dump (lynx/w3m -dump, a browser copy)
  scraper extract crawl.warc.wet.gz         the text records of a WET file
  scraper extract mirror/ --base-url https://example.com/ -o out --format md
      a wget/HTTrack mirror: files mapped back to their URLs, articles only
"""

EXPLAIN_EXAMPLES = """\
examples:
  scraper explain page.html -o report.html      why each block was kept or dropped, as HTML
  scraper explain page.html --format json | jq '.blocks[] | select(.kept == false) | .reason'
  scraper explain https://example.com/post -o report.html
"""

DEMO_EXAMPLES = """\
example:
  scraper demo && jq -r .title output/demo/*/*.json
"""


class UsageError(Exception):
    """A bad command line: reported as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line instead of usage plus error."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


# --- option types ------------------------------------------------------------------------------


def _positive_int(text: str) -> int:
    value = _number(text, int)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {text}")
    return value


def _non_negative_int(text: str) -> int:
    value = _number(text, int)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {text}")
    return value


def _non_negative_float(text: str) -> float:
    value = _number(text, float)
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds, 0 or more, not {text}")
    return value


def _positive_float(text: str) -> float:
    value = _number(text, float)
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text}")
    return value


def _number(text: str, kind: Callable[[str], Any]) -> Any:
    try:
        return kind(text)
    except ValueError:
        noun = "a whole number" if kind is int else "a number"
        raise argparse.ArgumentTypeError(f"expected {noun}, got {text!r}") from None


# --- the parser --------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The full command line; ``scraper COMMAND --help`` shows each command's options."""
    parser = _Parser(
        prog="scraper",
        description="Turn blog and news archives into clean article text.",
        epilog="Run 'scraper COMMAND --help' for a command's options and examples.\n\nexit codes:\n"
        + "\n".join(f"  {code:<4} {meaning}" for code, meaning in EXIT_CODES.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"scraper {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    _add_crawl(commands)
    _add_extract(commands)
    _add_explain(commands)
    _add_demo(commands)
    return parser


def _add_display_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("display")
    group.add_argument(
        "-q", "--quiet", action="store_true", help="no progress display and no summary"
    )
    group.add_argument(
        "-v", "--verbose", action="count", default=0, help="log what happens (-vv: debug)"
    )


def _add_output_options(
    parser: argparse.ArgumentParser, *, default_output: str, default_help: str
) -> argparse._ArgumentGroup:
    group = parser.add_argument_group("output")
    group.add_argument(
        "-o",
        "--output",
        metavar="DIR|-",
        default=default_output,
        help=f"folder to write into, or - for JSONL on stdout (default: {default_help})",
    )
    group.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        default="json",
        help="json: one file per article (default); jsonl: one line per article "
        "(DIR/articles.jsonl); md, txt: readable files",
    )
    group.add_argument(
        "--markdown", action="store_true", help="also fill the 'markdown' field of JSON records"
    )
    return group


def _add_crawl(commands: Any) -> None:
    parser = commands.add_parser(
        "crawl",
        help="crawl sites and export every article",
        description="Crawl one or more sites (sitemaps, feeds, archive pages and links) and "
        "export each article once. Running the same command again on the same output folder "
        "resumes, or re-crawls incrementally (unchanged pages are not exported again).",
        epilog=CRAWL_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("urls", nargs="+", metavar="URL", help="where to start (http or https)")
    output = _add_output_options(
        parser, default_output=str(DEFAULT_OUTPUT_DIR), default_help="output/"
    )
    output.add_argument(
        "--state",
        metavar="DIR",
        type=Path,
        help="with -o -, keep the crawl state in DIR so the next run resumes "
        "(default: a temporary folder, so each piped run starts afresh)",
    )
    output.add_argument(
        "--warc", metavar="FILE", type=Path, help="also archive every HTTP exchange to a WARC file"
    )

    scope = parser.add_argument_group("scope")
    scope.add_argument(
        "--max-pages", type=_positive_int, metavar="N", help="stop after fetching N pages"
    )
    scope.add_argument(
        "--depth",
        type=_non_negative_int,
        default=DEFAULT_MAX_DEPTH,
        metavar="N",
        help=f"follow links at most N steps from the start URLs (default: {DEFAULT_MAX_DEPTH})",
    )
    scope.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="REGEX",
        help="only crawl URLs matching REGEX (repeatable)",
    )
    scope.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="REGEX",
        help="never crawl URLs matching REGEX (repeatable)",
    )

    polite = parser.add_argument_group("politeness and network")
    polite.add_argument(
        "--delay",
        type=_non_negative_float,
        default=DEFAULT_DELAY_SECONDS,
        metavar="SECONDS",
        help=f"pause between requests to one host (default: {DEFAULT_DELAY_SECONDS:g}, raised "
        "to robots.txt's Crawl-delay; 0 turns the pause off)",
    )
    polite.add_argument(
        "--concurrency",
        type=_positive_int,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"requests in flight across all hosts (default: {DEFAULT_CONCURRENCY})",
    )
    polite.add_argument(
        "--per-host",
        type=_positive_int,
        default=DEFAULT_PER_HOST_CONCURRENCY,
        metavar="N",
        help=f"requests in flight to one host (default: {DEFAULT_PER_HOST_CONCURRENCY}); starts "
        "stay --delay apart whatever N is",
    )
    polite.add_argument(
        "--user-agent",
        default=DEFAULT_USER_AGENT,
        metavar="TEXT",
        help=f"User-Agent header (default: {DEFAULT_USER_AGENT})",
    )
    polite.add_argument("--proxy", metavar="URL", help="send requests through this proxy")
    polite.add_argument(
        "--timeout",
        type=_positive_float,
        default=DEFAULT_READ_TIMEOUT,
        metavar="SECONDS",
        help=f"read timeout per request (default: {DEFAULT_READ_TIMEOUT:g})",
    )
    polite.add_argument(
        "--retries",
        type=_non_negative_int,
        default=DEFAULT_MAX_RETRIES,
        metavar="N",
        help=f"retries of a failed request (default: {DEFAULT_MAX_RETRIES})",
    )

    browser = parser.add_argument_group("pages that need JavaScript")
    browser.add_argument(
        "--render",
        choices=RENDER_MODES,
        default="never",
        help="run pages in a headless Chromium: auto renders only pages detected as built by "
        "scripts (needs pip install 'scraper[browser]' and a Chromium; default: never)",
    )
    browser.add_argument(
        "--browser-path",
        type=Path,
        metavar="PATH",
        help="the Chromium to run (default: chromium, chromium-browser or google-chrome "
        "on the PATH)",
    )
    browser.add_argument(
        "--render-timeout",
        type=_positive_float,
        default=DEFAULT_RENDER_TIMEOUT,
        metavar="SECONDS",
        help=f"longest a page may take in the browser (default: {DEFAULT_RENDER_TIMEOUT:g})",
    )

    parser.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="crawl the sites on a Dask cluster, one site per task: tcp://HOST:PORT, or local:N "
        'for N local worker processes (needs pip install "scraper[dask]")',
    )

    parser.add_argument(
        "--no-site-model",
        dest="site_model",
        action="store_false",
        help="judge every page alone: do not learn each site's template, title pattern and "
        "page kinds from a sample of its pages (kept in .scraper/site-model.json)",
    )

    _add_extract_timeout(polite)
    polite.add_argument(
        "--workers",
        type=_positive_int,
        metavar="N",
        help="processes that parse and extract pages while the crawl fetches (default: one per "
        f"spare core, here {default_extract_workers()})",
    )

    state = parser.add_argument_group("resume")
    state.add_argument(
        "--fresh",
        action="store_true",
        help="forget the previous crawl state in the output folder and start over "
        "(the default is to resume)",
    )
    _add_display_options(parser)
    parser.set_defaults(handler=_run_crawl)


def _add_extract(commands: Any) -> None:
    parser = commands.add_parser(
        "extract",
        help="extract articles from saved pages, folders, WARC files or one URL",
        description="Extract the article from saved .html files, every .html under a folder "
        "(in parallel), .warc/.warc.gz files, or live URLs. One result is printed as JSON, "
        "several as JSON Lines.",
        epilog=EXTRACT_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", nargs="+", metavar="FILE|DIR|URL", help="what to extract from")
    _add_output_options(parser, default_output="-", default_help="- (stdout)")
    parser.add_argument("--comments", action="store_true", help="also extract reader comments")
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="a folder is a saved site mirror (wget, HTTrack) of this URL: map files back to "
        "their URLs and keep articles only",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=_positive_int,
        metavar="N",
        help="worker processes for folders (default: one per CPU)",
    )
    parser.add_argument(
        "--retries",
        type=_non_negative_int,
        default=DEFAULT_MAX_RETRIES,
        metavar="N",
        help=f"retries of a failed request for URLs (default: {DEFAULT_MAX_RETRIES})",
    )
    parser.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="extract WARC files (or lists of them, or URLs) on a Dask cluster: tcp://HOST:PORT, "
        'or local:N for N local worker processes (needs pip install "scraper[dask]")',
    )
    parser.add_argument(
        "--no-site-model",
        dest="site_model",
        action="store_false",
        help="WARC files and mirrors: judge every page alone instead of reading the archive "
        "twice to learn each site's template, title pattern and page kinds from its pages",
    )
    _add_extract_timeout(parser)
    _add_display_options(parser)
    parser.set_defaults(handler=_run_extract)


def _add_explain(commands: Any) -> None:
    parser = commands.add_parser(
        "explain",
        help="show why each part of a page was kept or dropped",
        description="Extract one page and write a self-contained HTML report (or JSON): every "
        "text block kept or dropped with its reason, the main container, the page kind with its "
        "evidence, and each metadata field with the source that won and the ones that lost.",
        epilog=EXPLAIN_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("input", metavar="FILE|URL", help="a saved page or a live URL")
    parser.add_argument(
        "-o", "--output", metavar="FILE", default="-", help="where to write (default: stdout)"
    )
    parser.add_argument(
        "--format", choices=("html", "json"), default="html", help="report format (default: html)"
    )
    _add_display_options(parser)
    parser.set_defaults(handler=_run_explain)


def _add_extract_timeout(group: Any) -> None:
    group.add_argument(
        "--extract-timeout",
        type=_positive_float,
        default=DEFAULT_EXTRACT_TIMEOUT,
        metavar="SECONDS",
        help=f"time one page may take to parse and extract (default: {DEFAULT_EXTRACT_TIMEOUT:g}); "
        "a page over it fails alone",
    )


def _add_demo(commands: Any) -> None:
    parser = commands.add_parser(
        "demo",
        help="crawl the bundled demo blog from a local server (no internet needed)",
        description="Serve the bundled demo blog on 127.0.0.1, crawl it into output/demo/ and "
        "show what was found and where. Each run replaces the previous demo output.",
        epilog=DEMO_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        type=Path,
        default=DEFAULT_OUTPUT_DIR / "demo",
        help="where to write (default: output/demo)",
    )
    _add_display_options(parser)
    parser.set_defaults(handler=_run_demo)


# --- commands ----------------------------------------------------------------------------------


def _run_crawl(args: argparse.Namespace) -> int:
    to_stdout = args.output == "-"
    markdown = args.markdown or args.format == "md"
    with _state_folder(args, to_stdout) as folder:
        config = CrawlConfig(
            start_urls=tuple(_check_url(url) for url in args.urls),
            output_dir=folder,
            max_pages=args.max_pages,
            max_depth=args.depth,
            include=tuple(args.include),
            exclude=tuple(args.exclude),
            concurrency=args.concurrency,
            per_host_concurrency=args.per_host,
            delay=args.delay,
            user_agent=args.user_agent,
            proxy=args.proxy,
            read_timeout=args.timeout,
            max_retries=args.retries,
            fresh=args.fresh,
            markdown=markdown,
            warc_path=args.warc,
            render=args.render,
            browser_path=args.browser_path,
            render_timeout=args.render_timeout,
            site_model=args.site_model,
            extract_timeout=args.extract_timeout,
            extract_workers=args.workers,
        )
        ensure_dir(folder)
        exporter = make_exporter(args.output, args.format)
        live = wants_live_display(quiet=args.quiet) and not to_stdout
        if args.cluster:
            command = _cluster_command()
            stats = command.cluster_crawl(
                config, args.output, args.format, args.cluster, quiet=args.quiet
            )
        else:
            stats = _crawl_with_progress(config, exporter, quiet=args.quiet, live=live)
    if not args.quiet and not to_stdout and exporter.exported:
        if args.format == "jsonl" and exporter.last_path is not None:
            where = f"{exporter.last_path}"
        else:
            where = f"{folder}/ (one folder per site)"
        print(f"{exporter.exported} new or changed articles in {where}", file=sys.stderr)
    _say_render_note(config.render, stats, quiet=args.quiet)
    if stats.start_problems and stats.exported == 0 and len(stats.start_problems) >= len(args.urls):
        problems = "; ".join(stats.start_problems)
        _say(f"nothing could be fetched from the start URLs: {problems} (run with -v for details)")
        return EXIT_NETWORK
    if stats.fetched == 0 and (stats.failed or stats.skipped):
        _say(
            "nothing could be fetched: the host is unreachable or robots.txt forbids it "
            "(run with -v for details)"
        )
        return EXIT_NETWORK
    return EXIT_SOME_FAILED if stats.failed else EXIT_OK


def _crawl_with_progress(
    config: CrawlConfig, exporter: Exporter, *, quiet: bool, live: bool
) -> CrawlStats:
    from scraper.export.pipeline import crawl_to

    progress = CrawlProgress(live=live, quiet=quiet)
    with progress:
        stats = crawl_to(config, exporter, on_progress=progress.update)
    progress.summary(stats)
    return stats


def _say_render_note(mode: str, stats: CrawlStats, *, quiet: bool) -> None:
    from scraper.crawler.render import render_note

    note = render_note(mode, stats)
    if note and not quiet:
        print(note, file=sys.stderr)


@contextlib.contextmanager
def _state_folder(args: argparse.Namespace, to_stdout: bool) -> Iterator[Path]:
    """The folder holding the crawl state: the output folder, or for stdout --state or a temp."""
    if not to_stdout:
        yield Path(args.output)
    elif args.state is not None:
        yield args.state
    else:
        with tempfile.TemporaryDirectory(prefix="scraper-") as tmp:
            yield Path(tmp)


def _run_extract(args: argparse.Namespace) -> int:
    from scraper.archive.batch import ExtractOptions, extract_inputs
    from scraper.crawler.single import fetch_article

    progress = CrawlProgress(live=wants_live_display(quiet=args.quiet), quiet=args.quiet)
    markdown = args.markdown or args.format == "md"
    options = ExtractOptions(
        markdown=markdown,
        include_comments=args.comments,
        jobs=args.jobs,
        fetch_url=functools.partial(
            fetch_article,
            config=CrawlConfig(max_retries=args.retries),
            markdown=markdown,
            include_comments=args.comments,
        ),
        base_url=args.base_url,
        state_dir=None if args.output == "-" else Path(args.output) / ".scraper",
        on_archive_progress=lambda stats: progress.update(ArchiveProgressView(stats)),
        timeout=args.extract_timeout,
        site_model=args.site_model,
    )
    outcomes = (
        _cluster_command().cluster_outcomes(args.inputs, options, args.cluster)
        if args.cluster
        else extract_inputs(args.inputs, options)
    )
    failed = network_failed = unusable = succeeded = 0
    sink = _ExtractSink(args.output, args.format)
    try:
        with progress:
            for outcome in outcomes:
                if outcome.record is None:
                    failed += 1
                    network_failed += outcome.network
                    unusable += outcome.unusable
                    _say(outcome.error or f"{outcome.source}: failed")
                    continue
                succeeded += 1
                sink.add(outcome.record)
    finally:
        sink.close()
    progress.summary()
    if not succeeded and network_failed:
        return EXIT_NETWORK
    if not succeeded and failed and unusable == failed:
        return EXIT_USAGE  # e.g. a file named .warc.gz that is no WARC at all
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _cluster_command() -> Any:
    """``scraper.distributed.command``, or one line saying how to install the extra."""
    try:
        from scraper.distributed import command
    except ModuleNotFoundError as exc:
        raise InputError('--cluster needs Dask: pip install "scraper[dask]"') from exc
    return command


class _ExtractSink:
    """Where extract results go: one pretty JSON for a single result on stdout, else JSONL or
    the chosen exporter. Holds back the first result until it knows whether a second exists."""

    def __init__(self, output: str, format: str) -> None:
        self._format = format
        self._pending: dict[str, Any] | None = None
        self._count = 0
        self._exporter: Exporter | None = None
        if output != "-":
            ensure_dir(Path(output))
            self._exporter = make_exporter(output, format)
            self._exporter.start()

    def add(self, record: dict[str, Any]) -> None:
        self._count += 1
        if self._exporter is not None:
            self._exporter.export(record)
        elif self._format in ("md", "txt"):
            self._write_document(record)
        elif self._count == 1:
            self._pending = record
        else:
            if self._pending is not None:
                _print_line(record_to_json(self._pending))
                self._pending = None
            _print_line(record_to_json(record))

    def close(self) -> None:
        if self._exporter is not None:
            self._exporter.finish()
        elif self._pending is not None:
            indent = None if self._format == "jsonl" else 2
            _print_line(record_to_json(self._pending, indent=indent))

    def _write_document(self, record: dict[str, Any]) -> None:
        render = render_markdown if self._format == "md" else render_text
        if self._count > 1:
            _print_line("")
        sys.stdout.write(render(record))
        sys.stdout.flush()


def _run_explain(args: argparse.Namespace) -> int:
    from scraper.crawler.single import fetch_page
    from scraper.export.atomic import atomic_write_text
    from scraper.export.report import render_report
    from scraper.extractor.explain import explain

    source = args.input
    if "://" in source:
        page = fetch_page(_check_url(source))
        explanation = explain(page.html, page.final_url)
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError(f"no such file: {source}")
        explanation = explain(path.read_bytes(), None)
    if args.format == "json":
        report = record_to_json(explanation.to_dict(), indent=2)
    else:
        report = render_report(explanation)
    if args.output == "-":
        _print_line(report)
    else:
        atomic_write_text(Path(args.output), report + "\n")
        if not args.quiet:
            kept, total = len(explanation.kept), len(explanation.blocks)
            _say(f"wrote {args.output}: {kept} of {total} blocks kept")
    return EXIT_OK


def _run_demo(args: argparse.Namespace) -> int:
    from scraper.demo import run_demo

    return run_demo(args.output, quiet=args.quiet)


# --- plumbing ----------------------------------------------------------------------------------


def _check_url(url: str) -> str:
    return check_http_url(url)


def _print_line(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _say(message: str, stream: IO[str] | None = None) -> None:
    print(f"scraper: {message}", file=stream or sys.stderr, flush=True)


def _setup_logging(verbosity: int) -> None:
    level = logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )
    if verbosity < 2:
        for noisy in ("httpx", "httpcore", "asyncio"):
            logging.getLogger(noisy).setLevel(logging.WARNING)


def _exit_code_for(error: ScraperError) -> int:
    if isinstance(error, CrawlLocked):
        return EXIT_LOCKED
    if isinstance(error, ExportError | StateError):
        return EXIT_OUTPUT
    if isinstance(error, FetchError):
        return EXIT_NETWORK
    if isinstance(error, InputError | ExtractionError | ArchiveError):
        return EXIT_USAGE
    return EXIT_SOME_FAILED


def _message_for(error: ScraperError) -> str:
    if isinstance(error, ArchiveLocked):
        return f"{error} (wait for it to finish, or use another --warc file)"
    if isinstance(error, CrawlLocked):
        return f"{error} (wait for it to finish, or use another -o)"
    return str(error)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (see the module docstring)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    _setup_logging(args.verbose)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        print(f"\n{INTERRUPTED_MESSAGE}", file=sys.stderr, flush=True)
        return EXIT_INTERRUPTED
    except ScraperError as exc:
        _say(_message_for(exc))
        return _exit_code_for(exc)
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as cat does.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        _say(f"cannot use{where}: {exc.strerror or exc}")
        return EXIT_OUTPUT
    except Exception as exc:
        if args.verbose:
            raise
        _say(f"internal error: {type(exc).__name__}: {exc} (run with -v for the traceback)")
        return EXIT_SOME_FAILED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
