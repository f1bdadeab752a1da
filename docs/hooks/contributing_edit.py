"""Point the edit link of the site's Contributing page at CONTRIBUTING.md.

docs/contributing/index.md only includes CONTRIBUTING.md (pymdownx.snippets), so that the guide
is written once and read both on GitHub and on the site. Its "edit this page" link must open the
file that holds the text, not the one-line include.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority

PAGE = "contributing/index.md"
SOURCE = "CONTRIBUTING.md"


# After the theme and the other hooks have set the page's edit link.
@event_priority(-60)
def on_page_context(context, page, config, nav):
    if page.file.src_uri == PAGE and page.edit_url:
        # edit_uri ends in "docs/"; CONTRIBUTING.md sits beside docs/, at the repository root.
        base = page.edit_url.removesuffix(PAGE).removesuffix("docs/")
        page.edit_url = base + SOURCE
    return context
