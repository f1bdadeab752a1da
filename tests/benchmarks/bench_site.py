"""Print the site's figures: build times, lab times, page weights, search index, Lighthouse.

    uv run python tests/benchmarks/bench_site.py [--quick]

A benchmark, not a test: it asserts nothing. It builds a copy of the project in a temporary
folder (the repository is not touched): strictly with a cold notebook cache, again warm, and
once more after a lesson edit. It also builds the same pages as a default site would
(`theme: material` with no features, palette, extra CSS/JS or hooks but the one that mounts
lessons and labs; mkdocs-jupyter's defaults, notebooks executed) as the reference. It then
times each lab at test and learner size (through bench_labs.py), weighs every page of both
builds (HTML, then HTML + the CSS and JS it loads: a first visit; images apart, they load
lazily), and runs Lighthouse (mobile, median of 3) when it finds it, against a local server
that gzips text as any static host does (byte figures above stay raw): `lighthouse` on PATH
or LIGHTHOUSE=/path/to/lighthouse (`npm i -E lighthouse@12.2.3`; Node 20).
`--quick` skips the cold build, the default site, the lab timings and Lighthouse.
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
    # The benchmark's own cache of executed labs: cold on the first build, whatever ran before.
    build = build_site(project, workdir / "site", workdir, cache=workdir / "cache")
    if build.returncode:
        sys.exit(f"{label}: mkdocs build --strict failed:\n{build.log[-3000:]}")
    print(f"{label:<44} {time.perf_counter() - start:>8.1f} s")
    return build.site


# The reference: the same pages as a default Material + mkdocs-jupyter site would serve them.
DEFAULT_SITE = """\
INHERIT: mkdocs.yml
strict: false
theme:
  name: material
  custom_dir: default-theme
  features: []
  palette: []
  font: {text: Roboto, code: Roboto Mono}
extra_css: []
extra_javascript: []
hooks: [docs/hooks/mount.py]
plugins:
  - search
  - mkdocs-jupyter:
      include: ["*.ipynb"]
      execute: true
      cache_dir: .cache/default-site
"""


def copy_project(temp: Path) -> Path:
    """The files a build reads: the site's folders, mkdocs.yml and the files pages include or
    the build packs (CONTRIBUTING.md, LICENSE.md, pyproject.toml, README.md, LICENSES/)."""
    project = temp / "project"
    for part in ("docs", "lessons", "labs", "LICENSES"):
        shutil.copytree(ROOT / part, project / part, ignore=shutil.ignore_patterns("*-lab-data"))
    for path in ROOT.iterdir():
        if path.is_file() and not path.name.startswith(".") and path.name != "uv.lock":
            shutil.copy(path, project / path.name)
    return project


def builds(quick: bool) -> tuple[Path, Path | None]:
    """(this site after a lesson edit, the default site or None with --quick)"""
    temp = Path(tempfile.mkdtemp(prefix="bench-site-"))
    project = copy_project(temp)
    if quick and (ROOT / ".cache" / "mkdocs-jupyter").is_dir():
        shutil.copytree(ROOT / ".cache" / "mkdocs-jupyter", temp / "cache" / "mkdocs-jupyter")
    else:
        timed_build(project, temp, "strict build, labs executed (cache cold)")
    timed_build(project, temp, "strict build, cache warm")
    lesson = project / LESSON.relative_to(ROOT)
    lesson.write_text(lesson.read_text() + "\nOne more sentence, as an edit.\n")
    site = timed_build(project, temp, "rebuild after a lesson edit")
    if quick:
        return site, None
    (project / "default-theme").mkdir()
    (project / "mkdocs-default.yml").write_text(DEFAULT_SITE)
    start = time.perf_counter()
    default = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "project/mkdocs-default.yml",
         "-d", str(temp / "default-site")],
        cwd=temp, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    if default.returncode:
        sys.exit(f"the default-site build failed:\n{default.stderr[-3000:]}")
    print(f"{'reference: default site, labs executed':<44} {time.perf_counter() - start:>8.1f} s")
    return site, temp / "default-site"


def weigh(html: Path) -> tuple[int, int]:
    """(the page's HTML, the HTML with the stylesheets and scripts it loads) in bytes."""
    text = html.read_text(encoding="utf-8")
    assets = {(html.parent / u.split("?")[0]).resolve() for u in LOADED.findall(text)}
    loaded = sum(a.stat().st_size for a in assets if a.is_file())
    return html.stat().st_size, html.stat().st_size + loaded


def page_weights(site: Path, default: Path | None) -> None:
    columns = f"{'HTML':>6} {'visit':>6}"
    reference = f"   default site: {columns}" if default else ""
    print(f"\n{'page (KB, raw; visit = HTML + its CSS and JS)':<52} {columns}{reference}")
    for html in sorted(site.rglob("index.html")):
        relative = html.relative_to(site)
        page, visit = weigh(html)
        row = f"{str(relative.parent) + '/':<52} {page / 1e3:>6.0f} {visit / 1e3:>6.0f}"
        if default and (default / relative).is_file():
            page, visit = weigh(default / relative)
            row += f"   {'':>14}{page / 1e3:>6.0f} {visit / 1e3:>6.0f}"
        print(row)
    for label, folder in (("", site), ("default site ", default)):
        if folder:
            size = (folder / "search/search_index.json").stat().st_size
            print(f"{label}search index: {size / 1e3:.0f} KB")
    shared = [*site.glob("assets/stylesheets/*.css"), *site.glob("assets/javascripts/*.js")]
    sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e3:.0f}" for p in sorted(shared))
    print(f"shared files (KB), cached after a first visit: {sizes}")


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
def serve_compressed(site: Path, handler_class: type = _GzipHandler):
    handler = functools.partial(handler_class, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


def lighthouse(site: Path, default: Path | None) -> None:
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
    runs = [(site, page, "") for page in pages]
    if default:  # the default site's lesson and heaviest lab page, for comparison
        runs += [(default, pages[1], "default: "), (default, pages[-2], "default: ")]
    with tempfile.TemporaryDirectory() as out:
        for folder, page, label in runs:
            with serve_compressed(folder) as url:
                row = _lighthouse_row(tool, url + page, categories, env, Path(out))
            print(f"{label + '/' + page:<52} {row}")


def _lighthouse_row(tool: str, url: str, categories: list[str], env: dict, out: Path) -> str:
    scores = {c: [] for c in categories}
    for run in range(3):
        report = out / f"{run}.json"
        subprocess.run(
            [tool, url, "--quiet", "--output=json", f"--output-path={report}",
             f"--only-categories={','.join(categories)}",
             "--chrome-flags=--headless " + " ".join(CHROMIUM_ARGS)],
            env=env, check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        result = json.loads(report.read_text())["categories"]
        for c in categories:
            scores[c].append(round(100 * (result[c]["score"] or 0)))
    return " ".join(f"{statistics.median(scores[c]):>6.0f}" for c in categories)


def main(argv: list[str]) -> None:
    quick = "--quick" in argv
    site, default = builds(quick)
    page_weights(site, default)
    if not quick:
        print()
        time_labs()
        lighthouse(site, default)


if __name__ == "__main__":
    main(sys.argv[1:])
