"""Fixtures shared by the test modules."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from course_files import ROOT
from filelock import FileLock
from site_build import Build, build_site

# The tests run the labs unattended, as the site build does (docs/hooks/quiet_progress.py): no
# progress bars in the executed notebooks. The kernels inherit this process's environment.
os.environ["TQDM_DISABLE"] = "1"


@pytest.fixture(scope="session")
def shared_dir(tmp_path_factory, worker_id) -> Path:
    """A folder that every process of this test session shares (pytest-xdist starts several)."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


@pytest.fixture(scope="session")
def built(shared_dir: Path) -> Build:
    """The site, built once per test session with `mkdocs build --strict` (labs executed).

    The first process that needs it builds it; the others wait for that build and reuse it.
    """
    work, record = shared_dir / "build", shared_dir / "build.json"
    with FileLock(shared_dir / "build.lock"):
        if record.exists():
            build = Build(**json.loads(record.read_text()))
            build.site = Path(build.site)
        else:
            work.mkdir()
            build = build_site(ROOT, work / "site", work)
            record.write_text(json.dumps({**vars(build), "site": str(build.site)}))
    assert build.returncode == 0, f"mkdocs build --strict failed:\n{build.log}"
    return build


@pytest.fixture(scope="session")
def site_url(built: Build):
    """The built site served on 127.0.0.1 (a random free port) for the whole session."""
    from browser_support import serve

    with serve(built.site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium under Playwright; skipped where it is not installed."""
    from browser_support import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run should have installed it")
        pytest.skip(f"{CHROMIUM} is missing: .ci/run installs it with apt-get")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site_url, built):
    """A fresh tab whose requests to any host but 127.0.0.1 are refused and recorded.

    `page.requests` lists every URL the tab and its workers asked for, `page.outside` those
    that were refused.
    """
    from browser_support import is_local

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.outside, tab.requests = [], []

    def guard(route):
        tab.requests.append(route.request.url)
        if is_local(route.request.url):
            route.continue_()
        else:
            tab.outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    # Material's instant navigation follows only the links its sitemap.xml lists, and takes
    # from the page just the protocol and host of each URL there: serve the test server's
    # own addresses in it, as the real host serves its own, or every click is a full load.
    published = re.search(r"^site_url: (\S+)", (ROOT / "mkdocs.yml").read_text(), re.M)[1]

    def local_sitemap(route):
        # Read from the built site, not fetched through the browser: a fetch still under way
        # when a test closes its tab would stall the next test (seen with two test processes).
        path = urlsplit(route.request.url).path.removeprefix("/")
        sitemap = built.site / path
        if not sitemap.is_file():
            route.fulfill(status=404)
            return
        body = sitemap.read_text(encoding="utf-8").replace(published, site_url)
        route.fulfill(status=200, content_type="application/xml", body=body)

    context.route("**/sitemap.xml", local_sitemap)
    tab.base = site_url
    yield tab
    context.close()


def pytest_collection_modifyitems(items):
    """Keep in one test process, in order, the tests that share work (`--dist loadgroup`).

    test_determinism.py compares its run of a lab with the copy that test_labs.py's solved run
    left, so both run in the lab's group, determinism last; test_learner_copies.py builds a
    fork's site and a fresh environment once for all its tests.
    """
    items.sort(key=lambda item: item.path.name == "test_determinism.py")
    for item in items:
        lab = getattr(item, "callspec", None) and item.callspec.params.get("path")
        if item.name.startswith("test_lab_runs_solved") or item.path.name == "test_determinism.py":
            item.add_marker(pytest.mark.xdist_group(f"lab-{Path(lab).name}"))
        elif item.path.name == "test_learner_copies.py":
            item.add_marker(pytest.mark.xdist_group("learner-copies"))
