"""What a lab's run must show, solved or as a learner's copy: shared by the tests that run labs.

tests/test_labs.py runs each lab in this environment; tests/test_learner_copies.py runs the copy
a learner downloads, in a fresh one. Both judge an unsolved run by `check_unsolved_run`.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from harness import stream_text, tags


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
