"""A lab prints the same outputs on every run, apart from the cells that show timings.

A lab's numbers are quoted by its lesson, so they must not change from run to run: seeded
generators, stable hashes, sorted results. Cells whose outputs show measured times carry the
`timing` tag (CONTRIBUTING.md, the lab contract) and are left out of the comparison, as are the
cells tagged `environment` (the machine, the package versions, sizes that depend on them), the
working-folder paths and the ports and addresses of a local Dask cluster.

The two runs compared are the session's own: test_labs.py's solved run, in this environment,
and the run of the copy a learner downloads (test_learner_copies.py), unsolved, in a fresh
environment with every package at the lowest version pyproject.toml allows. Matching cell by
cell (by cell id), they must agree everywhere but in the exercises themselves: the exercise and
solution cells, the self-checks that judge them, the install cell and the closing summary (an
unsolved lab goes on with the reference answers, so every later number is the same). So one
comparison says both that the lab is deterministic and that a learner on the oldest supported
packages sees the numbers the site shows. Where either run is missing (this module run alone),
the test runs the lab solved itself, twice if need be, and compares those runs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from course_files import LABS, ROOT
from harness import execute, prepare, read_notebook, small_parameters, tags

TIMING_TAG = "timing"
ENVIRONMENT_TAG = "environment"
# Values that legitimately differ between two runs and are not results.
VOLATILE = [
    (re.compile(r"0x[0-9a-f]{6,}"), "0x…"),  # object addresses in reprs
    (re.compile(r"(127\.0\.0\.1|localhost):\d+"), r"\1:PORT"),  # Dask scheduler and workers
    (re.compile(r"\b[0-9a-f]{32}\b"), "ID"),  # Dask task and client ids
]


# Cells left out: measured times, the machine, and where a solved run and a learner's unsolved
# copy differ by design (the exercises, their self-checks, the install cell, the summary).
SKIPPED_TAGS = {TIMING_TAG, ENVIRONMENT_TAG, "install", "exercise", "solution"}
EXERCISE_CALLS = ("labkit.self_check(", "labkit.exercise_summary(")


def compared(cell: nbformat.NotebookNode) -> bool:
    return (
        cell.cell_type == "code"
        and not SKIPPED_TAGS & set(tags(cell))
        and not any(call in cell.source for call in EXERCISE_CALLS)
    )


def comparable_outputs(nb: nbformat.NotebookNode, workdir: Path) -> dict[str, str]:
    """Cell id -> normalised outputs, for every compared cell."""
    cells = {}
    for cell in nb.cells:
        if not compared(cell):
            continue
        text = []
        stream = None  # the kernel may split one print's text over several stream messages
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                if stream == output.name:
                    text[-1] += output.text
                else:
                    text.append(f"{output.name}: {output.text}")
                stream = output.name
                continue
            stream = None
            if output.output_type in ("execute_result", "display_data"):
                # Plots are compared through the data they draw: the cell's other outputs.
                data = {k: v for k, v in output.data.items() if not k.startswith("image/")}
                text.append(json.dumps(data, sort_keys=True))
            elif output.output_type == "error":
                text.append(f"error: {output.ename}: {output.evalue}")
        joined = "\n".join(text).replace(str(workdir), "WORKDIR")
        for pattern, replacement in VOLATILE:
            joined = pattern.sub(replacement, joined)
        cells[cell.id] = joined
    return cells


def session_run(pattern: str, tmp_path_factory) -> tuple[nbformat.NotebookNode, Path] | None:
    """An executed copy that an earlier test of this session left (`pattern`, in its folders)."""
    base = tmp_path_factory.getbasetemp()
    for copy in sorted(base.glob(pattern)):
        return nbformat.read(copy, as_version=4), copy.parent
    return None


@pytest.mark.parametrize("path", LABS, ids=lambda p: str(p.relative_to(ROOT / "labs")))
def test_lab_outputs_are_the_same_twice(path: Path, tmp_path: Path, tmp_path_factory):
    nb = read_notebook(path)
    found = [
        session_run(f"test_lab_runs_solved*/executed-{path.name}", tmp_path_factory),
        session_run(f"test_downloaded_copy*/run/executed-{path.name}", tmp_path_factory),
    ]
    runs = [comparable_outputs(*run) for run in found if run]
    while len(runs) < 2:
        workdir = tmp_path / f"run-{len(runs)}"
        workdir.mkdir()
        executed = execute(prepare(nb, path, small_parameters(nb)), path, workdir)
        runs.append(comparable_outputs(executed, workdir))
    first, second = runs
    expected = {cell.id for cell in nb.cells if compared(cell)}
    missing = sorted((expected - set(first)) | (expected - set(second)))
    assert not missing, f"{path}: cells {missing} are missing from one of the two runs"
    differing = [i for i in first if i in expected and first[i] != second.get(i)]
    details = "\n".join(f"cell {i}:\n  {first[i]!r}\n  {second.get(i)!r}" for i in differing[:3])
    both = "the solved run and the learner's copy (lowest versions)" if all(found) else "two runs"
    assert not differing, (
        f"{path}: cells {differing} print different outputs in {both}. Seed what is random; "
        f"tag cells that show measured times `{TIMING_TAG}`, and cells that describe the machine "
        f"or print what depends on package versions `{ENVIRONMENT_TAG}`.\n{details}"
    )
