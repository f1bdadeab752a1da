"""Ship only the part of Material's stylesheets that this site can use.

Material's main.css (~137 KB) styles every feature it offers: blog posts, tabs, versions,
Mermaid, social cards, all colour names of palette.css. Every page loads it, so it is most
of a Markdown page's weight. After the build, this hook keeps the rules whose classes occur
in some page or in a script (Material's JavaScript adds its search results, tooltips and
dialogs itself), the palette rules for the colours mkdocs.yml picks, and the custom
properties something still reads. The result is saved under a name with its own hash, so a
browser never pairs a page with a stale copy, and every page is pointed at it. Source maps
of the original files would no longer match: they are removed. If Material's stylesheets are
not where this hook looks, or a page still links a removed one, the build warns.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from css_prune import drop_unread_properties, prune, var_reads  # docs/hooks/, on the path of hooks
from html_edit import check, elements
from mkdocs.plugins import event_priority, get_plugin_logger

log = get_plugin_logger(__name__)
THEME_CSS = re.compile(r"(main|palette)\.[0-9a-f]{8}\.min\.css$")
THEME_FILES = {"main", "palette"}  # Material's assets/stylesheets/<name>.<hash>.min.css
WORD = re.compile(r"[\w-]+")


def palette_values(config) -> dict[str, set[str]]:
    """The values Material's templates set on <body> from the palette of mkdocs.yml."""
    palettes = config.theme.get("palette") or [{}]
    palettes = [palettes] if isinstance(palettes, dict) else palettes
    defaults = {"scheme": "default", "primary": "indigo", "accent": "indigo"}
    return {
        f"data-md-color-{key}": {
            str(palette.get(key) or default).replace(" ", "-").lower() for palette in palettes
        }
        for key, default in defaults.items()
    }


# Last of all post-build work: notebook_css.py has written notebook.css, which reads properties.
@event_priority(-100)
def on_post_build(config) -> None:
    site = Path(config.site_dir)
    texts = [p.read_text(encoding="utf-8") for p in [*site.rglob("*.html"), *site.rglob("*.js")]]
    words = set().union(*(WORD.findall(text) for text in texts))
    styles = {p: p.read_text(encoding="utf-8") for p in site.rglob("*.css")}
    theme = [p for p in styles if THEME_CSS.search(p.name)]
    found = {THEME_CSS.search(p.name)[1] for p in theme}
    check(log, "assets/stylesheets", "THEME_CSS", len(found), len(THEME_FILES), "theme stylesheets")
    values = palette_values(config)
    for path in theme:
        css = re.sub(r"/\*.*?\*/", "", styles[path], flags=re.S)  # banner, sourceMappingURL
        styles[path] = prune(css, words, values)

    renamed = {}
    for path in theme:
        # Read elsewhere: other stylesheets, and scripts or style="" attributes naming `--x`.
        elsewhere = {w for w in words if w.startswith("--")}
        elsewhere.update(*(var_reads(css) for other, css in styles.items() if other != path))
        css = drop_unread_properties(styles[path], elsewhere)
        digest = hashlib.sha256(css.encode()).hexdigest()[:8]
        target = path.with_name(re.sub(r"\.[0-9a-f]{8}\.", f".{digest}.", path.name))
        path.unlink()
        path.with_name(path.name + ".map").unlink(missing_ok=True)
        target.write_text(css, encoding="utf-8")
        renamed[path.name] = target.name

    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        # Stylesheet links live in <head>: parsing only it keeps this check cheap on big pages.
        end = html.find("</head>")
        head = html if end < 0 else html[:end]
        links = [
            e for e in elements(head, "link") if Path(e.attrs.get("href") or "").name in renamed
        ]
        linked, done = html, 0
        for old, new in renamed.items():
            done += linked.count(f"stylesheets/{old}")
            linked = linked.replace(f"stylesheets/{old}", f"stylesheets/{new}")
        if linked != html:
            page.write_text(linked, encoding="utf-8")
        where = page.relative_to(site).as_posix()
        check(log, where, "stylesheets/<name>", done, len(links), "links to Material's stylesheets")
