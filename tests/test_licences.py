"""The course says who may reuse it and how: in the repository, in its citation and on every page.

LICENSE.md explains the split (lessons CC BY 4.0, code MIT), LICENSES/ holds the legal texts,
CITATION.cff says how to cite the course, README.md links them all, and the footer of every built
page links to the site's Licence page (docs/license.md, which shows LICENSE.md and both texts).
"""

from __future__ import annotations

import posixpath
import re
import tomllib
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from content_rules import nav_pages
from course_files import ROOT
from site_build import Build

# Each legal text: its file, and phrases that only the real, complete text contains (compared
# with runs of white space as one space: the texts wrap their lines where they like).
TEXTS = {
    "LICENSES/CC-BY-4.0.txt": [
        "Attribution 4.0 International",
        'Creative Commons Attribution 4.0 International Public License ("Public License")',
        *[f"Section {n} -- " for n in range(1, 9)],
        "Sui Generis Database Rights",
        "Creative Commons may be contacted at creativecommons.org.",
    ],
    "LICENSES/MIT.txt": [
        "MIT License",
        "Copyright (c) 2026 Scaling Data Engineering contributors",
        "Permission is hereby granted, free of charge, to any person obtaining a copy",
        "The above copyright notice and this permission notice shall be included in all",
        'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR',
    ],
}
LICENCES = {"CC-BY-4.0", "MIT"}
# What LICENSE.md must say: both licences, the parts each covers, the third-party runtime.
SUMMARY = [
    "CC BY 4.0",
    "MIT",
    "`lessons/`",
    "`labs/labkit/`",
    "Markdown cells",
    "code cells",
    "Scaling Data Engineering contributors",
    "Pyodide",
    "MPL-2.0",
    "Material for MkDocs",
]
# The footer's licence line, and the pages it is checked on by name (besides every other page).
FOOTER = ["CC BY 4.0", "MIT", "Scaling Data Engineering contributors", "Material for MkDocs"]
LICENCE_PAGE = "license/index.html"
LINK = re.compile(r"\]\(([^)\s]+)\)")
# Site-absolute links (the 404 page's) start with the path of site_url, e.g. /course/.
SITE_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(), re.M).group(1)
PREFIX = urlsplit(SITE_URL).path


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def licence_summary() -> str:
    return (ROOT / "LICENSE.md").read_text(encoding="utf-8")


def readme_section(title: str) -> str:
    """The text of README.md's `## title` section, up to the next heading of that level."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {title}\n(.*?)(?=^## |\Z)", readme, re.M | re.S)
    assert match, f"README.md has no `## {title}` section"
    return match.group(1)


def citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


class _Footer(HTMLParser):
    """The text and the links of a page's `.md-copyright` block (Material's footer line)."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # open <div>s since .md-copyright began; 0 outside it
        self.text = ""
        self.links: list[tuple[str, str]] = []  # (href, link text)
        self._href: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth == 0 and "md-copyright" in (attrs.get("class") or "").split():
            self.depth = 1
        elif self.depth and tag == "div":
            self.depth += 1
        elif self.depth and tag == "a":
            self._href = attrs.get("href")
            self.links.append((self._href, ""))

    def handle_endtag(self, tag):
        if self.depth and tag == "div":
            self.depth -= 1
        elif self.depth and tag == "a":
            self._href = None

    def handle_data(self, data):
        if self.depth:
            self.text += data
            if self._href is not None:
                href, text = self.links[-1]
                self.links[-1] = (href, text + data)


def footer(html: Path) -> _Footer:
    parsed = _Footer()
    parsed.feed(html.read_text(encoding="utf-8"))
    return parsed


def target(site: Path, html: Path, href: str) -> Path:
    """The file a relative or site-absolute link of `html` opens (directory URLs: index.html)."""
    path = urlsplit(href).path
    if path.startswith(PREFIX):
        path = "/" + path.removeprefix(PREFIX)
    base = "/" + html.parent.relative_to(site).as_posix()
    file = site / posixpath.normpath(posixpath.join(base, unquote(path))).lstrip("/")
    return file / "index.html" if file.is_dir() else file


@pytest.mark.parametrize("name", TEXTS)
def test_licence_text_is_the_real_one(name: str):
    path = ROOT / name
    assert path.is_file(), f"{name} is missing"
    text = squash(path.read_text(encoding="utf-8"))
    missing = [phrase for phrase in TEXTS[name] if phrase not in text]
    assert not missing, f"{name}: not the complete official text, it lacks {missing}"


def test_licence_summary_names_both_licences_and_what_each_covers():
    text = licence_summary()
    missing = [phrase for phrase in SUMMARY if phrase not in text]
    assert not missing, f"LICENSE.md does not say {missing}"
    links = LINK.findall(text)
    for url in (
        "https://creativecommons.org/licenses/by/4.0/",
        "https://opensource.org/license/mit",
    ):
        assert any(link.startswith(url) for link in links), f"LICENSE.md does not link {url}"


def test_licence_summary_links_work_on_github_and_on_the_site():
    # The site shows LICENSE.md on docs/license.md: a relative link would point beside that page.
    relative = [
        link for link in LINK.findall(licence_summary()) if not re.match(r"https?://", link)
    ]
    assert not relative, f"LICENSE.md: relative links break on the site, use full URLs: {relative}"


def test_readme_links_every_licence_file():
    section = readme_section("Licence") + readme_section("Cite")
    links = LINK.findall(section)
    for name in ["LICENSE.md", *TEXTS, "CITATION.cff"]:
        assert name in links, f"README.md's Licence and Cite sections do not link {name}"
    broken = [link for link in links if "://" not in link and not (ROOT / link).is_file()]
    assert not broken, f"README.md links files that do not exist: {broken}"


def test_citation_names_the_course_its_authors_licences_and_version():
    cff = citation()
    assert cff.get("cff-version") == "1.2.0", "CITATION.cff: needs `cff-version: 1.2.0`"
    assert cff.get("title") == "Scaling Data Engineering", "CITATION.cff: wrong or missing title"
    assert cff.get("message"), "CITATION.cff: needs a `message` (the schema requires one)"
    authors = cff.get("authors") or []
    assert authors and all(a.get("name") or a.get("family-names") for a in authors), (
        "CITATION.cff: `authors` must name at least one person or entity"
    )
    assert set(cff.get("license") or []) == LICENCES, (
        f"CITATION.cff: `license` must list {sorted(LICENCES)}, not {cff.get('license')}"
    )
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert str(cff.get("version")) == project["version"], (
        f"CITATION.cff: version {cff.get('version')} is not pyproject.toml's {project['version']}"
    )


def test_citation_leaves_the_course_address_to_mkdocs_yml():
    addresses = sorted(
        {"url", "repository", "repository-code", "repository-artifact"} & set(citation())
    )
    assert not addresses, f"CITATION.cff: {addresses} repeat the address that mkdocs.yml holds"


def test_licence_page_is_in_the_navigation():
    assert "license.md" in nav_pages(ROOT / "mkdocs.yml"), (
        "docs/license.md is not listed under nav:"
    )


def test_every_page_footer_links_the_licence_page(built: Build):
    pages = sorted(built.site.rglob("*.html"))
    named = ["index.html", "glossary/index.html", "lessons/", "labs/", LICENCE_PAGE, "404.html"]
    relative = [p.relative_to(built.site).as_posix() for p in pages]
    unchecked = [n for n in named if not any(r == n or r.startswith(n) for r in relative)]
    assert not unchecked, f"the built site has no page {unchecked} to check the footer of"
    problems = []
    for html in pages:
        name = html.relative_to(built.site)
        line = footer(html)
        lacking = [phrase for phrase in FOOTER if phrase not in squash(line.text)]
        if lacking:
            problems.append(f"{name}: the footer does not say {lacking}")
        licence = [href for href, text in line.links if "CC BY 4.0" in text]
        if not licence:
            problems.append(f"{name}: the footer's licence line is not a link")
        elif target(built.site, html, licence[0]) != built.site / LICENCE_PAGE:
            problems.append(f"{name}: the footer's licence link {licence[0]} misses {LICENCE_PAGE}")
    assert not problems, "\n".join(problems)


def test_licence_page_shows_licence_md_and_both_texts(built: Build):
    html = built.site / LICENCE_PAGE
    assert html.is_file(), f"docs/license.md has no page in the built site ({html})"
    text = squash(unescape(re.sub(r"<[^>]+>", " ", html.read_text(encoding="utf-8"))))
    assert "--8<--" not in text, "the Licence page shows a snippet line instead of the file"
    headings = re.findall(r"^#+ (.+)$", licence_summary(), re.M)
    missing = [h for h in headings if h not in text]
    assert not missing, f"the Licence page lacks LICENSE.md's sections {missing}"
    phrases = [phrase for name in TEXTS for phrase in TEXTS[name]]
    missing = [p for p in ["CC BY 4.0", "MIT", *phrases] if p not in text]
    assert not missing, f"the Licence page does not show {missing}"
