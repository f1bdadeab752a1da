"""Fixtures shared by the test modules."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from course_files import LABS, ROOT
from filelock import FileLock
from site_build import Build, build_site


def pytest_configure(config):
    """Let the session's Python processes share compiled bytecode, outside the source tree.

    The suite starts some fifty Python processes (lab kernels, Dask workers, site builds, the
    test processes) that import the same large packages. Where the caller has asked Python not
    to write bytecode (PYTHONDONTWRITEBYTECODE, as some sandboxes and CI images do), each would
    compile pandas, Dask and Jupyter from source again: the solved lab runs took 61 core-seconds
    so, 47 sharing bytecode (tests/test_labs.py, on this project's 2-core machine). Their
    bytecode goes instead to a folder of this session's own (PYTHONPYCACHEPREFIX), so the
    checkout and its environment still get none, and it is removed at the end.
    """
    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return  # Python caches bytecode itself (test processes inherit this process's setting)
    prefix = tempfile.mkdtemp(prefix="course-test-bytecode-")
    del os.environ["PYTHONDONTWRITEBYTECODE"]
    os.environ["PYTHONPYCACHEPREFIX"] = sys.pycache_prefix = prefix
    sys.dont_write_bytecode = False
    config.add_cleanup(lambda: shutil.rmtree(prefix, ignore_errors=True))


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


class Tab:
    """One browser tab of a test process, handed from test to test in a fresh state.

    Opening a tab in a new browser context costs Chromium a new renderer process and a cold
    start of the site's scripts and styles: about 1.9 CPU-seconds a page here, against 0.9 in a
    tab that only navigates. Between tests the tab leaves the site for about:blank (ending the
    page's scripts, workers and timers), its origin's storage is cleared (local and session
    storage, IndexedDB, caches, cookies) and so are the permissions, routes and viewport that a
    test changed. After a failed test, the tab and its context are closed and the next test
    gets a new one. The HTTP cache is off in any case: the route that watches every request
    turns it off, so each test sees every request its page makes.
    """

    VIEWPORT = {"width": 1280, "height": 900}

    def __init__(self, browser, site_url: str, site: Path):
        self.browser, self.site_url, self.site = browser, site_url, site
        self.page = None
        parts = urlsplit(site_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"

    def fresh(self):
        if self.page is None:
            self.page = self._open()
        page = self.page
        page.outside, page.requests, page.errors = [], [], []
        self.violations.clear()
        return page

    def reset(self) -> None:
        """Leave the site and clear what the test left behind, for the next test."""
        page = self.page
        page.goto("about:blank")
        cdp = page.context.new_cdp_session(page)
        cdp.send("Storage.clearDataForOrigin", {"origin": self.origin, "storageTypes": "all"})
        cdp.detach()
        page.context.clear_permissions()
        page.unroute_all(behavior="ignoreErrors")
        page.set_viewport_size(self.VIEWPORT)

    def hand_back(self, failed: bool) -> None:
        """After a test: reset the tab for the next one, or close it where the test failed (the
        tab's state is then unknown) or the reset did."""
        if failed:
            self.discard()
            return
        try:
            self.reset()
        except Exception:
            self.discard()
            raise

    def discard(self) -> None:
        if self.page is not None:
            self.page.context.close()
            self.page = None

    def _open(self):
        from browser_support import is_local, watch_policy

        context = self.browser.new_context(viewport=self.VIEWPORT)
        self.violations = watch_policy(context)
        tab = context.new_page()
        tab.on("pageerror", lambda error: tab.errors.append(str(error)))

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
            # when a test leaves its page would stall the next test (seen with two processes).
            path = urlsplit(route.request.url).path.removeprefix("/")
            sitemap = self.site / path
            if not sitemap.is_file():
                route.fulfill(status=404)
                return
            body = sitemap.read_text(encoding="utf-8").replace(published, self.site_url)
            route.fulfill(status=200, content_type="application/xml", body=body)

        context.route("**/sitemap.xml", local_sitemap)
        tab.base = self.site_url
        return tab


@pytest.fixture(scope="session")
def tab(browser, site_url, built):
    tab = Tab(browser, site_url, built.site)
    yield tab
    tab.discard()


FAILED = pytest.StashKey[bool]()  # set on a test that failed, for the `page` fixture's teardown


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        item.stash[FAILED] = True
    return report


@pytest.fixture
def page(tab: Tab, request):
    """A tab whose requests to any host but 127.0.0.1 are refused and recorded.

    `page.requests` lists every URL the tab and its workers asked for, `page.outside` those
    that were refused, `page.errors` the page's uncaught JavaScript errors. Every test that
    uses it also requires that the site's content policy refused nothing
    (docs/hooks/content_policy.py): whatever a test makes the page do, the policy must allow.
    """
    page = tab.fresh()
    yield page
    violations = list(tab.violations)
    tab.hand_back(failed=request.node.stash.get(FAILED, False))
    assert not violations, f"the content policy refused what the site does: {violations}"


# Before pytest-xdist's own hook, which reads the groups into the tests' ids in each process.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Keep in one test process, in order, the tests that share work (`--dist loadgroup`).

    test_determinism.py compares the two runs of each lab that the session makes anyway:
    test_labs.py's solved run and test_learner_copies.py's run of the learner's copy (which
    also shares one fork site and one fresh environment between its tests). The executed copies
    are in one process's temporary folders, so these tests form one group, determinism last.
    """
    items.sort(key=lambda item: item.path.name == "test_determinism.py")
    for item in items:
        lab = getattr(item, "callspec", None) and item.callspec.params.get("path")
        solved_lab = item.name.startswith("test_lab_runs_solved") and Path(lab) in LABS
        if solved_lab or item.path.name in {"test_determinism.py", "test_learner_copies.py"}:
            item.add_marker(pytest.mark.xdist_group("lab-runs"))


def pytest_xdist_node_collection_finished(node, ids):
    """Stop at once if pytest-xdist did not put the grouped tests in their groups.

    xdist marks a grouped test by adding `@group` to its id; when an upgrade of pytest or
    pytest-xdist breaks that (pytest-dev/pytest-xdist#1386), the groups are silently ignored,
    and the lab runs that the determinism test compares end up in two processes.
    """
    if node.config.getoption("dist") != "loadgroup":
        return
    lost = [i for i in ids if "test_determinism.py::" in i and not i.endswith("@lab-runs")]
    if lost:
        pytest.exit(
            f"pytest-xdist ignored the xdist_group of {lost[0]} and others: `--dist loadgroup` "
            "does not work with these versions of pytest and pytest-xdist (see the pin of "
            "pytest in pyproject.toml)",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )
