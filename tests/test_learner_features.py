"""The learner features of the site: run-this-lab panel, hidden solutions, knowledge checks,
key points page, glossary on hover, progress bars and Binder.

Hook functions are tested on their own first; then the built site (the shared `built`
fixture, one build per session) and, for the knowledge check, a real browser.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from course_files import LABS, ROOT, load_hook
from harness import tags
from site_build import Build

LESSON = ROOT / "lessons/module-1/1.3-scalability-and-data-infrastructure.md"
LESSON_URL = "lessons/module-1/1.3-scalability-and-data-infrastructure/"
REPO_URL = re.search(r"^repo_url: (\S+)", (ROOT / "mkdocs.yml").read_text(), re.M)[1]


def hook(name: str):
    """Import a hook file from docs/hooks/ (they are not a package), as MkDocs does."""
    return load_hook(name)


def lab_page(build: Build, lab: Path) -> str:
    return (build.site / lab.relative_to(ROOT).with_suffix("") / "index.html").read_text("utf-8")


# ---- glossary on hover -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("Sharding", ["Sharding", "sharding"]),
        ("CAP theorem", ["CAP theorem"]),
        (
            "Horizontal scaling (scaling out)",
            ["Horizontal scaling", "horizontal scaling", "scaling out"],
        ),
        (
            "Infrastructure as code (IaC)",
            ["Infrastructure as code", "infrastructure as code", "IaC"],
        ),
        ("Partition (network)", ["network partition"]),
    ],
)
def test_glossary_term_forms(term, expected):
    assert hook("glossary_hover").forms(term) == expected


def test_every_glossary_term_becomes_an_abbreviation():
    glossary = hook("glossary_hover")
    block = glossary.abbreviations(str(ROOT / "docs"))
    terms = re.findall(r"^(\S[^\n]*)\n:", (ROOT / "docs/glossary.md").read_text(), re.M)
    assert len(terms) >= 30, terms
    for term in terms:
        first = glossary.forms(term)[0]
        assert f"*[{first}]: " in block, f"docs/glossary.md: term {term!r} has no abbreviation"
    assert "(" not in "".join(re.findall(r"^\*\[([^\]]*)\]", block, re.M))


def test_headings_keep_plain_text():
    html = '<h2 id="x"><abbr title="d">Sharding</abbr> keys</h2><p><abbr title="d">shard</abbr></p>'
    assert hook("glossary_hover").headings_untouched(html) == (
        '<h2 id="x">Sharding keys</h2><p><abbr title="d">shard</abbr></p>'
    )


# ---- hidden lab solutions and the learner copy -------------------------------------------


def test_solution_cells_are_wrapped_whole():
    html = (
        '<div class="jp-Cell a">x</div>'
        '<div class="jp-Cell jp-CodeCell celltag_solution">'
        '<div class="jp-Cell jp-CodeCell celltag_solution" id="cell-id=1"><div>code</div></div>'
        "</div><p>after</p>"
    )
    wrapped = hook("lab_solutions").collapse_solutions(html)
    assert wrapped.count("<details") == 1
    inside = wrapped[wrapped.index("<details") : wrapped.index("</details>")]
    assert inside.count("<div") == inside.count("</div>") == 3
    assert wrapped.endswith("</details><p>after</p>")


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_learner_copy_drops_the_solutions_and_installs_from_the_site(lab: Path):
    original = nbformat.read(lab, as_version=4)
    wheel = "https://example.org/course/labs/course-1.0-py3-none-any.whl"
    copy = hook("learner_copy").learner_copy(lab, wheel)
    nbformat.validate(copy)
    kept = [c.id for c in original.cells if "solution" not in tags(c)]
    assert [c.id for c in copy.cells] == kept, f"{lab.name}: learner copy lost other cells"
    assert any("exercise" in tags(c) for c in copy.cells), f"{lab.name}: no exercise left"
    assert any("labkit.self_check" in c.source for c in copy.cells), f"{lab.name}: no self-check"
    (install,) = [c for c in copy.cells if "install" in tags(c)]
    assert f'%pip install --quiet "{wheel}"' in install.source, install.source
    changed = [
        c.id
        for c, o in zip(copy.cells, (c for c in original.cells if c.id in kept), strict=True)
        if c.source != o.source
    ]
    assert changed == [install.id], f"{lab.name}: the copy changed more than its install cell"


def test_learner_copy_refuses_a_lab_without_one_install_cell(tmp_path: Path):
    nb = nbformat.read(LABS[0], as_version=4)
    for cell in nb.cells:
        cell.metadata["tags"] = [t for t in cell.metadata.get("tags", []) if t != "install"]
    broken = tmp_path / "no-install.ipynb"
    nbformat.write(nb, broken)
    with pytest.raises(
        ValueError, match=r"no-install\.ipynb: .*exactly one code cell tagged 'install'.*found 0"
    ):
        hook("learner_copy").learner_copy(broken, "https://example.org/x.whl")


# ---- progress bars ------------------------------------------------------------------------


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_lab_long_loops_show_progress_that_the_build_can_switch_off(lab: Path):
    code = "\n".join(c.source for c in nbformat.read(lab, as_version=4).cells)
    assert "from tqdm.auto import tqdm" in code, f"{lab.name}: no progress bars"
    assert 'os.environ.get("TQDM_DISABLE") == "1"' in code, f"{lab.name}: bars not switchable"
    assert re.search(r"\bprogress\(", code), f"{lab.name}: no loop uses `progress(...)`"


# ---- the built site ----------------------------------------------------------------------


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_lab_page_opens_with_the_run_panel(built: Build, lab: Path):
    html = lab_page(built, lab)
    path = lab.relative_to(ROOT).as_posix()
    repo = REPO_URL.removeprefix("https://github.com/")
    panel = html[html.index('class="admonition lab-run"') :][:3000]
    assert html.index("lab-run") < html.index("jp-CodeCell"), f"{lab.name}: panel is not first"
    # Colab and Binder open the learner copy that the Pages workflow publishes on its branch.
    assert f"https://colab.research.google.com/github/{repo}/blob/learner-copies/{path}" in panel
    assert f"https://mybinder.org/v2/gh/{repo}/learner-copies?labpath={path}" in panel
    assert f"uv run jupyter lab {path}" in panel
    download = re.search(r'<a href="([^"]+\.ipynb)" download>', panel)
    assert download, f"{lab.name}: no download link in the panel"
    copy = built.site / lab.relative_to(ROOT).with_suffix("") / download[1]
    cells = json.loads(copy.read_text())["cells"]
    assert not [c for c in cells if "solution" in c["metadata"].get("tags", [])], copy
    # It is the learner copy (docs/hooks/learner_copy.py), not the lab: it installs the helpers.
    assert any("%pip install" in "".join(c["source"]) for c in cells), f"{copy}: not a learner copy"


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_lab_solutions_run_at_build_but_stay_collapsed(built: Build, lab: Path):
    html = lab_page(built, lab)
    solutions = sum("solution" in tags(c) for c in nbformat.read(lab, as_version=4).cells)
    assert html.count('<details class="success lab-solution">') == solutions >= 1
    assert "<details open" not in html
    assert re.search(r"Exercise \d+: correct", html), f"{lab.name}: the self-check did not pass"
    # A bar is a widget: its output, and the widget state, are application/vnd.jupyter.widget-*.
    assert "application/vnd.jupyter.widget" not in html, f"{lab.name}: a progress bar was saved"


def test_key_points_page_collects_every_lesson(built: Build):
    html = (built.site / "key-points/index.html").read_text("utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    points = re.search(r'!!! success "Key points"\n((?: {4}.*\n|\n)+)', LESSON.read_text())
    first_words = re.findall(r"^ {4}- (\S+ \S+ \S+)", points[1], re.M)
    assert len(first_words) >= 5
    for words in first_words:
        assert words in text, f"key-points page misses the lesson's point starting {words!r}"
    assert 'href="../lessons/module-1/1.3-scalability-and-data-infrastructure/"' in html


def test_glossary_terms_have_hover_definitions(built: Build):
    lesson = (built.site / LESSON_URL / "index.html").read_text("utf-8")
    assert re.search(r'<abbr title="Partitioning data across several[^"]*">sharding</abbr>', lesson)
    assert not re.search(r"<h[1-6][^>]*>(?:(?!</h[1-6]>).)*<abbr", lesson, re.S)
    assert not re.search(r"<code>[^<]*<abbr", lesson)
    assert "<abbr" not in (built.site / "glossary/index.html").read_text("utf-8")
    titles = re.findall(r'<abbr title="([^"]*)"', lesson)
    repeated = {t[:40] for t in titles if titles.count(t) > 1}
    assert not repeated, f"definitions shown more than once on the lesson page: {repeated}"


def test_lesson_ends_with_a_knowledge_check(built: Build):
    html = (built.site / LESSON_URL / "index.html").read_text("utf-8")
    quizzes = re.findall(r'<div class="admonition quiz">(.*?)</ul>\s*</div>', html, re.S)
    assert 5 <= len(quizzes) <= 8, len(quizzes)
    for number, quiz in enumerate(quizzes, 1):
        options = re.findall(r'<li class="task-list-item">(.*?)</li>', quiz, re.S)
        assert len(options) >= 3, f"question {number}: fewer than 3 options"
        assert sum("checked" in o for o in options) == 1, f"question {number}: not one answer"
        assert all(o.count("<p>") >= 2 for o in options), f"question {number}: unexplained option"
    assert html.index("Knowledge check") < html.index('id="key-points"')


# ---- the knowledge check in a browser ----------------------------------------------------


@pytest.fixture
def lesson_tab(browser, site_url):
    from browser_support import watch_policy

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    violations = watch_policy(context)
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.goto(site_url + LESSON_URL, wait_until="load")
    yield tab
    context.close()
    assert not violations, f"the content policy refused what the quiz does: {violations}"


def test_knowledge_check_gives_explained_feedback(lesson_tab):
    quiz = lesson_tab.locator(".admonition.quiz").first
    feedback = quiz.locator(".quiz__feedback")
    assert feedback.get_attribute("role") == "status"
    assert feedback.get_attribute("aria-live") == "polite"
    assert quiz.locator("input[type=radio]").count() == 4
    quiz.locator("button.quiz__check").click()
    assert "Choose an answer first" in feedback.inner_text()
    quiz.locator("label", has_text="About 1,000").click()
    quiz.locator("button.quiz__check").click()
    assert "Not quite" in feedback.inner_text()
    assert "the merge runs on one node" in feedback.inner_text()
    quiz.locator("label", has_text="Just under 20").click()
    quiz.locator("button.quiz__check").click()
    assert feedback.inner_text().startswith("Correct.")
    assert "19.6" in feedback.inner_text()
    assert not lesson_tab.errors, lesson_tab.errors


def test_knowledge_check_works_from_the_keyboard(lesson_tab):
    quiz = lesson_tab.locator(".admonition.quiz").nth(1)
    first = quiz.locator("input[type=radio]").first
    first.focus()
    for _ in range(2):  # arrow keys move through a radio group, as in any form
        lesson_tab.keyboard.press("ArrowDown")
    lesson_tab.keyboard.press("Tab")
    assert lesson_tab.evaluate("document.activeElement.className").startswith("md-button")
    lesson_tab.keyboard.press("Enter")
    feedback = quiz.locator(".quiz__feedback").inner_text()
    assert feedback.startswith("Correct."), feedback
