"""The rules every lesson page follows, as functions that return what is wrong.

A lesson page is a Markdown file under lessons/ whose front matter names a `lesson:`.
Each problem names the file and the rule, so a contributor knows what to fix.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

OBJECTIVES = re.compile(r'^!!! abstract "Learning objectives"\n((?:    .*\n|\n)+)', re.M)
KEY_POINTS = re.compile(r'^!!! success "Key points"\n(?:    .*\n|\n)*?    - ', re.M)
EXERCISE = re.compile(r'^!!! question "Exercise (\d+): [^"]*\(objectives? ([\d, and]+)\)"', re.M)
SOLUTION = re.compile(r'^\?\?\? success "Solution"', re.M)
LINK = re.compile(r"\]\(([^)\s]+)\)")


def front_matter(text: str) -> dict:
    match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    return (yaml.safe_load(match.group(1)) or {}) if match else {}


def is_lesson(path: Path) -> bool:
    return "lesson" in front_matter(path.read_text(encoding="utf-8"))


def lesson_problems(path: Path, root: Path = ROOT) -> list[str]:
    """Everything that breaks the lesson rules in `path`; empty when the lesson is sound."""
    text = path.read_text(encoding="utf-8")
    meta = front_matter(text)
    name = path.relative_to(root) if path.is_relative_to(root) else path
    problems: list[str] = []

    def problem(rule: str) -> None:
        problems.append(f"{name}: {rule}")

    timing = meta.get("timing")
    if not isinstance(timing, dict) or not all(
        isinstance(timing.get(k), int) and timing[k] > 0 for k in ("teaching", "exercises")
    ):
        problem("front matter needs `timing:` with whole minutes for `teaching` and `exercises`")

    objectives_block = OBJECTIVES.search(text)
    objectives = (
        re.findall(r"^    \d+\. ", objectives_block.group(1), re.M) if objectives_block else []
    )
    if not objectives:
        problem('needs a numbered list in a `!!! abstract "Learning objectives"` admonition')

    if not KEY_POINTS.search(text):
        problem('needs a bulleted list in a `!!! success "Key points"` admonition')

    exercises = list(EXERCISE.finditer(text))
    if not exercises:
        problem('needs exercises: `!!! question "Exercise N: title (objective K)"`')
    covered = {int(k) for ex in exercises for k in re.findall(r"\d+", ex.group(2))}
    missing = [k for k in range(1, len(objectives) + 1) if k not in covered]
    if objectives and missing:
        problem(f"objectives {missing} have no exercise (name them in a title: `(objective K)`)")
    for ex, following in zip(exercises, [*exercises[1:], None], strict=True):
        end = following.start() if following else len(text)
        if not SOLUTION.search(text, ex.end(), end):
            problem(f'Exercise {ex.group(1)} has no `??? success "Solution"` block after it')

    labs_folder = meta.get("labs")
    if labs_folder:
        linked = {(path.parent / link).resolve() for link in LINK.findall(text)}
        folder = root / labs_folder
        if not folder.is_dir():
            problem(f"front matter `labs: {labs_folder}` is not a folder")
        for lab in sorted(folder.glob("*.ipynb")) if folder.is_dir() else []:
            if lab.resolve() not in linked:
                problem(f"lab {lab.relative_to(root)} is not linked from the lesson")
    return problems
