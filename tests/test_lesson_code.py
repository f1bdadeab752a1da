"""Every runnable block and exercise of every page runs in CPython as it runs in the browser.

The blocks of a page run in page order in one session (docs/assets/python/lesson_runner.py,
the module the browser's worker uses); each exercise's solution must pass its checks, each of
its declared wrong answers must be refused with the expected and the actual value, and its
starter must be reported "not done yet". A broken snippet fails here, without a browser.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from course_files import ROOT

sys.path.insert(0, str(ROOT / "docs/assets/python"))
import lesson_runner  # noqa: E402 - the browser's runner, served as a static file

_spec = importlib.util.spec_from_file_location("runnable_hook", ROOT / "docs/hooks/runnable.py")
runnable = sys.modules["runnable_hook"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(runnable)

PAGES = sorted(
    path
    for folder in ("lessons", "docs")
    for path in (ROOT / folder).rglob("*.md")
    if runnable.fences(path.read_text(encoding="utf-8"))[0]
)


def run_page(path: Path) -> list[str]:
    """What goes wrong when the page's blocks run in page order; empty when all is well."""
    steps, problems = runnable.program(path.read_text(encoding="utf-8"))
    name = path.relative_to(ROOT)
    if problems:
        return [f"{name}: {problem}" for problem in problems]
    session = lesson_runner.Session()
    printed: list[str] = []

    def write(stream: str, text: str) -> None:
        printed.append(text)

    failures = []
    for number, step in enumerate(steps, start=1):
        if isinstance(step, runnable.Fence):
            outcome = session.run(step.code, f"block {number}", write)
            if not outcome["ok"]:
                failures.append(f"{name}, line {step.line}: block raised\n{outcome['error']}")
            continue
        checks = "\n".join(step.checks)
        solved = session.check(step.solution, checks, f"exercise {step.id}", write)
        if solved["status"] != "correct":
            failures.append(
                f"{name}, line {step.line}: the solution of exercise {step.id!r} is "
                f"{solved['status']}: {solved['message']}"
            )
        for number, wrong in enumerate(step.wrong, start=1):
            refused = session.check(wrong, checks, f"exercise {step.id}", write)
            message = refused["message"].lower()
            if refused["status"] != "wrong" or "expected" not in message or "got" not in message:
                failures.append(
                    f"{name}, line {step.line}: wrong answer {number} of exercise {step.id!r} "
                    "must be refused by a check whose message shows the expected and the actual "
                    f"value ('expected ..., got ...'), but it is {refused['status']}: "
                    f"{refused['message']}"
                )
        starter = session.check(step.starter, checks, f"exercise {step.id}", write)
        if starter["status"] != "not-done":
            failures.append(
                f"{name}, line {step.line}: the starter of exercise {step.id!r} must be reported "
                f"'not done yet' (raise NotImplementedError), but it is {starter['status']}: "
                f"{starter['message']}"
            )
    return failures


def test_pages_with_runnable_code_exist():
    assert PAGES, "no page has runnable Python blocks"


@pytest.mark.parametrize("path", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_blocks_run_and_exercises_grade_in_cpython(path: Path):
    failures = run_page(path)
    assert not failures, "\n\n".join(failures)
