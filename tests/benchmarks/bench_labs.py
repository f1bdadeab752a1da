"""Print how long each lab takes to execute, at test size and at learner size.

    uv run python tests/benchmarks/bench_labs.py [name-filter]
    uv run --resolution lowest-direct python tests/benchmarks/bench_labs.py [name-filter]

The first line printed names the versions of the labs' packages the run used (the second
command runs at the lowest versions pyproject.toml allows).

A benchmark, not a test: it prints figures and asserts nothing. Each run starts a fresh
kernel in a temporary folder, through the same harness the tests use.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from course_files import ROOT  # noqa: E402
from harness import execute, prepare, read_notebook, small_parameters  # noqa: E402
from versions import describe  # noqa: E402


def seconds_to_run(path: Path, parameters: dict) -> float:
    nb = read_notebook(path)
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        execute(prepare(nb, path, parameters), path, Path(folder))
        return time.perf_counter() - start


def main(pattern: str = "") -> None:
    labs = sorted(p for p in (ROOT / "labs").rglob("*.ipynb") if pattern in p.name)
    print(f"versions: {describe()}")
    print(f"{'lab':<45} {'test size':>10} {'learner size':>13}")
    for lab in labs:
        small = seconds_to_run(lab, small_parameters(read_notebook(lab)))
        full = seconds_to_run(lab, {})
        print(f"{str(lab.relative_to(ROOT / 'labs')):<45} {small:>9.1f}s {full:>12.1f}s")


if __name__ == "__main__":
    main(*sys.argv[1:])
