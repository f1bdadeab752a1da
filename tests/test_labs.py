"""Every notebook under labs/ is executed and checked; a new notebook is a new test.

Each lab runs twice with the small sizes it declares in its metadata
(`course.test_parameters`): solved, where every cell must pass, and with its `solution`
cells removed, where it must stop at the first exercise with the "not done yet" error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from course_files import LABS, ROOT
from harness import (
    LabError,
    declared_parameters,
    execute,
    failing_error,
    prepare,
    read_notebook,
    small_parameters,
    tags,
)

# The template contributors copy (CONTRIBUTING.md) must pass every check a lab passes.
TEMPLATE = ROOT / "docs" / "contributing" / "templates" / "lab.ipynb"
NOTEBOOKS = [*LABS, TEMPLATE]


def lab_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_labs_are_found():
    assert LABS, "no notebook found under labs/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lab_id)
def test_lab_is_stored_clean(path: Path):
    nb = read_notebook(path)
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not dirty, f"{path}: cells {dirty} keep outputs or execution counts; run nbstripout"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lab_id)
def test_lab_declares_its_parameters(path: Path):
    nb = read_notebook(path)
    declared = declared_parameters(nb, path)
    small = small_parameters(nb)
    assert small, f"{path}: declare small sizes in metadata course.test_parameters"
    missing = {"SEED", "WORK_DIR", "KEEP_FILES"} - set(declared)
    assert not missing, f"{path}: the parameters cell must set {sorted(missing)}"
    work_dir = str(declared["WORK_DIR"])
    assert work_dir.endswith("-lab-data"), f"{path}: WORK_DIR must end in -lab-data"
    assert declared["KEEP_FILES"] is False, f"{path}: KEEP_FILES must default to False"
    assert nb.cells[0].source.startswith("# Lab "), f"{path}: the first cell is the lab's title"
    unknown = set(small) - set(declared)
    assert not unknown, f"{path}: test parameters {sorted(unknown)} are not in the parameters cell"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lab_id)
def test_lab_runs_solved(path: Path, tmp_path: Path):
    nb = read_notebook(path)
    execute(prepare(nb, path, small_parameters(nb)), path, tmp_path)
    leftovers = [p.name for p in tmp_path.iterdir() if not p.name.startswith("executed-")]
    assert not leftovers, f"{path}: the lab left files behind after it finished: {leftovers}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lab_id)
def test_lab_exercises_stop_until_done(path: Path, tmp_path: Path):
    nb = read_notebook(path)
    exercises = [c for c in nb.cells if "exercise" in tags(c)]
    assert exercises, f"{path}: has no cell tagged 'exercise'"
    assert all("solution" in tags(nb.cells[nb.cells.index(c) + 1]) for c in exercises), (
        f"{path}: every 'exercise' cell must be followed by its 'solution' cell"
    )

    unsolved = prepare(nb, path, small_parameters(nb), drop_tags=frozenset({"solution"}))
    with pytest.raises(LabError):
        execute(unsolved, path, tmp_path)
    stopped = failing_error(unsolved)
    assert stopped is not None and stopped[1] == "ExerciseNotDone", (
        f"{path}: without its solutions the lab must stop with ExerciseNotDone at the first "
        f"exercise's self-check, but it stopped with {stopped}"
    )
