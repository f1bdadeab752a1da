"""Print what a contributor waits for: the first page of `mkdocs serve`, a lesson edit, the suite.

    uv run python tests/benchmarks/bench_workflow.py [--no-suite]

A benchmark, not a test: it asserts nothing. Everything runs in fresh clones of the repository's
last commit (uncommitted changes are not measured) in a temporary folder, with caches of
executed labs that start empty (COURSE_CACHE_DIR, which the tests' builds use too):

- `uv run mkdocs serve` in a fresh clone: seconds until the home page answers, until a lab page
  shows its outputs, and for a rebuild after a lesson edit; beside the same for a default
  Material + mkdocs-jupyter site of the same pages (bench_site.DEFAULT_SITE), whose server
  answers only once every lab has executed;
- `uv run pytest` in a fresh clone: with the tests' cache of executed labs empty, then again in
  another fresh clone with that cache as the first run left it.
The uv environment of each clone is made before the clock starts (`uv sync`).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))
from bench_site import DEFAULT_SITE, LESSON  # noqa: E402
from browser_support import free_port  # noqa: E402
from course_files import ROOT  # noqa: E402

LAB_PAGE = "labs/1.3-scalability/01-partitioning/"
SERVE_PATH = re.search(r"^site_url: https?://[^/]+(/\S*)", (ROOT / "mkdocs.yml").read_text(), re.M)


def clone(temp: Path, name: str) -> Path:
    target = temp / name
    subprocess.run(["git", "clone", "-q", str(ROOT), str(target)], check=True)
    subprocess.run(["uv", "sync", "-q"], cwd=target, check=True)
    return target


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def wait_for(condition, timeout: float = 900) -> float:
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("gave up waiting")
        time.sleep(0.2)
    return time.perf_counter() - start


def serve_figures(project: Path, config: str, cache: Path, label: str) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}{SERVE_PATH[1] if SERVE_PATH else '/'}"
    log = project / "serve.log"
    env = {**os.environ, "COURSE_CACHE_DIR": str(cache)}
    start = time.perf_counter()
    with open(log, "w") as out:
        server = subprocess.Popen(
            ["uv", "run", "mkdocs", "serve", "-f", config, "-a", f"127.0.0.1:{port}"],
            cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_for(lambda: fetch(base) is not None)
        first = time.perf_counter() - start

        def lab_has_outputs():
            html = fetch(base + LAB_PAGE) or ""
            return "jp-OutputArea-output" in html and "Outputs on the way" not in html

        wait_for(lab_has_outputs)
        outputs = time.perf_counter() - start
        lesson = project / LESSON.relative_to(ROOT)
        builds = len(re.findall(r"Documentation built in", log.read_text()))
        lesson.write_text(lesson.read_text() + "\nOne more sentence, as an edit.\n")
        wait_for(lambda: len(re.findall(r"Documentation built in", log.read_text())) > builds)
        rebuild = float(re.findall(r"Documentation built in ([\d.]+)", log.read_text())[-1])
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"{label:<34} first page {first:6.1f} s   lab outputs {outputs:6.1f} s   "
        f"lesson edit rebuilt in {rebuild:4.1f} s"
    )


def suite_seconds(project: Path, cache: Path) -> tuple[float, str]:
    env = {**os.environ, "COURSE_CACHE_DIR": str(cache)}
    start = time.perf_counter()
    result = subprocess.run(
        ["uv", "run", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=project, env=env, capture_output=True, text=True,
    )  # fmt: skip
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr
    return time.perf_counter() - start, summary


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-workflow-") as folder:
        temp = Path(folder)
        print(f"{'mkdocs serve in a fresh clone':<34} (cache of executed labs empty)")
        project = clone(temp, "serve")
        serve_figures(project, "mkdocs.yml", temp / "serve-cache", "this site")
        default = clone(temp, "default")
        (default / "default-theme").mkdir()
        (default / "mkdocs-default.yml").write_text(DEFAULT_SITE)
        serve_figures(
            default, "mkdocs-default.yml", temp / "default-cache", "reference: default site"
        )
        if "--no-suite" in argv:
            return
        print(f"\n{'uv run pytest in a fresh clone':<34} (2 processes, pyproject's addopts)")
        for run, name in enumerate(["tests' lab cache empty", "tests' lab cache warm"]):
            seconds, summary = suite_seconds(clone(temp, f"suite-{run}"), temp / "suite-cache")
            print(f"{name:<34} {seconds:6.1f} s   {summary}")


if __name__ == "__main__":
    main(sys.argv[1:])
