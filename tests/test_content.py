"""Content rules: every lesson is complete, and every lab is linked from its lesson."""

from __future__ import annotations

from pathlib import Path

import pytest
from content_rules import ROOT, front_matter, is_lesson, lesson_problems

LESSONS = sorted(p for p in (ROOT / "lessons").rglob("*.md") if is_lesson(p))
LABS = sorted(p for p in (ROOT / "labs").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def test_lessons_are_found():
    assert LESSONS, "no lesson page (a Markdown file with `lesson:` in its front matter)"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: str(p.relative_to(ROOT)))
def test_lesson_follows_the_rules(lesson: Path):
    assert lesson_problems(lesson) == []


def test_every_lab_belongs_to_a_lesson():
    metas = [front_matter(p.read_text(encoding="utf-8")) for p in LESSONS]
    folders = {ROOT / meta["labs"] for meta in metas if "labs" in meta}
    orphans = [str(lab.relative_to(ROOT)) for lab in LABS if lab.parent not in folders]
    assert not orphans, f"labs that no lesson names in its `labs:` front matter: {orphans}"


SOUND = """---
lesson: "9.9"
labs: labs/9.9-demo
timing:
  teaching: 10
  exercises: 5
---
# Demo

!!! abstract "Learning objectives"
    1. **Explain** one thing.
    2. **Apply** another.

See [the lab](../../labs/9.9-demo/01-demo.ipynb).

!!! question "Exercise 1: First (objective 1)"
    Do it.

??? success "Solution"
    Done.

!!! question "Exercise 2: Second (objective 2)"
    Do it.

??? success "Solution"
    Done.

!!! success "Key points"
    - One point.
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "labs" / "9.9-demo").mkdir(parents=True)
    (tmp_path / "labs" / "9.9-demo" / "01-demo.ipynb").write_text("{}")
    (tmp_path / "lessons" / "module-9").mkdir(parents=True)
    return tmp_path


def problems_of(project: Path, text: str) -> list[str]:
    path = project / "lessons" / "module-9" / "demo.md"
    path.write_text(text)
    return lesson_problems(path, root=project)


def test_sound_fixture_passes(project: Path):
    assert problems_of(project, SOUND) == []


@pytest.mark.parametrize(
    ("breakage", "replacement", "message"),
    [
        ("timing:\n  teaching: 10\n  exercises: 5\n", "", "needs `timing:`"),
        ('!!! abstract "Learning objectives"', "## Objectives", "Learning objectives"),
        ('!!! success "Key points"', "## Key points", "Key points"),
        ("Second (objective 2)", "Second (objective 1)", "objectives [2] have no exercise"),
        ('??? success "Solution"\n    Done.\n\n!!! question', "!!! question", "Exercise 1 has no"),
        (
            "See [the lab](../../labs/9.9-demo/01-demo.ipynb).",
            "",
            "lab labs/9.9-demo/01-demo.ipynb is not linked",
        ),
    ],
    ids=[
        "no-timing",
        "no-objectives",
        "no-key-points",
        "objective-without-exercise",
        "exercise-without-solution",
        "lab-not-linked",
    ],
)
def test_broken_lesson_is_caught_and_named(
    project: Path, breakage: str, replacement: str, message: str
):
    assert breakage in SOUND
    problems = problems_of(project, SOUND.replace(breakage, replacement, 1))
    assert any(message in p and p.startswith("lessons/module-9/demo.md: ") for p in problems), (
        problems
    )
