"""The content policy: every page allows only the site itself, and the browser holds it to that.

docs/hooks/content_policy.py writes the policy. These tests read it on every built page, visit
every page in Chromium (loaded and by instant navigation) and use what the pages offer while the
browser reports violations, and plant what an attacker would: a script from another host and an
inline script that the build did not hash. The other browser tests (test_browser.py,
test_runnable.py, test_learner_features.py) also fail on any violation (tests/conftest.py).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from browser_support import (
    await_instant_navigation,
    is_local,
    open_page,
    same_document,
    serve,
    watch_policy,
)
from site_build import Build
from test_content_policy_hook import META, directives, policy_hook

LESSON = "lessons/module-1/1.3-scalability-and-data-infrastructure/"


def site_pages(built: Build) -> list[str]:
    """Each page of the built site as the path a browser asks for."""
    paths = sorted(p.relative_to(built.site).as_posix() for p in built.site.rglob("*.html"))
    return [p.removesuffix("index.html") for p in paths]


def test_every_page_carries_one_policy_before_any_script(built: Build):
    policies = set()
    for path in sorted(built.site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        found = META.findall(html)
        assert len(found) == 1, f"{path.relative_to(built.site)}: {len(found)} content policies"
        assert html.index("<meta http-equiv") < html.find("<script"), f"{path}: script before it"
        policies.add(found[0])
        allowed = set(directives(found[0])["script-src"])
        for text in policy_hook.inline_scripts(html):
            assert policy_hook.script_hash(text) in allowed, f"{path}: {text[:60]!r} not allowed"
    # One policy for the whole site: instant navigation keeps the first page's.
    assert len(policies) == 1, f"{len(policies)} different policies"
    script_src = directives(policies.pop())["script-src"]
    assert script_src[0] == "'self'" and all(s.startswith("'sha256-") for s in script_src[1:])
    assert len(script_src) > 1, "no inline script hashed: Material's scripts would not run"


def test_the_policy_allows_only_the_site(built: Build):
    html = (built.site / "index.html").read_text(encoding="utf-8")
    policy = directives(META.search(html)[1])
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    for name, sources in policy.items():
        for source in sources:
            assert source not in {"*", "'unsafe-eval'", "http:", "https:"}, f"{name} {source}"
            assert "://" not in source, f"{name} allows another host: {source}"
            if source == "'unsafe-inline'":
                assert name == "style-src-attr", f"{name} allows inline code"


# What a page's <link> elements make the browser fetch as it loads the page.
FETCHED_LINKS = {"stylesheet", "preload", "modulepreload", "icon", "manifest"}


def what_a_load_runs(built: Build, path: str) -> tuple:
    """What loading the page at `path` runs and fetches besides its content: its scripts (by
    address, or inline by text) and what its links fetch, with addresses resolved."""
    file = path if path.endswith(".html") else path + "index.html"
    html = (built.site / file).read_text(encoding="utf-8")
    url = "http://site/" + path
    scripts = [
        urljoin(url, e.attrs["src"]) if "src" in e.attrs else e.text(html)
        for e in policy_hook.elements(html, "script")
    ]
    links = [
        urljoin(url, e.attrs["href"])
        for e in policy_hook.elements(html, "link")
        if FETCHED_LINKS & set((e.attrs.get("rel") or "").split())
    ]
    return tuple(sorted(scripts)), tuple(sorted(links))


def test_every_page_runs_under_the_policy_loaded_and_by_instant_navigation(page, built: Build):
    paths = site_pages(built)
    assert {"", LESSON, "glossary/", "404.html"} <= set(paths), paths
    # Loaded: one page of each kind, that is of each set of scripts and fetched links (inline
    # scripts run before `load`; the fixture collects what the browser refused). What differs
    # within a kind is the content, which instant navigation below brings in for every page.
    kinds = {}
    for path in paths:
        kinds.setdefault(what_a_load_runs(built, path), path)
    assert len(kinds) >= 4, f"pages of only {len(kinds)} kinds: {sorted(kinds.values())}"
    for path in kinds.values():
        response = page.goto(page.base + path, wait_until="load")
        assert response.ok or path == "404.html", f"/{path}: HTTP {response.status}"
    # Instant navigation: one document, the first page's policy, every page's inline scripts.
    open_page(page, "")
    await_instant_navigation(page)
    for path in [p for p in paths if p != "404.html"]:
        # Mark the title shown now, and wait for one without the mark: the next page has
        # replaced it (the address changes sooner, while the page is still on its way).
        page.evaluate(
            """href => { document.querySelector("article h1").dataset.left = "";
                         const a = document.createElement("a"); a.href = href;
                         document.body.append(a); a.click(); }""",
            page.base + path,
        )
        page.wait_for_url(lambda url, path=path: url.split("#")[0] == page.base + path)
        page.locator("article h1:not([data-left])").first.wait_for()
        assert same_document(page), f"/{path}: a full page load"
    # What is in the pages and not tried by other tests: a solution and a glossary term.
    open_page(page, LESSON)
    solution = page.locator("details.success > summary").first
    solution.scroll_into_view_if_needed()
    solution.click()
    term = page.locator("article abbr").first
    term.scroll_into_view_if_needed()
    term.hover()
    page.locator(".md-tooltip2--active, .md-tooltip--active").first.wait_for(timeout=5_000)
    # The fixture fails the test on any violation the browser reported meanwhile.


def test_a_planted_script_is_refused(browser, built: Build, tmp_path: Path):
    # A copy of the home page with what an attacker would add after the policy.
    html = (built.site / "index.html").read_text(encoding="utf-8")
    planted = (
        '<script src="https://cdn.example.com/steal.js"></script>'
        "<script>window.plantedInline = true</script>"
    )
    (tmp_path / "index.html").write_text(html.replace("</head>", planted + "</head>", 1))
    context = browser.new_context()
    violations = watch_policy(context)
    requested = []

    def local_only(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            requested.append(route.request.url)
            route.abort()

    context.route("**/*", local_only)
    tab = context.new_page()
    try:
        with serve(tmp_path) as url:
            tab.goto(url, wait_until="load")
            tab.wait_for_timeout(200)  # violation events are dispatched after the parser
            assert tab.evaluate("window.plantedInline === undefined"), "the inline script ran"
            # The page's own, hashed inline scripts still ran.
            assert tab.evaluate("typeof __md_scope !== 'undefined'"), "Material's script refused"
    finally:
        context.close()
    refused = "\n".join(violations)
    assert "script-src-elem refused https://cdn.example.com/steal.js" in refused, violations
    assert "script-src-elem refused inline" in refused, violations
    assert not [u for u in requested if "example.com" in u], "the browser fetched the script"
