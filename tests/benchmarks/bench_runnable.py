"""Print the figures of runnable Python in the pages: bytes, first-Run time, editor size.

    uv run python tests/benchmarks/bench_runnable.py [--site DIR] [--runs N]

A benchmark, not a test: it asserts nothing. It builds the site (warm: it reuses the repository's
.cache/) unless --site names a build, serves it from 127.0.0.1 gzipped as a static host would,
and drives Debian's headless Chromium. Each run is a new browser context (empty HTTP cache, a
first visit): it loads lesson 1.3, reads the page, presses Run on the first block, and times the
click to the first output; then a second Run, and a Run after Stop (the runtime comes from the
browser's cache). Bytes are counted by the server, as sent (gzipped where it gzips).
"""

from __future__ import annotations

import gzip
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))
sys.path.insert(0, str(TESTS / "benchmarks"))
from bench_site import _GzipHandler, serve_compressed, weigh  # noqa: E402
from browser_support import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from course_files import ROOT  # noqa: E402
from site_build import build_site  # noqa: E402

LESSON = "lessons/module-1/1.3-scalability-and-data-infrastructure/"
SENT: list[tuple[str, int]] = []  # (path, bytes) of every response, in order


def _count(handler_send):
    """Wrap the handler's writes so the benchmark knows what each request cost on the wire."""

    class Counting(handler_send):
        def do_GET(self):  # noqa: N802 - the base class's name
            before = self.wfile
            counter = _Counter(before)
            self.wfile = counter
            try:
                super().do_GET()
            finally:
                self.wfile = before
                SENT.append((self.path, counter.bytes))

    return Counting


class _Counter:
    def __init__(self, stream):
        self.stream, self.bytes = stream, 0

    def write(self, data):
        self.bytes += len(data)
        return self.stream.write(data)

    def __getattr__(self, name):
        return getattr(self.stream, name)


def build() -> Path:
    temp = Path(tempfile.mkdtemp(prefix="bench-runnable-"))
    if (ROOT / ".cache").is_dir():
        shutil.copytree(ROOT / ".cache", temp / ".cache", ignore=shutil.ignore_patterns("pyodide"))
    start = time.perf_counter()
    done = build_site(ROOT, temp / "site", temp)
    if done.returncode:
        sys.exit(f"mkdocs build --strict failed:\n{done.log[-3000:]}")
    print(f"site built in {time.perf_counter() - start:.1f} s")
    return temp / "site"


def sizes(site: Path) -> None:
    print("\nRuntime files (served by the site, fetched on the first Run), KB raw / gzip -6:")
    total_raw = total_gz = 0
    for path in sorted((site / "assets/pyodide").iterdir()):
        raw, packed = path.stat().st_size, len(gzip.compress(path.read_bytes(), 6))
        total_raw, total_gz = total_raw + raw, total_gz + packed
        print(f"  {path.name:<24} {raw / 1e3:>8.0f} {packed / 1e3:>8.0f}")
    print(f"  {'total':<24} {total_raw / 1e3:>8.0f} {total_gz / 1e3:>8.0f}")
    print("\nThe editor and runner (KB raw / gzip -6):")
    parts = [
        site / "assets/javascripts/runnable.js",
        site / "assets/javascripts/runnable-main.js",
        site / "assets/javascripts/python-worker.js",
        site / "assets/python/lesson_runner.py",
    ]
    css = (ROOT / "docs/assets/stylesheets/learner.css").read_text(encoding="utf-8")
    runnable_css = css[css.index("/* Runnable Python") :].encode()
    for path in parts:
        data = path.read_bytes()
        print(
            f"  {path.name:<24} {len(data) / 1e3:>8.1f} {len(gzip.compress(data, 6)) / 1e3:>8.1f}"
        )
    print(f"  {'runnable CSS rules':<24} {len(runnable_css) / 1e3:>8.1f} "
          f"{len(gzip.compress(runnable_css, 6)) / 1e3:>8.1f}")  # fmt: skip
    html, visit = weigh(site / LESSON / "index.html")
    print(f"\nLesson 1.3 at load, KB raw: HTML {html / 1e3:.0f}, with CSS and JS {visit / 1e3:.0f}")
    print(
        "  of which loaded by every page for runnable blocks: runnable.js and the CSS rules above"
    )


def timings(site: Path, runs: int) -> None:
    from playwright.sync_api import sync_playwright

    first, second, restart, first_bytes, read_bytes = [], [], [], [], []
    with serve_compressed(site, _count(_GzipHandler)) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            SENT.clear()
            page.goto(url + LESSON, wait_until="networkidle")
            read_bytes.append(sum(size for _, size in SENT))
            block = page.locator('.runnable[data-runnable="run"]').first
            block.scroll_into_view_if_needed()
            SENT.clear()
            first.append(_run(block))
            first_bytes.append(sum(size for _, size in SENT))
            second.append(_run(block))
            block.locator("textarea").fill("while True:\n    pass")
            block.locator("button.runnable__button--run").click()
            block.locator("button.runnable__button--stop").click()
            block.locator("button.runnable__button--reset").click()
            restart.append(_run(block))
            context.close()
        browser.close()

    def row(label, values, unit="s", scale=1.0):
        figures = ", ".join(f"{v * scale:.2f}" for v in values)
        print(f"  {label:<46} median {statistics.median(values) * scale:>7.2f} {unit}  ({figures})")

    print(f"\nIn headless Chromium, {runs} first visits (local server, gzip):")
    row("bytes a page that is only read transfers", read_bytes, "KB", 1e-3)
    row("bytes the first Run transfers", first_bytes, "KB", 1e-3)
    row("first Run: click to first output", first)
    row("second Run: click to output", second)
    row("Run after Stop (runtime from the browser cache)", restart)


def _run(block) -> float:
    """Seconds from a click on Run to the block's first line of output."""
    block.page.evaluate(
        "() => document.querySelectorAll('.runnable__output').forEach(o => o.replaceChildren())"
    )
    start = time.perf_counter()
    block.locator("button.runnable__button--run").click()
    block.locator(".runnable__output pre").first.wait_for(timeout=120_000)
    elapsed = time.perf_counter() - start
    block.page.wait_for_function(
        "b => !b.classList.contains('runnable--busy')", arg=block.element_handle()
    )
    return elapsed


def main(argv: list[str]) -> None:
    site = Path(argv[argv.index("--site") + 1]) if "--site" in argv else build()
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 3
    sizes(site)
    timings(site, runs)


if __name__ == "__main__":
    main(sys.argv[1:])
