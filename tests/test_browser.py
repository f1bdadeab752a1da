"""What only a browser shows: the built site in Debian's headless Chromium, through Playwright.

Pages render with their plots and tables, search finds lesson and lab words, the palette
toggle and the edit links work, axe-core finds no serious or critical accessibility problem,
and no request leaves 127.0.0.1 while a page loads.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_support import (
    await_instant_navigation,
    axe_violations,
    open_page,
    palette,
    same_document,
    switch_palette,
)
from content_rules import is_lesson
from course_files import LABS, ROOT
from site_build import Build

LESSON = "lessons/module-1/1.3-scalability-and-data-infrastructure.md"
# (URL path, source file the edit link must point at)
# Every lesson page (front matter `lesson:`) and every lab: a new one is tested unasked.
LESSONS = sorted(p.relative_to(ROOT) for p in (ROOT / "lessons").rglob("*.md") if is_lesson(p))
PAGES = [
    ("", "docs/index.md"),
    *[(str(p.with_suffix("")) + "/", str(p)) for p in LESSONS],
    *[(str(p.relative_to(ROOT).with_suffix("")) + "/", str(p.relative_to(ROOT))) for p in LABS],
]
LAB_PAGES = PAGES[1 + len(LESSONS) :]
# A word only the lesson's text (and pages that quote it) has, and one only a lab has.
SEARCHES = [("PACELC", LESSON.removesuffix(".md") + "/"), ("sloppy", "labs/1.3-scalability/03-")]


@pytest.mark.parametrize(("path", "source"), PAGES, ids=[s for _, s in PAGES])
def test_page_renders_offline_with_its_edit_link_and_no_serious_accessibility_violation(
    page, path: str, source: str
):
    open_page(page, path)
    assert page.locator("article h1").first.is_visible(), f"/{path}: no visible title"
    edit = page.locator('a.md-content__button[href*="/edit/"]').first.get_attribute("href")
    assert edit.endswith("/edit/main/" + source), f"/{path}: edit link {edit} is not {source}"
    page.wait_for_load_state("networkidle")
    assert not page.outside, f"/{path} requested other hosts: {page.outside}"
    assert not page.errors, f"/{path}: JavaScript errors {page.errors}"
    violations = axe_violations(page)
    assert not violations, f"{source}: axe-core reports {violations}"


def test_axe_still_sees_one_code_token_of_too_little_contrast(page):
    # axe_violations lets colour contrast see one code-token span per style. The tokens of one
    # kind, deep in the page's code, turn pale; the code block of the first of them is hidden
    # (axe passes over it): a pale token the reader sees must still be reported.
    open_page(page, LAB_PAGES[0][0])
    pale = """() => {
      const tokens = [...document.querySelectorAll(".jp-CodeCell pre span")]
        .filter((span) => /[a-z]/.test(span.textContent));
      const kind = tokens[Math.floor(tokens.length * 0.8)].className;
      const pale = tokens.filter((span) => span.className === kind);
      pale.forEach((span) => { span.style.color = "#dddddd"; });
      pale[0].closest("pre").style.display = "none";
      return [tokens.length, pale.filter((span) => span.getClientRects().length).length];
    }"""
    tokens, shown = page.evaluate(pale)
    assert tokens > 100 and shown >= 1, f"too few code tokens for this check: {tokens}, {shown}"
    violations = axe_violations(page)
    reported = any(rule.startswith("color-contrast") for rule in violations)
    assert reported, f"a pale code token went unreported; axe-core reports {violations}"


def section_ids(built: Build, path: str) -> list[str]:
    """The ids of a lab page's sections (its notebook's `##` headings), from the built page."""
    html = (built.site / path / "index.html").read_text(encoding="utf-8")
    return re.findall(r'<h2 id="([^"]+)"', html[html.index("jupyter-wrapper") :])


@pytest.mark.parametrize(("path", "source"), LAB_PAGES, ids=[s for _, s in LAB_PAGES])
def test_a_link_to_a_lab_section_lands_on_it(page, built: Build, path: str, source: str):
    # Code off screen is rendered lazily (content-visibility) with its height given up front;
    # a wrong height would move the sections below it. The last sections are the most exposed.
    ids = section_ids(built, path)
    assert len(ids) >= 2, f"{source}: no sections to link to: {ids}"
    for section in ids[-2:]:
        page.goto("about:blank")  # a load, not a jump within the page
        open_page(page, f"{path}#{section}")
        top = page.eval_on_selector(f"[id='{section}']", "h => h.getBoundingClientRect().top")
        # A short last section cannot reach the top: then the page must be scrolled to its end.
        at_end = page.evaluate(
            "scrollY + innerHeight >= document.scrollingElement.scrollHeight - 2"
        )
        height = page.evaluate("innerHeight")
        assert 0 <= top < (height - 100 if at_end else 200), (
            f"{source}#{section}: the heading is at {top:.0f}px, off screen"
        )


@pytest.mark.parametrize(("word", "expected"), SEARCHES, ids=[w for w, _ in SEARCHES])
def test_search_finds_lesson_and_lab_words(page, word: str, expected: str):
    open_page(page, "")
    page.locator("input.md-search__input").click()
    page.keyboard.type(word)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any(expected in href for href in hrefs), f"searching {word!r} gave {hrefs}"


def test_palette_toggle_switches_to_dark_and_back(page):
    open_page(page, LESSON.removesuffix(".md") + "/")
    assert palette(page) == "default"
    assert switch_palette(page) == "slate"
    assert switch_palette(page) == "default"


def test_the_pages_under_test_include_the_lesson_and_the_labs_the_tests_name():
    assert Path(LESSON) in LESSONS, f"{LESSON} is not a lesson page (front matter `lesson:`)"
    assert LAB_PAGES and all(source.endswith(".ipynb") for _, source in LAB_PAGES), LAB_PAGES
    assert any(path.startswith(SEARCHES[1][1]) for path, _ in LAB_PAGES), SEARCHES[1]


def follow_the_lesson_link_to(page, lab: str) -> None:
    """Arrive on a lab page by Material's instant navigation, from the lesson's link to it."""
    open_page(page, LESSON.removesuffix(".md") + "/")
    await_instant_navigation(page)
    page.locator(f'a[href$="{lab.split("/", 1)[1]}"]:visible').first.click()
    # Any fragment aside: Material's navigation.tracking may still write the lesson's section
    # into the address while the lab page arrives (seen on a loaded machine).
    page.wait_for_url(lambda url: url.split("#")[0].endswith("/" + lab))
    page.locator(".jp-Notebook").first.wait_for()
    assert same_document(page), f"/{lab}: a full page load, not instant navigation"


def test_lab_page_keeps_its_styles_after_instant_navigation(page):
    # Material's instant navigation swaps the page content but keeps the first page's <head>.
    follow_the_lesson_link_to(page, LAB_PAGES[0][0])
    page.locator(".jp-Notebook").first.wait_for()
    loaded = "() => [...document.styleSheets].some(s => (s.href || '').endsWith('notebook.css'))"
    page.wait_for_function(loaded, timeout=10_000)


@pytest.mark.parametrize("arrival", ["loaded", "instant navigation"])
def test_a_copy_button_copies_its_cell_and_says_so(page, arrival: str):
    # The copy buttons' script is a shared file (docs/hooks/notebook_js.py); after instant
    # navigation it runs because Material re-runs the scripts of the content it swaps in.
    lab = LAB_PAGES[0][0]
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=page.base[:-1])
    if arrival == "loaded":
        open_page(page, lab)
    else:
        follow_the_lesson_link_to(page, lab)
    button = page.locator(".jp-CodeCell clipboard-copy").first
    button.scroll_into_view_if_needed()
    button.click()
    notice = button.locator(".notice")
    notice.wait_for(state="visible", timeout=2_000)  # shown for a second once the text is copied
    code = page.locator("#" + button.get_attribute("for")).text_content()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == code and "import" in code, f"/{lab}: copied {copied[:80]!r}"


# The left and right edges of a lesson paragraph; of each Markdown paragraph, code cell (its
# bordered box), output and plot of a lab. A reference solution (a closed <details>) is left out.
LESSON_COLUMN = """() => {
  const r = document.querySelector('article.md-content__inner > p').getBoundingClientRect();
  return [r.left, r.right];
}"""
LAB_BOXES = r"""() => [...document.querySelectorAll(
    '.jp-RenderedMarkdown > p, .jp-CodeCell .jp-InputArea-editor, .jp-OutputArea-output')]
  .filter(box => !box.closest('details'))
  .map(box => {
    const r = box.getBoundingClientRect();
    const kind = box.tagName === 'P' ? 'text' : box.matches('.jp-InputArea-editor') ? 'code'
      : 'output';
    const text = (box.querySelector('pre') || box).textContent.replace(/\s+/g, ' ').trim();
    return [kind, r.left, r.right, text.slice(0, 40)];
  })"""
WIDTHS = (1280, 390)  # a desktop and a phone


@pytest.fixture(scope="module")
def lesson_column(browser, site_url) -> dict[int, tuple[float, float]]:
    """The lesson's text column (its left and right edges) at each of WIDTHS."""
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
    tab = context.new_page()
    tab.goto(site_url + LESSON.removesuffix(".md") + "/", wait_until="load")
    columns = {}
    for width in WIDTHS:
        tab.set_viewport_size({"width": width, "height": 900})
        columns[width] = tuple(tab.evaluate(LESSON_COLUMN))
    context.close()
    return columns


PLOT_WIDTH = """img => Promise.race([
  img.decode().then(() => img.naturalWidth, () => 0),
  new Promise((resolve) => setTimeout(() => resolve(-1), 10000)),
])"""


@pytest.mark.parametrize(("path", "source"), LAB_PAGES, ids=[s for _, s in LAB_PAGES])
def test_lab_page_shows_its_plots_and_tables_in_the_lesson_text_column(
    page, lesson_column, path: str, source: str
):
    open_page(page, path)
    plots = page.locator(".jp-RenderedImage img")
    assert plots.count() >= 1, f"{source}: the page shows no plot"
    for index in range(plots.count()):
        plot = plots.nth(index)
        plot.scroll_into_view_if_needed()  # plots load lazily
        # Its width once loaded, 0 where it cannot be drawn, -1 if not loaded within 10 s. (Not
        # a polled wait_for_function: Playwright 1.45 evaluates that with eval, which the site's
        # content policy refuses.)
        width = plot.evaluate(PLOT_WIDTH)
        assert width > 0, f"{source}: plot {plot.get_attribute('src')} does not load ({width})"
    assert page.locator(".jp-OutputArea-output table").count() >= 1, f"{source}: no table"
    assert not page.outside, f"{source} requested other hosts: {page.outside}"
    # A copy button copies the element its `for` names: that must be the code of its own cell.
    orphans = page.evaluate(
        """() => [...document.querySelectorAll('.jp-Cell clipboard-copy')].filter(button => {
             const code = document.getElementById(button.getAttribute('for'));
             return !(code && code.textContent.trim() && button.closest('.jp-Cell').contains(code));
           }).map(button => button.getAttribute('for'))"""
    )
    assert not orphans, f"{source}: copy buttons that copy no code of their cell: {orphans}"

    # JupyterLab's own paddings, and a notebook box that steps aside for the floated edit
    # button, made lab text 296 px of a 390 px phone against the lesson's 358 (docs/assets/
    # stylesheets/learner.css undoes them): text, code and outputs line up with a lesson's
    # paragraphs on a desktop and on a phone.
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        left, right = lesson_column[width]
        boxes = page.evaluate(LAB_BOXES)
        kinds = {kind for kind, *_ in boxes}
        assert kinds == {"text", "code", "output"}, f"{source}: only {kinds}"
        off = [
            f"{kind} {box_left:.0f}..{box_right:.0f} {text!r}"
            for kind, box_left, box_right, text in boxes
            if abs(box_left - left) > 1 or abs(box_right - right) > 1
        ]
        column = f"{left:.0f}..{right:.0f}"
        assert not off, f"{source} at {width}px: off the lesson's column {column}: {off}"
        ends = page.eval_on_selector_all(
            ".jp-RenderedImage img", "imgs => imgs.map(i => i.getBoundingClientRect().right)"
        )
        assert max(ends) <= right + 1, f"{source} at {width}px: plots end at {ends}, not {right}"
        overflow = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
        assert overflow[0] <= overflow[1], f"{source} at {width}px scrolls sideways: {overflow}"


def test_the_tab_a_test_gets_keeps_nothing_from_the_test_before(page, tab):
    # The browser tests share one tab per test process (tests/conftest.py, Tab): what one test
    # leaves in it must not reach the next, or tests pass or fail by the order they run in.
    lesson = LESSON.removesuffix(".md") + "/"
    open_page(page, lesson)
    page.evaluate("localStorage.setItem('left', 'x'); sessionStorage.setItem('left', 'x')")
    page.context.grant_permissions(["clipboard-read"], origin=tab.origin)
    page.route("**/*.css", lambda route: route.abort())
    page.set_viewport_size({"width": 390, "height": 700})
    page.requests.append("from the test before")
    tab.reset()  # as between two tests

    page = tab.fresh()
    assert not page.requests and not page.outside and not page.errors
    open_page(page, lesson)
    left = page.evaluate("[localStorage.getItem('left'), sessionStorage.getItem('left')]")
    assert left == [None, None], f"storage kept from the test before: {left}"
    clipboard = "navigator.permissions.query({name: 'clipboard-read'}).then(p => p.state)"
    assert page.evaluate(clipboard) == "prompt", "a permission kept from the test before"
    assert page.viewport_size == tab.VIEWPORT
    header = "getComputedStyle(document.querySelector('.md-header')).position"
    assert page.evaluate(header) == "sticky", "a route kept from the test before held back styles"


def test_a_failed_test_leaves_the_next_one_a_new_tab(page, tab):
    # What a failed test left in its tab is unknown: the tab is closed, not reset.
    context = page.context
    tab.hand_back(failed=True)
    assert not context.pages, "the failed test's tab is still open"
    assert tab.fresh().context is not context, "the next test got the failed test's tab"
