"""The templates contributors copy pass the same checks as the lessons and labs made from them.

docs/contributing/templates/ is excluded from the site (exclude_docs in mkdocs.yml): the lesson
template is checked with the content rules; the lab template is checked and executed by
tests/test_labs.py with every lab under labs/ (solved, and unsolved to its last cell).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from content_rules import lab_time_problems, lesson_problems, plan_timing_problems
from course_files import ROOT

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
