"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
import re

import pytest
from course_files import ROOT
from site_build import Build, build_site

# The tests run the labs unattended, as the site build does (docs/hooks/quiet_progress.py): no
# progress bars in the executed notebooks. The kernels inherit this process's environment.
os.environ["TQDM_DISABLE"] = "1"


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Build:
    """The site, built once per test session with `mkdocs build --strict` (labs executed)."""
    work = tmp_path_factory.mktemp("build")
    build = build_site(ROOT, work / "site", work)
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
def page(browser, site_url):
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
        sitemap = route.fetch()
        route.fulfill(response=sitemap, body=sitemap.text().replace(published, site_url))

    context.route("**/sitemap.xml", local_sitemap)
    tab.base = site_url
    yield tab
    context.close()


def pytest_collection_modifyitems(items):
    """Run test_determinism.py last: it compares its run with the copies test_labs.py left."""
    items.sort(key=lambda item: item.path.name == "test_determinism.py")
