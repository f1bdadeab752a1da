"""Run a lesson page's Python blocks and grade its exercises, the same way everywhere.

The learner's browser runs this module in Pyodide (assets/javascripts/python-worker.js loads it
into a Web Worker); pytest runs it in CPython (tests/test_lesson_code.py). One module for both
means a block that passes the tests behaves the same in the page: same namespace rules, same
output, same verdicts.

A page is one `Session`: its runnable blocks share one namespace, in page order, like notebook
cells. An exercise runs in a copy of that namespace, so it sees the blocks above it and leaves
nothing behind for the blocks below (which must not depend on a learner's unfinished answer).
Standard library only: the page's runtime has nothing else.
"""

from __future__ import annotations

import ast
import linecache
import sys
import traceback
from collections.abc import Callable

# write(stream, text): where printed text goes ("stdout" or "stderr"), as it is printed.
Write = Callable[[str, str], None]


class _Stream:
    """A file-like object that hands each write to the page (or to a test) at once."""

    def __init__(self, name: str, write: Write):
        self.name, self._write = name, write

    def write(self, text: str) -> int:
        if text:
            self._write(self.name, text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


class Session:
    """One page's Python session: a namespace that its blocks share, in page order."""

    def __init__(self) -> None:
        self.namespace: dict = {"__name__": "__main__", "__builtins__": __builtins__}

    def run(self, code: str, label: str, write: Write) -> dict:
        """Run a block: {"ok": bool, "value": repr of a last expression or None, "error": text}.

        Like a notebook cell, a last line that is an expression shows its value (None shows
        nothing); an exception shows a traceback of the learner's code only.
        """
        outcome, _ = _execute(code, label, self.namespace, write)
        return outcome

    def check(self, answer: str, checks: str, label: str, write: Write) -> dict:
        """Grade an exercise: {"status": ..., "message": ...}.

        status is "correct"; "not-done" while the starter's `raise NotImplementedError` is still
        reached; "wrong" when a check's `assert` fails (its message says why, in words); or
        "error" when the learner's code raises anything else, with that error's traceback, so
        a crashing answer is never reported as unfinished.
        """
        scope = dict(self.namespace)
        (ran, exc), in_checks = _execute(answer, label, scope, write), False
        if exc is None:
            (ran, exc), in_checks = _execute(checks, f"{label}, checks", scope, write, False), True
        if exc is None:
            return {"status": "correct", "message": "Correct: every check passes."}
        if isinstance(exc, NotImplementedError):
            detail = str(exc) or "the starter code still raises NotImplementedError"
            return {"status": "not-done", "message": f"Not done yet: {detail}."}
        if isinstance(exc, AssertionError) and in_checks:
            why = str(exc) or "a check failed (it gives no reason)"
            return {"status": "wrong", "message": f"Not yet right: {why}"}
        return {"status": "error", "message": ran["error"]}


def _execute(code: str, label: str, namespace: dict, write: Write, show_value=True):
    """(outcome for the page, the exception or None)."""
    filename = f"<{label}>"
    # Tracebacks show the learner's source lines: register the block under its label.
    linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Stream("stdout", write), _Stream("stderr", write)
    try:
        tree = ast.parse(code, filename)
        last = tree.body.pop() if show_value and _ends_in_expression(tree) else None
        exec(compile(tree, filename, "exec"), namespace)
        value = None
        if last is not None:
            result = eval(compile(ast.Expression(last.value), filename, "eval"), namespace)
            value = None if result is None else repr(result)
        return {"ok": True, "value": value, "error": None}, None
    except BaseException as exc:  # noqa: BLE001 - the learner's code may raise anything
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            exc = RuntimeError(f"{type(exc).__name__} stops the block, not the session")
        return {"ok": False, "value": None, "error": _learner_traceback(exc)}, exc
    finally:
        sys.stdout, sys.stderr = saved


def _ends_in_expression(tree: ast.Module) -> bool:
    return bool(tree.body) and isinstance(tree.body[-1], ast.Expr)


def _learner_traceback(exc: BaseException) -> str:
    """The traceback from the learner's first frame on: the runner's own frames only distract.

    A syntax error has no frame of the learner's: it shows as the line and a caret.
    """
    tb = exc.__traceback__
    while tb is not None and not tb.tb_frame.f_code.co_filename.startswith("<"):
        tb = tb.tb_next
    if tb is None:
        return "".join(traceback.format_exception_only(type(exc), exc)).rstrip()
    return "".join(traceback.format_exception(type(exc), exc, tb)).rstrip()
