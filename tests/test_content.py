"""Content rules: every lesson is complete, and every lab is linked from its lesson."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from content_rules import (
    ROOT,
    front_matter,
    is_lesson,
    lab_nav_problems,
    lab_time_problems,
    lesson_problems,
    nav_pages,
    plan_timing_problems,
)
from course_files import LABS

LESSONS = sorted(p for p in (ROOT / "lessons").rglob("*.md") if is_lesson(p))


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


def test_every_lab_is_in_the_navigation():
    assert lab_nav_problems(LABS) == []


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: str(p.relative_to(ROOT)))
def test_lesson_plan_timing_agrees_with_the_lesson(lesson: Path):
    assert plan_timing_problems(lesson) == []


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_lab_time_agrees_in_notebook_plan_and_lesson(lesson: Path):
    assert lab_time_problems(lesson) == []


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
        ("First (objective 1)", "First (objective 2)", "objectives [1] have no exercise"),
        (
            "    2. **Apply** another.",
            "    2. **Apply** another.\n    3. **Compare** a third.",
            "objectives [3] have no exercise",
        ),
        ('??? success "Solution"\n    Done.\n\n!!! question', "!!! question", "Exercise 1 has no"),
        (
            "See [the lab](../../labs/9.9-demo/01-demo.ipynb).",
            "",
            "lab labs/9.9-demo/01-demo.ipynb is not linked",
        ),
        ("  teaching: 10\n", "  teaching: 0\n", "whole minutes for `teaching` and `exercises`"),
        ("  exercises: 5\n", "  exercises: 7.5\n", "whole minutes for `teaching` and"),
        ("  teaching: 10\n", "  teaching: ten\n", "whole minutes for `teaching` and"),
        (
            "    1. **Explain** one thing.\n    2. **Apply** another.",
            "    - **Explain** one thing.\n    - **Apply** another.",
            "needs a numbered list in a `!!! abstract",
        ),
        ("    - One point.", "    One point.", "needs a bulleted list in a `!!! success"),
        ("!!! question", "!!! note", "needs exercises:"),
        ("labs: labs/9.9-demo", "labs: labs/9.9-gone", "`labs: labs/9.9-gone` is not a folder"),
        ("  teaching: 10\n", "  teaching: -5\n", "whole minutes for `teaching` and"),
        (
            'Exercise 2: Second (objective 2)"\n    Do it.\n\n??? success "Solution"\n    Done.\n',
            'Exercise 3: Second (objective 2)"\n    Do it.\n',
            "Exercise 3 has no `??? success",
        ),
    ],
    ids=[
        "no-timing",
        "no-objectives",
        "no-key-points",
        "objective-without-exercise",
        "first-objective-without-exercise",
        "third-objective-without-exercise",
        "exercise-without-solution",
        "lab-not-linked",
        "timing-zero",
        "timing-fraction",
        "timing-words",
        "objectives-not-numbered",
        "key-points-without-bullet",
        "no-exercise",
        "labs-folder-missing",
        "timing-negative",
        "numbered-exercise-without-solution",
    ],
)
def test_broken_lesson_is_caught_and_named(
    project: Path, breakage: str, replacement: str, message: str
):
    assert breakage in SOUND
    count = -1 if replacement == "!!! note" else 1  # every exercise, for "no-exercise"
    problems = problems_of(project, SOUND.replace(breakage, replacement, count))
    assert any(message in p and p.startswith("lessons/module-9/demo.md: ") for p in problems), (
        problems
    )


NAV = """nav:
  - Home: index.md
  - "Labs for lesson 9.9":
      - "Lab 9.9.1": labs/9.9-demo/01-demo.ipynb
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
"""


def test_a_one_minute_activity_is_whole_minutes(project: Path):
    assert problems_of(project, SOUND.replace("  exercises: 5\n", "  exercises: 1\n")) == []


def test_a_mkdocs_yml_that_is_not_yaml_is_named(project: Path):
    (project / "mkdocs.yml").write_text("nav: [index.md\n")
    with pytest.raises(ValueError, match=r"mkdocs.yml: not valid YAML"):
        nav_pages(project / "mkdocs.yml")


def test_lab_missing_from_the_navigation_is_caught_and_named(project: Path):
    lab = project / "labs" / "9.9-demo" / "01-demo.ipynb"
    (project / "mkdocs.yml").write_text(NAV)
    assert lab_nav_problems([lab], root=project) == []

    (project / "mkdocs.yml").write_text(NAV.replace("labs/9.9-demo/01-demo.ipynb", "index.md"))
    problems = lab_nav_problems([lab], root=project)
    assert len(problems) == 1, problems
    assert problems[0].startswith("labs/9.9-demo/01-demo.ipynb: lab is not in the navigation")


PLAN = """# Lesson 9.9 plan

## Timing

| Activity | Minutes | Notes |
| --- | --- | --- |
| Talk | 10 | |
| Exercises | 5 | |
| **Teaching and exercises** | **15** | |
| Lab 9.9.1 | 20 | |
| **Labs** | **20** | |

## Labs
"""


@pytest.mark.parametrize(
    ("breakage", "replacement", "message"),
    [
        (None, None, None),
        (
            "| Talk | 10 |",
            "| Talk | 12 |",
            "'Teaching and exercises' says 15 but its rows add to 17",
        ),
        (
            "| Lab 9.9.1 | 20 | |\n| **Labs** | **20** |",
            "| Lab 9.9.1 | 25 | |\n| **Labs** | **25** |",
            "'Labs' says 25 minutes but the lesson's front matter `timing:` gives labs = 20",
        ),
        ("## Timing", "## Schedule", "needs a `## Timing` section"),
        (
            "| Talk | 10 |",
            "| Talk | 8 |",
            "'Teaching and exercises' says 15 but its rows add to 13",
        ),
        (
            "| Lab 9.9.1 | 20 | |\n| **Labs** | **20** |",
            "| Lab 9.9.1 | 15 | |\n| **Labs** | **15** |",
            "'Labs' says 15 minutes but the lesson's front matter `timing:` gives labs = 20",
        ),
        (
            "| Talk | 10 |",
            "| Talk | 10 |\n| Workshop | 400 |",
            "'Teaching and exercises' says 15 but its rows add to 415",
        ),
    ],
    ids=[
        "sound",
        "rows-disagree-with-total",
        "total-disagrees-with-front-matter",
        "no-timing",
        "rows-add-to-less",
        "total-below-front-matter",
        "large-numbers",
    ],
)
def test_plan_timing_that_disagrees_is_caught_and_named(
    project: Path, breakage: str | None, replacement: str | None, message: str | None
):
    lesson = project / "lessons" / "module-9" / "demo.md"
    lesson.write_text(SOUND.replace("  exercises: 5\n", "  exercises: 5\n  labs: 20\n"))
    plan = PLAN if breakage is None else PLAN.replace(breakage, replacement, 1)
    assert breakage is None or plan != PLAN, "the breakage did not apply"
    (project / "lessons" / "module-9" / "9.9-plan.md").write_text(plan)
    problems = plan_timing_problems(lesson, root=project)
    if message is None:
        assert problems == []
    else:
        assert any(
            p.startswith("lessons/module-9/9.9-plan.md: ") and message in p for p in problems
        ), problems


def test_plan_timing_compares_minutes_by_value_and_counts_a_missing_key_as_zero(project: Path):
    lesson = project / "lessons" / "module-9" / "demo.md"
    # Hundreds of minutes (Python shares the int objects of small numbers only), and no
    # `labs:` in the front matter: the plan's Labs total must then be 0.
    lesson.write_text(SOUND.replace("teaching: 10", "teaching: 300"))
    plan = PLAN.replace("| Talk | 10 |", "| Talk | 300 |").replace("**15**", "**305**")
    plan = plan.replace("| Lab 9.9.1 | 20 | |\n| **Labs** | **20** |", "| **Labs** | **0** |")
    (project / "lessons" / "module-9" / "9.9-plan.md").write_text(plan)
    assert plan_timing_problems(lesson, root=project) == []


def write_lab(project: Path, minutes: int) -> None:
    first = {
        "cell_type": "markdown",
        "metadata": {},
        "source": f"# Lab 9.9.1: Demo\n\n- **Time**: {minutes} minutes; runs in about 5 s.",
    }
    lab = project / "labs" / "9.9-demo" / "01-demo.ipynb"
    lab.write_text(
        json.dumps({"cells": [first], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )


LABS_TABLE = "| [9.9.1 Demo](../../labs/9.9-demo/01-demo.ipynb) | What it measures | 20 min |\n"


@pytest.mark.parametrize(
    ("lab_minutes", "plan", "table", "message"),
    [
        (20, PLAN, LABS_TABLE, None),
        (25, PLAN, LABS_TABLE, "lab 9.9.1 takes 20 minutes here but 25 in labs/9.9-demo/"),
        (20, PLAN.replace("| Lab 9.9.1 |", "| Lab one |"), LABS_TABLE, "no row with the time"),
        (20, PLAN, "", "demo.md: no row with the time of lab 9.9.1"),
        (15, PLAN, LABS_TABLE, "lab 9.9.1 takes 20 minutes here but 15 in labs/9.9-demo/"),
    ],
    ids=[
        "sound",
        "notebook-disagrees",
        "plan-row-missing",
        "lesson-row-missing",
        "notebook-says-less",
    ],
)
def test_lab_time_that_disagrees_is_caught_and_named(
    project: Path, lab_minutes: int, plan: str, table: str, message: str | None
):
    write_lab(project, lab_minutes)
    problems = lab_problems_of(project, plan, table)
    if message is None:
        assert problems == []
    else:
        assert any(p.startswith("lessons/module-9/") and message in p for p in problems), problems


@pytest.mark.parametrize(
    ("breakage", "replacement"),
    [("# Lab 9.9.1: Demo", "# Demo"), ("**Time**: 20 minutes", "**Time**: about half an hour")],
    ids=["no-title", "no-time"],
)
def test_lab_without_a_title_or_a_time_is_caught_and_named(
    project: Path, breakage: str, replacement: str
):
    write_lab(project, 20)
    lab = project / "labs" / "9.9-demo" / "01-demo.ipynb"
    assert breakage in lab.read_text()
    lab.write_text(lab.read_text().replace(breakage, replacement))
    problems = lab_problems_of(project, PLAN, LABS_TABLE)
    assert problems == [
        "labs/9.9-demo/01-demo.ipynb: the first cell needs `# Lab N.M.K: Title` "
        "and `**Time**: N minutes`"
    ], problems


def test_every_lab_is_checked_after_one_without_a_title(project: Path):
    write_lab(project, 20)
    first = project / "labs" / "9.9-demo" / "01-demo.ipynb"
    second = first.with_name("02-demo.ipynb")
    second.write_text(first.read_text().replace("9.9.1", "9.9.2").replace("20 min", "35 min"))
    first.write_text(first.read_text().replace("# Lab 9.9.1: Demo", "# Demo"))
    plan = PLAN.replace("| **Labs** | **20** |", "| Lab 9.9.2 | 30 | |\n| **Labs** | **50** |")
    problems = lab_problems_of(project, plan, LABS_TABLE)
    assert any("01-demo.ipynb: the first cell needs" in p for p in problems), problems
    assert any("lab 9.9.2 takes 30 minutes here but 35" in p for p in problems), problems


def lab_problems_of(project: Path, plan: str, table: str) -> list[str]:
    lesson = project / "lessons" / "module-9" / "demo.md"
    lesson.write_text(SOUND.replace("  exercises: 5\n", "  exercises: 5\n  labs: 20\n") + table)
    (project / "lessons" / "module-9" / "9.9-plan.md").write_text(plan)
    return lab_time_problems(lesson, root=project)
