"""Every internal link, anchor and asset of the built site resolves, notebook cells included.

`mkdocs build --strict` checks the links of Markdown pages only: links written in notebook
cells, and the files hooks add (plots, the shared notebook CSS), are checked here, on the
built HTML. External links are not fetched (no network in tests).
"""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from course_files import ROOT

# Site-absolute links (the 404 page's) start with the path of site_url, e.g. /course/.
from site_build import Build

# Site-absolute links (the 404 page's) start with the path of site_url, e.g. /course/.
SITE_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(), re.M).group(1)
PREFIX = urlsplit(SITE_URL).path


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name"):
            if attrs.get(name):
                self.ids.add(attrs[name])
        for name in ("href", "src"):
            if attrs.get(name) is not None and not (
                tag == "link" and attrs.get("rel") == "canonical"
            ):
                self.urls.append(attrs[name])


def _parse(html: Path) -> _Page:
    page = _Page()
    page.feed(html.read_text(encoding="utf-8"))
    return page


def _target(site: Path, html: Path, path: str) -> Path:
    """The file a relative or site-absolute URL path points at (directory URLs: index.html)."""
    base = html.parent.relative_to(site).as_posix()
    if path.startswith(PREFIX):
        path = "/" + path.removeprefix(PREFIX)
    joined = posixpath.normpath(posixpath.join("/" + base, unquote(path)))
    target = site / joined.lstrip("/")
    return target / "index.html" if target.is_dir() else target


def test_every_internal_link_anchor_and_asset_resolves(built: Build):
    site = built.site
    pages = {html: _parse(html) for html in site.rglob("*.html")}
    broken, external, checked = [], set(), 0
    for html, page in pages.items():
        for url in page.urls:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                if parts.scheme in ("http", "https"):
                    external.add(url)
                continue
            checked += 1
            target = _target(site, html, parts.path) if parts.path else html
            where = f"{html.relative_to(site)}: {url}"
            if not target.is_file():
                broken.append(f"{where} (no file {target.relative_to(site)})")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{where} (no id #{parts.fragment})")
    assert checked > 100, f"only {checked} internal links found: is the site built?"
    assert not broken, "broken internal links:\n" + "\n".join(broken)
    # External links are not fetched (no network in tests); they are the site's own references,
    # and a learner following one is never sent over plain http (`mkdocs serve` on loopback
    # aside).
    assert external, "no external link found: the lesson cites its sources"
    insecure = sorted(
        u
        for u in external
        if urlsplit(u).scheme == "http" and urlsplit(u).hostname not in ("127.0.0.1", "localhost")
    )
    assert not insecure, f"links over plain http (use https): {insecure}"
