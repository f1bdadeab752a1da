"""Show CONTRIBUTING.md as the site's Contributing page, with links and edit link that work.

The guide is written once, in CONTRIBUTING.md at the top of the repository, and read both on
GitHub and on the site. On GitHub its relative links to repository files (`docs/...`) work as
they are; on the site they would point at pages that do not exist, so this hook puts the file's
text in place of docs/contributing/index.md's body with those links turned into the files'
GitHub addresses (course_address.blob_url, from mkdocs.yml). The page's "edit this page" link
opens CONTRIBUTING.md, not the page that stands in for it.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from course_address import blob_url  # docs/hooks/, on the path of hooks
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

PAGE = "contributing/index.md"
SOURCE = "CONTRIBUTING.md"
# An inline link's target, `[text](target)`, or a reference definition's, `[label]: target`.
LINK = re.compile(r"(?P<lead>\]\(|^ {0,3}\[[^\]]+\]:[ \t]*)(?P<target>[^)\s]+)", re.M)


def is_relative(target: str) -> bool:
    return not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|#|/", target)


def rewrite_links(text: str, config, root: Path, name: str = SOURCE) -> str:
    """`text` with each relative link to a file of the repository at `root` made absolute."""

    def absolute(match: re.Match) -> str:
        target = match["target"]
        if not is_relative(target):
            return match[0]
        path, _, fragment = target.partition("#")
        path = posixpath.normpath(posixpath.join(posixpath.dirname(name), path))
        if path.startswith("../") or not (root / path).exists():
            line = text.count("\n", 0, match.start()) + 1
            raise PluginError(f"{name}:{line}: link to {target!r}: no such file in the repository")
        return match["lead"] + blob_url(config, path) + (f"#{fragment}" if fragment else "")

    return LINK.sub(absolute, text)


# After course_address.py's placeholders (CONTRIBUTING.md has none: GitHub shows it as it is).
def on_page_markdown(markdown: str, page, config, files):
    if page.file.src_uri != PAGE:
        return markdown
    root = Path(config.config_file_path).parent
    return rewrite_links((root / SOURCE).read_text(encoding="utf-8"), config, root)


# `mkdocs serve` rebuilds when CONTRIBUTING.md changes, as it does for the page itself.
def on_serve(server, config, builder):
    server.watch(str(Path(config.config_file_path).parent / SOURCE))
    return server


# After the theme and the other hooks have set the page's edit link.
@event_priority(-60)
def on_page_context(context, page, config, nav):
    if page.file.src_uri == PAGE and page.edit_url:
        # edit_uri ends in "docs/"; CONTRIBUTING.md sits beside docs/, at the repository root.
        base = page.edit_url.removesuffix(PAGE).removesuffix("docs/")
        page.edit_url = base + SOURCE
    return context
