"""Executing a lab twice gives the same outputs, apart from the cells that show timings.

A lab's numbers are quoted by its lesson, so they must not change from run to run: seeded
generators, stable hashes, sorted results. Cells whose outputs show measured times carry the
`timing` tag (CONTRIBUTING.md, the lab contract) and are left out of the comparison, as are
the working-folder paths and the ports and addresses of a local Dask cluster.

To stay cheap, the first run is the executed copy that test_labs.py's solved run leaves in
its temporary folder (conftest.py runs this module last); only when that copy is missing
(this module run alone) does the test execute the lab twice.
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
# Values that legitimately differ between two runs and are not results.
VOLATILE = [
    (re.compile(r"0x[0-9a-f]{6,}"), "0x…"),  # object addresses in reprs
    (re.compile(r"(127\.0\.0\.1|localhost):\d+"), r"\1:PORT"),  # Dask scheduler and workers
    (re.compile(r"\b[0-9a-f]{32}\b"), "ID"),  # Dask task and client ids
]


def comparable_outputs(nb: nbformat.NotebookNode, workdir: Path) -> list[tuple[int, str]]:
    """(cell index, normalised outputs) of every code cell that is not tagged `timing`."""
    cells = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or TIMING_TAG in tags(cell):
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
        cells.append((index, joined))
    return cells


def first_run(path: Path, tmp_path_factory) -> tuple[nbformat.NotebookNode, Path] | None:
    """The executed copy test_labs.py's solved run left behind in this session, if any."""
    base = tmp_path_factory.getbasetemp()
    for copy in sorted(base.glob(f"test_lab_runs_solved*/executed-{path.name}")):
        return nbformat.read(copy, as_version=4), copy.parent
    return None


@pytest.mark.parametrize("path", LABS, ids=lambda p: str(p.relative_to(ROOT / "labs")))
def test_lab_outputs_are_the_same_twice(path: Path, tmp_path: Path, tmp_path_factory):
    nb = read_notebook(path)
    runs = []
    previous = first_run(path, tmp_path_factory)
    if previous:
        runs.append(comparable_outputs(*previous))
    while len(runs) < 2:
        workdir = tmp_path / f"run-{len(runs)}"
        workdir.mkdir()
        executed = execute(prepare(nb, path, small_parameters(nb)), path, workdir)
        runs.append(comparable_outputs(executed, workdir))
    first, second = (dict(run) for run in runs)
    differing = [i for i in first if first[i] != second.get(i)]
    details = "\n".join(f"cell {i}:\n  {first[i]!r}\n  {second.get(i)!r}" for i in differing[:3])
    assert not differing, (
        f"{path}: cells {differing} print different outputs in two runs. Seed what is random; "
        f"tag cells that show measured times `{TIMING_TAG}`.\n{details}"
    )
