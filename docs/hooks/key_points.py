"""Collect every lesson's key points on one summary page, key-points.md, for revision.

Each lesson ends with a `!!! success "Key points"` admonition; that admonition stays the only
place the points are written. At build time this hook copies each lesson's list, in lesson
order, into a generated page (no file in docs/, so nothing to keep in sync by hand). Relative
links inside a key point are rewritten to work from the site root.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import yaml
from mkdocs.structure.files import File, Files

PAGE = "key-points.md"
FRONT_MATTER = re.compile(r"^---\n(.*?)\n---\n", re.S)
KEY_POINTS = re.compile(r'^!!! success "Key points"\n((?:(?: {4}.*)?\n)+)', re.M)
RELATIVE_LINK = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|#|/)([^)\s]+)\)")

INTRO = """---
description: The key points of every lesson on one page, for revision.
---

# Key points

The points that close each lesson, collected on one page for revision. They are copied from
the lessons when the site is built, so this page always says what the lessons say.
"""


def lesson_key_points(path: Path, root: Path) -> tuple[tuple, str] | None:
    """(sort key, Markdown section) for a lesson page with key points, else None."""
    text = path.read_text(encoding="utf-8")
    meta_match = FRONT_MATTER.match(text)
    meta = (yaml.safe_load(meta_match.group(1)) or {}) if meta_match else {}
    points = KEY_POINTS.search(text)
    if "lesson" not in meta or not points:
        return None
    uri = path.relative_to(root).as_posix()
    folder = posixpath.dirname(uri)
    body = "\n".join(line[4:] for line in points.group(1).rstrip().splitlines())
    body = RELATIVE_LINK.sub(lambda m: f"]({posixpath.normpath(f'{folder}/{m[1]}')})", body)
    title = meta.get("title", f"Lesson {meta['lesson']}")
    order = tuple(int(part) for part in re.findall(r"\d+", str(meta["lesson"])))
    section = f"## {title}\n\n[Read the lesson]({uri})\n\n{body}\n"
    return order, section


def on_files(files: Files, config) -> Files:
    root = Path(config.config_file_path).parent
    sections = [
        found
        for path in sorted((root / "lessons").rglob("*.md"))
        if (found := lesson_key_points(path, root))
    ]
    content = "\n".join([INTRO, *(section for _, section in sorted(sections))])
    files.append(File.generated(config, PAGE, content=content))
    return files
