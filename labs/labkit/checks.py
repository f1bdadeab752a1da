"""Self-checks for lab exercises.

An exercise cell defines a function that raises `NotImplementedError` until the learner
writes it. The self-check cell after it calls `self_check`, which turns that into a clear
"not done yet" message, and a wrong answer into expected-versus-actual.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any


class ExerciseNotDone(Exception):
    """The learner has not written this exercise yet."""


def self_check(
    exercise: str,
    attempt: Callable[[], Any],
    expected: Any,
    *,
    rel_tol: float | None = None,
) -> Any:
    """Run `attempt()` and compare its result with `expected`; return the result.

    `rel_tol` compares numbers approximately (for floats computed in another order).
    """
    try:
        actual = attempt()
    except NotImplementedError as exc:
        raise ExerciseNotDone(
            f"{exercise} is not done yet: replace `raise NotImplementedError` "
            "in the exercise cell with your answer, run that cell, then run this one again."
        ) from exc
    if not _matches(actual, expected, rel_tol):
        raise AssertionError(f"{exercise}: expected {expected!r}, got {actual!r}.")
    print(f"✔ {exercise}: correct ({actual!r}).")
    return actual


def _matches(actual: Any, expected: Any, rel_tol: float | None) -> bool:
    if (
        rel_tol is not None
        and isinstance(actual, int | float)
        and isinstance(expected, int | float)
    ):
        return math.isclose(actual, expected, rel_tol=rel_tol)
    return actual == expected
