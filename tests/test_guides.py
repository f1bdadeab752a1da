"""The instructor and contributor pages are on the built site and say what the repository has."""

from __future__ import annotations

import re

import pytest
from content_rules import nav_pages
from course_files import LABS, ROOT
from site_build import Build

GUIDES = [
    "instructors/index.md",
    "instructors/schedule.md",
    "instructors/lesson-1.3.md",
    "contributing/index.md",
]


def text_of(build: Build, page: str) -> str:
    folder = page.removesuffix(".md").removesuffix("index").rstrip("/")
    html = (build.site / folder / "index.html").read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("page", GUIDES)
def test_guide_is_in_the_navigation(page: str):
    assert page in nav_pages(ROOT / "mkdocs.yml"), f"docs/{page} is not listed under nav:"


def test_contributing_page_shows_all_of_contributing_md(built: Build):
    text = text_of(built, "contributing/index.md")
    headings = re.findall(r"^#+ (.+)$", (ROOT / "CONTRIBUTING.md").read_text(), re.M)
    assert headings, "CONTRIBUTING.md has no headings"
    missing = [h for h in headings if h.replace("`", "") not in text]
    assert not missing, f"the site's Contributing page lacks CONTRIBUTING.md's sections {missing}"
    assert "--8<--" not in text, "the snippet line was shown instead of CONTRIBUTING.md"


def test_teaching_notes_cite_every_lab_of_the_lesson():
    notes = (ROOT / "docs" / "instructors" / "lesson-1.3.md").read_text(encoding="utf-8")
    lesson_labs = [lab for lab in LABS if lab.parent.name.startswith("1.3-")]
    uncited = [lab.name for lab in lesson_labs if f"../{lab.relative_to(ROOT)}" not in notes]
    assert not uncited, f"docs/instructors/lesson-1.3.md cites no section of {uncited}"


def test_instructor_guide_names_files_that_exist():
    guide = (ROOT / "docs" / "instructors" / "index.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(\.github/[^`]+|tests/[^`\s]+\.py)`", guide))
    assert named, "the guide names no workflow or test file"
    absent = sorted(path for path in named if not (ROOT / path).is_file())
    assert not absent, f"docs/instructors/index.md names files that do not exist: {absent}"


def test_contributing_page_edit_link_opens_contributing_md(built: Build):
    html = (built.site / "contributing" / "index.html").read_text(encoding="utf-8")
    edits = re.findall(r'href="([^"]+/edit/[^"]+)"', html)
    assert edits and all(link.endswith("/edit/main/CONTRIBUTING.md") for link in edits), edits


def test_contributing_links_work_on_github_and_on_the_site():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", text) + re.findall(r"^\[[^\]]+\]:\s*(\S+)", text, re.M)
    relative = [t for t in targets if not re.match(r"https?://|#", t)]
    assert not relative, (
        f"CONTRIBUTING.md: relative links break on the site, use full URLs: {relative}"
    )
    blob = "https://github.com/scaling-data-engineering/course/blob/main/"
    absent = [t for t in targets if t.startswith(blob) and not (ROOT / t[len(blob) :]).exists()]
    assert not absent, f"CONTRIBUTING.md links to repository files that do not exist: {absent}"
