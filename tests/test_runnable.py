"""Runnable Python in the pages, as a learner uses it: Debian's Chromium, loopback only.

A page that is only read fetches no runtime; Run shows output and an edit changes it; blocks run
in page order; Check tells a starter, a wrong, a crashing and a right answer apart; Stop ends an
endless loop; saved work survives a reload; instant navigation keeps the runtime; the keyboard
and a phone can do all of it. tests/test_lesson_code.py runs the same blocks in CPython.
"""

from __future__ import annotations

import re
import time

import pytest
from browser_support import (
    await_instant_navigation,
    axe_violations,
    open_page,
    palette,
    same_document,
    switch_palette,
    watch_policy,
)
from course_files import ROOT
from playwright.sync_api import expect

LESSON = "lessons/module-1/1.3-scalability-and-data-infrastructure/"
LESSON_MD = ROOT / "lessons/module-1/1.3-scalability-and-data-infrastructure.md"
SETUP = "setup/"
RUNTIME = "/assets/pyodide/"
# An exercise of the lesson and an answer that runs but is wrong (tests/test_lesson_code.py
# already proves its solution right and its starter "not done").
EXERCISE = "stale-reads"
WRONG = "def stale_read_probability(n, w, r):\n    return (n - w) / n\n"
CRASHING = (
    "import math\n\ndef stale_read_probability(n, w, r):\n    return math.comb(n - w, r) / None\n"
)
TIMEOUT = 60_000  # ms: the first Run starts Python (a few seconds; more on a loaded machine)


def runtime_requests(page) -> list[str]:
    return [url for url in page.requests if RUNTIME in url]


def python_workers(page) -> list:
    return [worker for worker in page.workers if "python-worker" in worker.url]


def press(block, name: str) -> None:
    """Click a block's button and wait until that run or check has finished."""
    done = finished_count(block)
    block.locator(f"button.runnable__button--{name}").click()
    finished(block, done)


def finished_count(block) -> int:
    return int(block.get_attribute("data-finished") or 0)


def finished(block, before: int = 0) -> None:
    """Wait until the block has finished more runs and checks than `before`.

    Polled from Python: under a strict content policy the page may not evaluate strings.
    """
    deadline = time.monotonic() + TIMEOUT / 1000
    while finished_count(block) <= before:
        assert time.monotonic() < deadline, f"the block did not finish within {TIMEOUT} ms"
        block.page.wait_for_timeout(50)
    expect(block).not_to_have_class(re.compile(r"runnable--busy"))


def output(block) -> str:
    return block.locator(".runnable__output").inner_text()


def exercise(page, name: str = EXERCISE):
    return page.locator(f'.runnable[data-exercise="{name}"]')


def solution_code(page, name: str = EXERCISE) -> str:
    return page.locator(f'.runnable-solution[data-exercise="{name}"] code').text_content()


def test_a_page_that_is_only_read_fetches_no_runtime(page):
    open_page(page, LESSON)
    page.mouse.wheel(0, 50_000)  # read to the end
    page.wait_for_load_state("networkidle")
    blocks = page.locator(".runnable.runnable--ready")
    markdown = LESSON_MD.read_text(encoding="utf-8")
    expected = len(re.findall(r"```python (?:run|exercise=)", markdown))
    assert blocks.count() == expected >= 8, (
        f"{blocks.count()} runnable blocks, {expected} in source"
    )
    assert page.locator(".runnable button.runnable__button--run:visible").count() == expected
    assert not runtime_requests(page), f"read-only visit fetched {runtime_requests(page)}"
    assert not [u for u in page.requests if "python-worker" in u]


def test_a_block_runs_from_the_keyboard_alone_and_from_its_buttons(page):
    open_page(page, SETUP)
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('runnable__input')"):
            break
    else:
        pytest.fail("Tab never reached the editor of the setup page's block")
    block = page.locator(".runnable").first
    # Reaching the block fetched the editor's behaviour (indenting as you type).
    expect(block).to_have_class(re.compile(r"runnable--live"))
    page.keyboard.press("Control+a")
    page.keyboard.type("for n in range(3):\nprint(n * 10)")  # Enter keeps the indentation
    page.keyboard.press("Control+Enter")
    finished(block, 0)
    assert "0\n10\n20" in output(block), output(block)
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == "Run block 1 of 1", focused
    page.keyboard.press("Enter")
    finished(block, 1)
    assert "10" in output(block)

    # The buttons: Reset brings the original code back, Run shows its output and an edit's.
    block.locator("button.runnable__button--reset").click()
    assert "import sqlite3" in block.locator("textarea").input_value()
    assert block.locator("button.runnable__button--reset").is_hidden()
    press(block, "run")
    assert "[(1, 21.0), (2, 18.0)]" in output(block), output(block)
    assert "Python 3." in output(block)
    block.locator("textarea").fill("total = 6 * 7\nprint('total:', total)\ntotal + 1")
    press(block, "run")
    assert "total: 42" in output(block) and "43" in output(block), output(block)
    # The page's highlighted code follows the edit.
    assert block.locator("pre code").text_content().startswith("total = 6 * 7")
    assert block.locator("pre code .mi").count() >= 2, "edited code is not highlighted"
    block.locator("textarea").fill("1 / 0")
    press(block, "run")
    assert "ZeroDivisionError" in output(block) and 'File "<block 1>"' in output(block)
    assert len([u for u in runtime_requests(page) if u.endswith(".wasm")]) == 1
    assert not page.outside, page.outside


def test_instant_navigation_keeps_the_runtime_and_blocks_run_in_page_order(page):
    open_page(page, SETUP)
    press(page.locator(".runnable").first, "run")
    await_instant_navigation(page)
    page.locator(f'a[href$="{LESSON}"]:visible').first.click()
    page.wait_for_url("**/" + LESSON)
    # The URL changes before the content is swapped: wait for the lesson's own exercise.
    exercise(page).wait_for()
    # The lesson's blocks share a session of their own: its last block, run first, runs the
    # blocks before it first, in page order.
    blocks = page.locator('.runnable[data-runnable="run"]')
    last = blocks.nth(blocks.count() - 1)
    last.scroll_into_view_if_needed()
    press(last, "run")
    assert "share one Python session: running blocks 1, " in output(last), output(last)
    for index in range(blocks.count()):
        text = output(blocks.nth(index))
        assert text.strip() and "Traceback" not in text, f"block {index + 1}: {text!r}"
    assert same_document(page), "the lesson was a full page load"
    wasm = [u for u in runtime_requests(page) if u.endswith(".wasm")]
    assert len(wasm) == 1, f"the runtime was fetched {len(wasm)} times"
    assert not page.outside, page.outside


def test_check_tells_unfinished_wrong_crashing_and_right_answers_apart_accessibly(page):
    open_page(page, LESSON)
    # A block's output, for the accessibility checks below.
    press(page.locator('.runnable[data-runnable="run"]').first, "run")
    block = exercise(page)
    solution = page.locator(f'.runnable-solution[data-exercise="{EXERCISE}"]')
    solution_box = solution.locator("xpath=ancestor::details[1]")
    assert solution_box.is_hidden(), "the solution can be opened before a first attempt"
    progress = page.locator(".runnable__progress")
    total = page.locator(".runnable[data-exercise]").count()
    assert f"0 of {total}" in progress.inner_text()

    press(block, "check")
    assert "Not done yet" in output(block), output(block)
    assert block.locator(".runnable__verdict--not-done").is_visible()
    block.locator("textarea").fill(WRONG)
    press(block, "check")
    assert "Not yet right" in output(block) and "expected" in output(block), output(block)
    block.locator("textarea").fill(CRASHING)
    press(block, "check")
    assert "TypeError" in output(block) and "Not done" not in output(block), output(block)
    # Output, a wrong answer's feedback and a crash's traceback on the page: no serious
    # accessibility problem in either palette (contrast of the verdicts and the output).
    for scheme in ("default", "slate"):
        shown = palette(page) if scheme == "default" else switch_palette(page)
        assert shown == scheme
        violations = axe_violations(page)
        assert not violations, f"{LESSON} ({scheme}): axe-core reports {violations}"

    # The hints open one at a time; the solution can now be opened.
    hints = block.locator(
        "xpath=ancestor::div[contains(@class,'admonition')][1]/details[contains(@class,'tip')]"
    )
    assert hints.count() >= 1 and hints.first.is_visible()
    if hints.count() > 1:
        assert hints.nth(1).is_hidden()
        # Opening a <details> is the browser's own work; what the page adds is the reaction to
        # its toggle event (a click on a summary that shifts under load can miss, seen once).
        hints.first.evaluate("hint => { hint.open = true; }")
        hints.nth(1).wait_for(state="visible", timeout=5_000)
    solution_box.locator("summary").first.click()
    answer = solution_code(page)
    block.locator("textarea").fill(answer)
    press(block, "check")
    assert "Correct" in output(block), output(block)
    assert f"1 of {total}" in progress.inner_text()
    assert (
        block.locator("xpath=ancestor::div[contains(@class,'admonition')][1]")
        .locator(".runnable__solved")
        .is_visible()
    )

    # Saved in the browser: the answer and the solved exercise survive a reload...
    page.reload(wait_until="load")
    block = exercise(page)
    # Saved work is restored by the module the page imports after load: wait for it.
    expect(block.locator("textarea")).to_have_value(answer)
    expect(progress).to_contain_text(f"1 of {total}")
    # ...until the learner resets the page.
    page.locator(".runnable__progress button").click()
    expect(progress).to_contain_text(f"0 of {total}")
    assert block.locator("textarea").input_value() != answer
    assert not page.outside, page.outside


def test_typing_before_the_editor_arrives_is_kept_over_older_saved_work(page):
    open_page(page, LESSON)
    block = exercise(page)
    block.hover()  # the page fetches the editor as the learner reaches for a block
    expect(block).to_have_class(re.compile(r"\brunnable--live\b"))
    block.locator("textarea").fill(WRONG)  # saved work, as from an earlier visit
    page.wait_for_function("() => Object.keys(localStorage).some(k => k.includes(':code:'))")
    # Reload, holding back the module that restores saved work, and type meanwhile.
    held = []
    page.route("**/runnable-main.js", lambda route: held.append(route))
    page.reload(wait_until="load")
    block = exercise(page)
    deadline = time.monotonic() + 10
    while not held:
        assert time.monotonic() < deadline, "the page never asked for runnable-main.js"
        page.wait_for_timeout(50)
    typed = "def stale_read_probability(n, w, r):\n    return 0.5\n"
    block.locator("textarea").fill(typed)
    held[0].continue_()
    expect(block.locator(".runnable__button--reset")).to_be_visible()  # the module is there
    assert block.locator("textarea").input_value() == typed, "older saved work replaced typing"
    page.unroute("**/runnable-main.js")
    page.reload(wait_until="load")
    expect(exercise(page).locator("textarea")).to_have_value(typed)  # and it was saved


def test_stop_ends_an_endless_loop_and_the_next_run_starts_afresh(page):
    open_page(page, SETUP)
    block = page.locator(".runnable").first
    press(block, "run")  # Python has started
    block.locator("textarea").fill("count = 0\nwhile True:\n    count += 1")
    block.locator("button.runnable__button--run").click()
    stop = block.locator("button.runnable__button--stop")
    stop.wait_for(state="visible")
    page.wait_for_timeout(1_000)
    # The page still answers while Python loops in its worker.
    assert page.evaluate("() => 1 + 1") == 2
    switch_palette(page)
    assert len(python_workers(page)) == 1
    stop.click()
    assert "Stopped" in output(block)
    assert stop.is_hidden()
    # Stop ends the looping worker itself, not only the page's wait for it.
    deadline = time.monotonic() + 10
    while python_workers(page):
        assert time.monotonic() < deadline, "the looping Python worker still runs after Stop"
        page.wait_for_timeout(50)
    block.locator("textarea").fill("print('again')")
    press(block, "run")
    assert "again" in output(block), output(block)
    assert "A new Python session" in output(block), output(block)


def test_a_phone_runs_a_block_and_nothing_overflows(browser, site_url):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    violations = watch_policy(context)
    page = context.new_page()
    try:
        page.goto(site_url + LESSON, wait_until="load")
        block = page.locator('.runnable[data-runnable="run"]').first
        block.scroll_into_view_if_needed()
        block.locator("button.runnable__button--run").tap()
        finished(block)
        assert "Traceback" not in output(block), output(block)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page is {width}px wide on a 390px phone"
        box = block.locator(".runnable__toolbar").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        assert not violations, f"the content policy refused: {violations}"
    finally:
        context.close()
