"""What a lab's run must show, solved or as a learner's copy: shared by the tests that run labs.

tests/test_labs.py runs each lab in this environment; tests/test_learner_copies.py runs the copy
a learner downloads, in a fresh one. Both judge an unsolved run by `check_unsolved_run`.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from harness import stream_text, tags

# Where a lab declares the plausible wrong answers its self-checks must refuse: a list of code,
# each a replacement for the solution cell, in the solution cell's metadata (CONTRIBUTING.md).
WRONG_ANSWERS = "wrong_answers"
CHECKED_EXERCISE = re.compile(r"labkit\.self_check\(\s*([\"'])(?P<name>[^\"']+)\1")


def code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def exercise_count(nb: nbformat.NotebookNode) -> int:
    return sum("exercise" in tags(cell) for cell in nb.cells)


def exercise_summary(executed: nbformat.NotebookNode, path: Path) -> tuple[int, int, str]:
    """(done, checked, text) from the summary that the executed lab printed in its last cell."""
    text = stream_text(code_cells(executed)[-1])
    found = re.search(r"^Exercises done: (\d+) of (\d+)$", text, re.M)
    assert found, f"{path}: the last code cell printed no exercise summary, but {text!r}"
    return int(found[1]), int(found[2]), text


def leftovers(workdir: Path) -> list[str]:
    return [p.name for p in workdir.iterdir() if not p.name.startswith("executed-")]


def check_unsolved_run(
    nb: nbformat.NotebookNode, executed: nbformat.NotebookNode, path: Path, workdir: Path
) -> None:
    """A learner's copy with no exercise done reached its end, said "not done" once per
    exercise, never showed the reference answer, cleaned up, and counted 0 exercises done."""
    last = code_cells(executed)[-1]
    assert last.execution_count is not None, f"{path}: the last cell did not run"
    assert not leftovers(workdir), (
        f"{path}: unsolved, the lab did not clean up its files: {leftovers(workdir)}"
    )

    n = exercise_count(nb)
    printed = [stream_text(cell) for cell in code_cells(executed)[:-1]]
    not_done = sum(text.count("not done") for text in printed)
    assert not_done == n, (
        f"{path}: unsolved, the self-checks must say 'not done' once per exercise ({n}), "
        f"they said it {not_done} times"
    )
    shows_answer = [
        cell.source
        for cell in code_cells(executed)
        if "labkit.self_check(" in cell.source
        and any(output.output_type == "execute_result" for output in cell.outputs)
    ]
    assert not shows_answer, (
        f"{path}: a self-check cell displays its value, the reference answer, to a learner who "
        f"has not answered: assign it to a name.\n{shows_answer}"
    )
    wrong = [text for text in printed if "not right" in text]
    assert not wrong, f"{path}: an exercise not done was reported wrong: {wrong}"
    done, checked, text = exercise_summary(executed, path)
    assert (done, checked) == (0, n), f"{path}: unsolved, the summary must say 0 of {n}:\n{text}"


def checked_exercise(check: nbformat.NotebookNode) -> str | None:
    """The exercise name a self-check cell checks ("Exercise 2"), or None."""
    found = CHECKED_EXERCISE.search(check.source)
    return found and found["name"]


def with_wrong_answers(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of `nb` that, after each exercise's self-check, tries the exercise's declared
    wrong answers one at a time (`labkit.check_again`), then restores the solution and checks
    it again, so the rest of the lab runs as before. Cells added carry `wrong_answer` metadata.
    """
    nb = nbformat.from_dict(nb)
    cells = []
    for i, cell in enumerate(nb.cells):
        cells.append(cell)
        if i == 0 or "solution" not in tags(nb.cells[i - 1]):
            continue
        solution, exercise = nb.cells[i - 1], checked_exercise(cell)
        wrong_answers = solution.metadata.get(WRONG_ANSWERS, [])
        if not wrong_answers:
            continue
        check = f"_ = labkit.check_again({exercise!r})"
        # Each wrong answer, then the solution again (the rest of the lab runs as before).
        for answer, source in [*enumerate(wrong_answers, start=1), ("solution", solution.source)]:
            probe = {"exercise": exercise, "answer": answer}
            for code in (source, check):
                cells.append(nbformat.v4.new_code_cell(code, metadata={"wrong_answer": probe}))
    nb.cells = cells
    return nb


def unrefused_wrong_answers(executed: nbformat.NotebookNode, path: Path) -> list[str]:
    """The declared wrong answers that the run of `with_wrong_answers` did not see refused
    with a message showing the expected and the actual value."""
    problems = []
    for cell in executed.cells:
        probe = cell.metadata.get("wrong_answer")
        if not probe or probe["answer"] == "solution" or "check_again" not in cell.source:
            continue
        said = stream_text(cell)
        if not ("not right yet" in said and "expected" in said and "got" in said):
            problems.append(
                f"{path}: {probe['exercise']}, wrong answer {probe['answer']} was not refused "
                f"with the expected and the actual value; the check said {said.strip()!r}"
            )
    return problems
