"""Self-checks for lab exercises, and the summary of which exercises are done.

An exercise cell defines a function that raises `NotImplementedError` until the learner
writes it. The self-check cell after it calls `self_check`, which compares the answer with
a value the notebook computes. A check never stops "Run all": an exercise not done yet, or
not right yet, is reported in the cell's output and the lab goes on with the reference
answer, so every later section (clean-up included) still runs. Only an error raised by the
learner's own code stops the lab, since that is a bug to see, not an exercise to skip.

Each check records its exercise's status in this kernel; `exercise_summary`, the last cell
of every lab, lists them. `check_again` repeats an exercise's last check, against the same
expected value, after its answer changed: no need to re-run a long measurement.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Callable
from typing import Any, Literal

import numpy as np

Status = Literal["correct", "not done", "wrong"]

# One entry per exercise checked in this kernel; running a check again replaces its entry.
_statuses: dict[str, Status] = {}
# The arguments of each exercise's last check, for `check_again`.
_last_checks: dict[str, tuple[Callable[[], Any], Any, float | None]] = {}

_SUMMARY_LINES: dict[Status, str] = {
    "correct": "✔ {exercise}: correct",
    "not done": "○ {exercise}: not done yet (the lab used the reference answer)",
    "wrong": "✘ {exercise}: not right yet (the lab used the reference answer)",
}


def self_check(
    exercise: str,
    attempt: Callable[[], Any],
    expected: Any,
    *,
    rel_tol: float | None = None,
) -> Any:
    """Run `attempt()`, compare its result with `expected` and say which it is, in the output.

    Returns the value the rest of the lab should use: the learner's result when it is right,
    otherwise `expected` (the reference answer). `NotImplementedError` means "not done yet";
    any other exception from `attempt()` propagates. `rel_tol` compares numbers
    approximately (for floats computed in another order).
    """
    _last_checks[exercise] = (attempt, expected, rel_tol)
    try:
        actual = attempt()
    except NotImplementedError:
        _statuses[exercise] = "not done"
        print(
            f"○ {exercise} is not done yet: replace `raise NotImplementedError` in the exercise "
            "cell with your answer, run that cell, then run this one again. Until then, this lab "
            "goes on with the reference answer."
        )
        return expected
    except Exception:
        _statuses[exercise] = "wrong"  # a crash is an attempt that is not right yet
        raise
    if not _matches(actual, expected, rel_tol):
        _statuses[exercise] = "wrong"
        # stderr: JupyterLab and Jupyter Notebook show it on a red background.
        print(
            f"✘ {exercise} is not right yet: expected {_show(expected)}, got {_show(actual)}. "
            "Change the exercise cell, run it, then run this one again. Until then, this lab "
            "goes on with the reference answer.",
            file=sys.stderr,
        )
        return expected
    _statuses[exercise] = "correct"
    print(f"✔ {exercise}: correct ({_show(actual)}).")
    return actual


def check_again(exercise: str) -> Any:
    """Check `exercise` again, against the expected value of its last check in this kernel.

    After changing an answer, run its exercise cell and then this: the check calls the new
    answer (a check's `attempt` looks its function up by name when called) without measuring
    again.
    """
    if exercise not in _last_checks:
        checked = ", ".join(_last_checks) or "none yet"
        raise KeyError(f"{exercise!r} has not been checked in this kernel (checked: {checked})")
    attempt, expected, rel_tol = _last_checks[exercise]
    return self_check(exercise, attempt, expected, rel_tol=rel_tol)


def exercise_summary() -> dict[str, Status]:
    """Print how many of the exercises checked in this kernel are correct, one line each.

    Returns a copy of the statuses, exercise name to "correct", "not done" or "wrong".
    """
    done = Counter(_statuses.values())["correct"]
    print(f"Exercises done: {done} of {len(_statuses)}")
    for exercise, status in _statuses.items():
        print("  " + _SUMMARY_LINES[status].format(exercise=exercise))
    return dict(_statuses)


def _matches(actual: Any, expected: Any, rel_tol: float | None) -> bool:
    if (
        rel_tol is not None
        and isinstance(actual, int | float)
        and isinstance(expected, int | float)
    ):
        return math.isclose(actual, expected, rel_tol=rel_tol)
    return actual == expected


def _show(value: Any) -> str:
    """`repr`, NumPy scalars shown as the Python numbers they hold: 0.5, not np.float64(0.5)."""
    return repr(value.item() if isinstance(value, np.generic) else value)
