"""The templates contributors copy pass the same checks as the lessons and labs made from them.

docs/contributing/templates/ is excluded from the site (exclude_docs in mkdocs.yml): the lesson
template is checked with the content rules, and the lab template runs through the lab harness
solved, and stops at its exercise without its solution, like every lab under labs/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from content_rules import lab_time_problems, lesson_problems, plan_timing_problems
from harness import (
    LabError,
    declared_parameters,
    execute,
    failing_error,
    prepare,
    read_notebook,
    small_parameters,
    tags,
)
from site_build import ROOT

TEMPLATES = ROOT / "docs" / "contributing" / "templates"
LAB = TEMPLATES / "lab.ipynb"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository made from the templates, laid out as CONTRIBUTING.md says."""
    (tmp_path / "lessons" / "module-N").mkdir(parents=True)
    (tmp_path / "labs" / "N.M-topic").mkdir(parents=True)
    shutil.copy(TEMPLATES / "lesson.md", tmp_path / "lessons" / "module-N" / "N.M-short-title.md")
    shutil.copy(TEMPLATES / "plan.md", tmp_path / "lessons" / "module-N" / "N.M-plan.md")
    shutil.copy(LAB, tmp_path / "labs" / "N.M-topic" / "01-topic.ipynb")
    return tmp_path


def test_lesson_template_follows_the_content_rules(project: Path):
    lesson = project / "lessons" / "module-N" / "N.M-short-title.md"
    assert lesson_problems(lesson, root=project) == []


def test_plan_template_agrees_with_the_lesson_template(project: Path):
    lesson = project / "lessons" / "module-N" / "N.M-short-title.md"
    assert plan_timing_problems(lesson, root=project) == []


def test_lab_template_time_agrees_with_the_plan_and_lesson_templates(project: Path):
    lesson = project / "lessons" / "module-N" / "N.M-short-title.md"
    assert lab_time_problems(lesson, root=project) == []


def test_lab_template_is_stored_clean_with_its_parameters():
    nb = read_notebook(LAB)
    dirty = [c for c in nb.cells if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"{LAB}: keeps outputs or execution counts; run nbstripout --keep-id"
    declared = declared_parameters(nb, LAB)
    assert {"SEED", "WORK_DIR", "KEEP_FILES"} <= set(declared), declared
    assert declared["WORK_DIR"].endswith("-lab-data") and declared["KEEP_FILES"] is False
    assert set(small_parameters(nb)) <= set(declared), "test parameters not in the parameters cell"
    assert nb.cells[0].source.startswith("# Lab "), "the first cell is the lab's title"


def test_lab_template_runs_solved_and_cleans_up(tmp_path: Path):
    nb = read_notebook(LAB)
    execute(prepare(nb, LAB, small_parameters(nb)), LAB, tmp_path)
    leftovers = [p.name for p in tmp_path.iterdir() if not p.name.startswith("executed-")]
    assert not leftovers, f"{LAB}: left files behind: {leftovers}"


def test_lab_template_stops_at_its_exercise_without_the_solution(tmp_path: Path):
    nb = read_notebook(LAB)
    exercises = [i for i, cell in enumerate(nb.cells) if "exercise" in tags(cell)]
    assert exercises and all("solution" in tags(nb.cells[i + 1]) for i in exercises)
    unsolved = prepare(nb, LAB, small_parameters(nb), drop_tags=frozenset({"solution"}))
    with pytest.raises(LabError):
        execute(unsolved, LAB, tmp_path)
    assert failing_error(unsolved)[1] == "ExerciseNotDone", failing_error(unsolved)
