"""Runnable Python blocks and exercises in lesson pages: the Markdown syntax, checked and rendered.

A fenced block marked `run` becomes code the learner can edit and run in the page (Pyodide in
a Web Worker: assets/javascripts/runnable.js). An exercise is five kinds of fence sharing an id:

    ```python exercise="quorum"      the starter the learner edits; it raises NotImplementedError
    ```python check="quorum"         hidden checks: `assert ..., "what is wrong, in words"`
    ```python wrong="quorum"         a plausible wrong answer the checks must refuse (tests only:
                                     never on the page); one or more
    ??? tip "Hint 1"                 one or more hints, revealed one at a time
    ```python solution="quorum"      the reference answer, inside `??? success "Solution"`

The same parse (`fences`, `program`) drives the build and tests/test_lesson_code.py, which runs
every page's blocks in CPython with the runner the browser uses. A malformed block fails the
build with the page, the line and what is wrong. The fence is registered with superfences here,
in on_config, because `!!python/name:` in mkdocs.yml cannot import a hook file.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from mkdocs.exceptions import PluginError
from pymdownx.superfences import RE_OPTIONS

KINDS = ("run", "exercise", "check", "wrong", "solution")
ID = re.compile(r"[a-z0-9][a-z0-9-]*")
# A fenced python block with options, at any indentation (admonitions indent their content).
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*python[ \t]+(?P<options>[^\n]*?)[ \t]*\n"
    r"(?P<body>(?:[^\n]*\n)*?)(?P=indent)(?P=fence)[ \t]*$",
    re.M,
)
HINT = re.compile(r'^[ \t]*\?\?\?\+?[ \t]+tip[ \t]+"Hint', re.M)
SOLUTION_BLOCK = re.compile(r'^[ \t]*\?\?\?\+?[ \t]+success[ \t]+"Solution', re.M)
# Options superfences itself understands on a highlighted block; anything else is a typo.
HIGHLIGHT_OPTIONS = {"hl_lines", "linenums", "title", "title_mode"}


@dataclass
class Fence:
    kind: str  # one of KINDS
    exercise: str  # the exercise id; "" for a `run` block
    code: str
    line: int  # 1-based line of the opening fence in the page
    offset: int  # where the opening fence starts in the page's text


@dataclass
class Exercise:
    id: str
    line: int
    offset: int  # where its starter's fence starts in the page's text
    starter: str = ""
    checks: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    solution: str = ""


def fences(markdown: str) -> tuple[list[Fence], list[str]]:
    """The page's runnable fences in page order, and the problems with their options."""
    found, problems = [], []
    for match in FENCE.finditer(markdown):
        options = {m["key"]: m["value"] for m in RE_OPTIONS.finditer(match["options"])}
        ours = [key for key in options if key in KINDS]
        line = markdown.count("\n", 0, match.start()) + 1
        if not ours:
            if unknown := set(options) - HIGHLIGHT_OPTIONS:
                problems.append(
                    f"line {line}: unknown option {sorted(unknown)} on a python block "
                    f"(runnable blocks take one of: run, {', '.join(KINDS[1:])})"
                )
            continue
        # Not `> 1`, which gives the same: `options` holds at least our kind (no mutation).
        if len(options) != 1:  # pragma: no mutate
            problems.append(f"line {line}: a runnable block takes exactly one option of {KINDS}")
            continue
        # One option, ours: any index of `ours` is the same (no mutation).
        kind, value = ours[0], options[ours[0]]  # pragma: no mutate
        if kind == "run" and value is not None:
            problems.append(f'line {line}: write `run` alone, not run="{value}"')
            continue
        if kind != "run" and not (value and ID.fullmatch(value)):
            problems.append(f'line {line}: {kind}= needs an id like {kind}="keys-moved"')
            continue
        indent = match["indent"]
        body = "".join(
            row[len(indent) :] if row.startswith(indent) else row.lstrip(" \t")
            for row in match["body"].splitlines(keepends=True)
        )
        found.append(Fence(kind, value or "", body, line, match.start()))
    return found, problems


def program(markdown: str) -> tuple[list[Fence | Exercise], list[str]]:
    """What a page runs, in page order: `run` blocks and whole exercises, and its problems.

    Checks and solutions are attached to their exercise, which takes the place of its starter.
    """
    found, problems = fences(markdown)
    steps: list[Fence | Exercise] = []
    exercises: dict[str, Exercise] = {}
    for fence in found:
        where = f"line {fence.line}"
        try:
            compile(fence.code, where, "exec")
        except SyntaxError as exc:
            problems.append(f"{where}: the {fence.kind} block is not valid Python ({exc.msg})")
        if fence.kind == "run":
            steps.append(fence)
        elif fence.kind == "exercise":
            if fence.exercise in exercises:
                problems.append(f'{where}: a second exercise="{fence.exercise}" on the page')
                continue
            exercises[fence.exercise] = Exercise(
                fence.exercise, fence.line, fence.offset, fence.code
            )
            steps.append(exercises[fence.exercise])
        elif fence.exercise not in exercises:
            problems.append(
                f'{where}: {fence.kind}="{fence.exercise}" comes before (or without) its '
                f'```python exercise="{fence.exercise}"``` block'
            )
        # Kinds sort check < exercise < run < solution < wrong: a comparison that mutation
        # turns into <= "check" or >= "wrong" means the same (no mutation).
        elif fence.kind == "check":  # pragma: no mutate
            exercises[fence.exercise].checks.append(fence.code)
        elif fence.kind == "wrong":  # pragma: no mutate
            exercises[fence.exercise].wrong.append(fence.code)
        elif exercises[fence.exercise].solution:
            problems.append(f'{where}: a second solution="{fence.exercise}"')
        else:
            exercises[fence.exercise].solution = fence.code
            problems += _solution_problems(markdown, exercises[fence.exercise], fence)
    for exercise in exercises.values():
        start = f'line {exercise.line}: exercise "{exercise.id}"'
        if not exercise.checks:
            problems.append(f'{start} has no ```python check="{exercise.id}"``` block')
        if not exercise.solution:
            problems.append(f'{start} has no ```python solution="{exercise.id}"``` block')
        if not exercise.wrong:
            problems.append(
                f'{start} has no ```python wrong="{exercise.id}"``` block (a plausible wrong '
                "answer that its checks must refuse)"
            )
    return steps, problems


def _solution_problems(markdown: str, exercise: Exercise, solution: Fence) -> list[str]:
    """Hints between the starter and the solution; the solution collapsed, as on every page."""
    between = markdown[exercise.offset : solution.offset]
    problems = []
    if not HINT.search(between):
        problems.append(
            f'line {exercise.line}: exercise "{exercise.id}" needs a `??? tip "Hint 1"` block '
            "between its starter and its solution"
        )
    if not SOLUTION_BLOCK.search(between):
        problems.append(
            f'line {solution.line}: solution="{exercise.id}" must sit inside a '
            '`??? success "Solution"` block (collapsed until the learner opens it)'
        )
    return problems


# --- Build: check each page, render the fences -----------------------------------------------


def on_config(config):
    fences_config = config.mdx_configs.setdefault("pymdownx.superfences", {})
    custom = fences_config.setdefault("custom_fences", [])
    custom.append(
        {"name": "python", "class": "highlight", "validator": _validate, "format": _format}
    )
    return config


def on_page_markdown(markdown, page, config, files):
    _, problems = program(markdown)
    if problems:
        listed = "\n  ".join(problems)
        raise PluginError(f"{page.file.src_uri}: runnable Python blocks are malformed:\n  {listed}")
    return markdown


def _validate(language, inputs, options, attrs, md) -> bool:
    ours = [key for key in inputs if key in KINDS]
    for key, value in inputs.items():
        (options if key in KINDS else attrs)[key] = value
    # Handle a block with one kind; none: a plain python block (more is refused by the build).
    return len(ours) == 1  # pragma: no mutate (>= 1: two kinds never reach here)


def _format(src, language, class_name, options, md, **kwargs) -> str:
    kind = next(key for key in options if key in KINDS)
    exercise = html.escape(options[kind]) if kind != "run" else ""
    if kind == "wrong":  # pragma: no mutate (>= "wrong" is the same: no kind sorts after it)
        return ""  # for the tests alone: neither the page nor its search index shows it
    if kind == "check":  # pragma: no mutate (<= "check" is the same: no kind sorts before it)
        # Hidden checks: an attribute, so neither the page text nor the search index shows them.
        code = html.escape(src, quote=True)
        return (
            f'<div class="runnable-check" data-exercise="{exercise}" data-code="{code}" hidden>'
            "</div>"
        )
    highlighted = md.preprocessors["fenced_code_block"].highlight(
        src=src, language="python", options={}, md=md, classes=[], id_value="", attrs={}
    )
    if kind == "solution":  # pragma: no mutate (left: run, exercise, solution; >= is the same)
        return f'<div class="runnable-solution" data-exercise="{exercise}">{highlighted}</div>'
    data = f' data-exercise="{exercise}"' if exercise else ""
    return f'<div class="runnable" data-runnable="{kind}"{data}>{highlighted}</div>'
