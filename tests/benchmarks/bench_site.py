"""Print the site's figures: build times, lab times, page weights, search index, Lighthouse.

    uv run python tests/benchmarks/bench_site.py [--quick]

A benchmark, not a test: it asserts nothing. It builds a copy of the project in a temporary
folder (the repository is not touched): strictly with a cold notebook cache, again warm, and
once more after a lesson edit. It then times each lab at test and learner size (through
bench_labs.py), weighs every page of the last build (HTML + the CSS and JS it loads; images
apart, they load lazily), and runs Lighthouse (mobile, median of 3) when it finds it, against
a local server that gzips text as any static host does (byte figures above stay raw):
`lighthouse` on PATH or LIGHTHOUSE=/path/to/lighthouse (`npm i -E lighthouse@12.2.3`; Node 20).
`--quick` skips the cold build, the lab timings and Lighthouse.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))
from bench_labs import main as time_labs  # noqa: E402
from browser_support import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from course_files import ROOT  # noqa: E402
from site_build import build_site  # noqa: E402

LESSON = ROOT / "lessons/module-1/1.3-scalability-and-data-infrastructure.md"
LOADED = re.compile(r'<(?:link[^>]*rel="stylesheet"[^>]*href|script[^>]*src)="([^"]+)"')


def timed_build(project: Path, workdir: Path, label: str) -> Path:
    start = time.perf_counter()
    build = build_site(project, workdir / "site", workdir)
    if build.returncode:
        sys.exit(f"{label}: mkdocs build --strict failed:\n{build.log[-3000:]}")
    print(f"{label:<44} {time.perf_counter() - start:>8.1f} s")
    return build.site


def builds(quick: bool) -> Path:
    temp = Path(tempfile.mkdtemp(prefix="bench-site-"))
    project = temp / "project"
    for part in ("docs", "lessons", "labs"):
        shutil.copytree(ROOT / part, project / part, ignore=shutil.ignore_patterns("*-lab-data"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    if quick and (ROOT / ".cache").is_dir():
        shutil.copytree(ROOT / ".cache", temp / ".cache")
    else:
        timed_build(project, temp, "strict build, labs executed (cache cold)")
    timed_build(project, temp, "strict build, cache warm")
    lesson = project / LESSON.relative_to(ROOT)
    lesson.write_text(lesson.read_text() + "\nOne more sentence, as an edit.\n")
    return timed_build(project, temp, "rebuild after a lesson edit")


def page_weights(site: Path) -> None:
    print(f"\n{'page':<52} {'HTML':>8} {'+CSS+JS':>9} {'images':>8}  (KB, raw)")
    for html in sorted(site.rglob("index.html")):
        text = html.read_text(encoding="utf-8")
        assets = {(html.parent / u).resolve() for u in LOADED.findall(text) if "//" not in u}
        total = html.stat().st_size + sum(a.stat().st_size for a in assets if a.is_file())
        images = sum(p.stat().st_size for p in html.parent.glob("plot-*"))
        name = str(html.parent.relative_to(site)) + "/"
        print(
            f"{name:<52} {html.stat().st_size / 1e3:>8.0f} {total / 1e3:>9.0f} {images / 1e3:>8.0f}"
        )
    index = site / "search" / "search_index.json"
    print(f"\nsearch index: {index.stat().st_size / 1e3:.0f} KB")
    notebook_css = site / "assets/stylesheets/notebook.css"
    if notebook_css.exists():
        print(f"shared notebook CSS (cached once): {notebook_css.stat().st_size / 1e3:.0f} KB")


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Compresses text files as every static host does (GitHub Pages, Netlify, a CDN)."""

    def do_GET(self):  # noqa: N802 - the base class's name
        path = Path(self.translate_path(self.path))
        path = path / "index.html" if path.is_dir() else path
        kind = self.guess_type(str(path))
        if not path.is_file() or not kind.startswith(("text/", "application/j")):
            return super().do_GET()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        for name, value in (("Content-Type", kind), ("Content-Encoding", "gzip")):
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002
        pass


@contextmanager
def serve_compressed(site: Path):
    handler = functools.partial(_GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


def lighthouse(site: Path) -> None:
    tool = os.environ.get("LIGHTHOUSE") or shutil.which("lighthouse")
    if not tool or not CHROMIUM.exists():
        print(
            "\nLighthouse: skipped (set LIGHTHOUSE=... or put lighthouse on PATH; needs chromium)"
        )
        return
    pages = ["", "lessons/module-1/1.3-scalability-and-data-infrastructure/"]
    pages += sorted(
        f"labs/1.3-scalability/{p.parent.name}/" for p in site.glob("labs/*/*/index.html")
    )
    categories = ["performance", "accessibility", "best-practices", "seo"]
    print(
        f"\n{'Lighthouse, mobile, median of 3, gzip server':<52} "
        + " ".join(f"{c[:5]:>6}" for c in categories)
    )
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    with serve_compressed(site) as url, tempfile.TemporaryDirectory() as out:
        for page in pages:
            scores = {c: [] for c in categories}
            for run in range(3):
                report = Path(out) / f"{run}.json"
                subprocess.run(
                    [tool, url + page, "--quiet", "--output=json", f"--output-path={report}",
                     f"--only-categories={','.join(categories)}",
                     "--chrome-flags=--headless " + " ".join(CHROMIUM_ARGS)],
                    env=env, check=True, capture_output=True, timeout=300,
                )  # fmt: skip
                result = json.loads(report.read_text())["categories"]
                for c in categories:
                    scores[c].append(round(100 * (result[c]["score"] or 0)))
            row = " ".join(f"{statistics.median(scores[c]):>6.0f}" for c in categories)
            print(f"/{page:<51} {row}")


def main(argv: list[str]) -> None:
    quick = "--quick" in argv
    site = builds(quick)
    page_weights(site)
    if not quick:
        print()
        time_labs()
        lighthouse(site)


if __name__ == "__main__":
    main(sys.argv[1:])
