"""The instructor and contributor pages are on the built site and say what the repository has."""

from __future__ import annotations

import importlib.util
import re
import sys
from types import SimpleNamespace

import pytest
from content_rules import nav_pages
from course_files import LABS, ROOT
from site_build import Build

HOOKS = ROOT / "docs" / "hooks"


def hook(name: str):
    """A hook file of docs/hooks/, imported as MkDocs imports it (siblings on the path)."""
    sys.path.insert(0, str(HOOKS))
    try:
        spec = importlib.util.spec_from_file_location(f"{name}_under_test", HOOKS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(HOOKS))


course_address, contributing_page = hook("course_address"), hook("contributing_page")
# The addresses as mkdocs.yml sets them, for course_address's functions.
MKDOCS_YML = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
CONFIG = SimpleNamespace(
    **{
        name: re.search(rf"^{name}:\s*(\S+)", MKDOCS_YML, re.M)[1]
        for name in ("repo_url", "site_url", "edit_uri")
    }
)

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
    _, branch = course_address.repository(CONFIG)
    expected = f"{CONFIG.repo_url}/edit/{branch}/CONTRIBUTING.md"
    assert edits and all(link == expected for link in edits), edits


def contributing_links() -> list[tuple[int, str]]:
    """(line, target) of every inline link and reference definition of CONTRIBUTING.md."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, m.start()) + 1, m["target"])
        for m in contributing_page.LINK.finditer(text)
    ]


def test_contributing_links_to_repository_files_are_relative_and_exist():
    """Relative links work on GitHub as they are; the site makes them GitHub addresses."""
    links = contributing_links()
    assert links, "CONTRIBUTING.md has no links"
    own = f"{CONFIG.repo_url}/"
    absolute = [f"CONTRIBUTING.md:{n}: {t}" for n, t in links if t.lower().startswith(own.lower())]
    assert not absolute, "link to repository files by their path, e.g. docs/...:\n" + "\n".join(
        absolute
    )
    relative = [(n, t) for n, t in links if contributing_page.is_relative(t)]
    absent = [
        f"CONTRIBUTING.md:{n}: {t}" for n, t in relative if not (ROOT / t.split("#")[0]).exists()
    ]
    assert not absent, "CONTRIBUTING.md links to files that do not exist:\n" + "\n".join(absent)


def test_contributing_page_links_repository_files_on_github(built: Build):
    html = (built.site / "contributing" / "index.html").read_text(encoding="utf-8")
    content = html[html.index('<article class="md-content__inner') : html.index("</article>")]
    hrefs = re.findall(r'href="([^"]+)"', content)
    for _, target in contributing_links():
        if contributing_page.is_relative(target):
            blob = course_address.blob_url(CONFIG, target)
            assert blob in hrefs, f"the site's Contributing page does not link {target} as {blob}"
    left = [
        h for h in hrefs if contributing_page.is_relative(h) and (ROOT / h.split("#")[0]).is_file()
    ]
    assert not left, f"the Contributing page keeps relative links to repository files: {left}"


def test_contributing_hook_makes_relative_links_github_addresses():
    fork = SimpleNamespace(repo_url="https://github.com/teacher/data-course", edit_uri="edit/dev/")
    text = "See [the template](docs/setup.md#run) and [x].\n\n[x]: tests/conftest.py\n[y]: #top\n"
    assert contributing_page.rewrite_links(text, fork, ROOT) == (
        "See [the template](https://github.com/teacher/data-course/blob/dev/docs/setup.md#run)"
        " and [x].\n\n[x]: https://github.com/teacher/data-course/blob/dev/tests/conftest.py\n"
        "[y]: #top\n"
    )
    with pytest.raises(Exception, match=r"CONTRIBUTING.md:2: link to 'docs/gone.md'"):
        contributing_page.rewrite_links("One.\n[gone](docs/gone.md)\n", fork, ROOT)
