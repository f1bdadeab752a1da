"""Every notebook under labs/ is executed and checked; a new notebook is a new test.

Each lab runs with the small sizes it declares in its metadata (`course.test_parameters`):
solved, where every cell must pass and every exercise is reported correct, after each of the
wrong answers it declares has been tried and refused. Unsolved, as a
learner's copy (its `solution` cells removed), "Run all" must still reach the last cell: each
self-check says its exercise is not done yet, the lab goes on with the reference answers, and
the closing summary counts 0 exercises done. The labs' unsolved runs are those of the copies a
learner downloads, in a fresh environment (tests/test_learner_copies.py); the template, which
the site does not publish, runs unsolved here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from course_files import LABS, ROOT
from harness import declared_parameters, execute, prepare, read_notebook, small_parameters, tags
from lab_runs import (
    WRONG_ANSWERS,
    check_unsolved_run,
    checked_exercise,
    code_cells,
    exercise_count,
    exercise_summary,
    leftovers,
    unrefused_wrong_answers,
    with_wrong_answers,
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
def test_lab_starts_with_the_install_cell(path: Path):
    nb = read_notebook(path)
    first = code_cells(nb)[0]
    assert "install" in tags(first), f"{path}: the first code cell must be tagged 'install'"
    assert re.search(r"^import labkit$", first.source, re.M), (
        f"{path}: the install cell must `import labkit`, but it is:\n{first.source}"
    )
    tagged = [i for i, cell in enumerate(nb.cells) if "install" in tags(cell)]
    assert len(tagged) == 1, f"{path}: cells {tagged} are tagged 'install'; only the first may be"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lab_id)
def test_lab_exercises_have_a_solution_a_self_check_and_a_summary(path: Path):
    nb = read_notebook(path)
    exercises = [i for i, cell in enumerate(nb.cells) if "exercise" in tags(cell)]
    assert exercises, f"{path}: has no cell tagged 'exercise'"
    for i in exercises:
        following = nb.cells[i + 1 : i + 3]
        assert following and "solution" in tags(following[0]), (
            f"{path}: the 'exercise' cell {i} must be followed by its 'solution' cell"
        )
        check = following[-1]
        assert (
            len(following) == 2
            and check.cell_type == "code"
            and "labkit.self_check(" in check.source
            and not tags(check) & {"exercise", "solution"}
        ), f"{path}: the 'solution' cell {i + 1} must be followed by a labkit.self_check cell"
        exercise = checked_exercise(check) or f"the exercise of cell {i}"
        # A lambda looks the answer up when called: a changed answer is what check_again calls.
        assert re.search(r"self_check\(\s*([\"'])[^\"']+\1,\s*lambda\s*:", check.source), (
            f"{path}: {exercise}'s self_check must take its attempt as a `lambda: ...` calling "
            "the exercise's function, not the function itself"
        )
        wrong = following[0].metadata.get(WRONG_ANSWERS)
        assert isinstance(wrong, list) and wrong and all(isinstance(w, str) for w in wrong), (
            f"{path}: {exercise} declares no wrong answer: give its solution cell the metadata "
            f'"{WRONG_ANSWERS}": a list of code, each a plausible wrong version of the solution '
            "that the self-check must refuse (CONTRIBUTING.md, the lab contract)"
        )
        for number, source in enumerate(wrong, start=1):
            try:
                compile(source, f"{path}: {exercise}, wrong answer {number}", "exec")
            except SyntaxError as exc:
                pytest.fail(f"{path}: {exercise}, wrong answer {number} is not Python: {exc}")
    assert "labkit.exercise_summary()" in code_cells(nb)[-1].source, (
        f"{path}: the last code cell must print labkit.exercise_summary()"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lab_id)
def test_lab_runs_solved(path: Path, tmp_path: Path):
    """Solved, and each exercise's declared wrong answers tried after its check: every wrong
    answer refused (expected and actual shown), every solution correct."""
    nb = read_notebook(path)
    probed = with_wrong_answers(prepare(nb, path, small_parameters(nb)))
    executed = execute(probed, path, tmp_path)
    assert not leftovers(tmp_path), (
        f"{path}: the lab left files behind after it finished: {leftovers(tmp_path)}"
    )
    refusals = unrefused_wrong_answers(executed, path)
    assert not refusals, "\n".join(refusals)
    done, checked, text = exercise_summary(executed, path)
    n = exercise_count(nb)
    assert done == checked == n, f"{path}: solved, all {n} exercises must be correct:\n{text}"


@pytest.mark.parametrize("path", [TEMPLATE], ids=lab_id)
def test_lab_runs_to_the_end_unsolved(path: Path, tmp_path: Path):
    """A learner's copy with no exercise done: "Run all" reaches the last cell (the labs':
    tests/test_learner_copies.py)."""
    nb = read_notebook(path)
    unsolved = prepare(nb, path, small_parameters(nb), drop_tags=frozenset({"solution"}))
    executed = execute(unsolved, path, tmp_path)  # raises LabError at the first failing cell
    check_unsolved_run(nb, executed, path, tmp_path)
