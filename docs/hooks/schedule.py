"""Fill the instructors' schedule with the timing each lesson declares in its front matter.

A schedule typed by hand drifts from the lessons. This hook builds the table at build time from
every lesson's `timing:` (teaching, exercises and labs, in minutes), so the two cannot disagree.
docs/instructors/schedule.md holds the prose and a marker line that the table replaces;
tests/test_schedule.py checks the built page against the same front matter.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

PAGE = "instructors/schedule.md"
MARKER = "<!-- schedule-table -->"
KINDS = ("teaching", "exercises", "labs")


def _front_matter(text: str) -> dict:
    match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    return (yaml.safe_load(match.group(1)) or {}) if match else {}


def lessons(root: Path) -> list[dict]:
    """Every lesson page under lessons/ (front matter with `lesson:`), in lesson order."""
    found = []
    for path in sorted((root / "lessons").rglob("*.md")):
        meta = _front_matter(path.read_text(encoding="utf-8"))
        if "lesson" not in meta:
            continue
        timing = meta.get("timing") or {}
        plan = path.parent / f"{meta['lesson']}-plan.md"
        found.append(
            {
                "lesson": str(meta["lesson"]),
                "title": str(meta.get("title", path.stem)),
                "path": path.relative_to(root).as_posix(),
                "plan": plan.relative_to(root).as_posix() if plan.is_file() else None,
                **{kind: int(timing.get(kind) or 0) for kind in KINDS},
            }
        )
    return sorted(found, key=lambda row: [int(part) for part in row["lesson"].split(".")])


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if hours else f"{minutes} min"


def _row(label: str, teaching: int, exercises: int, labs: int, bold: bool = False) -> str:
    in_class = teaching + exercises
    cells = [teaching, exercises, in_class, labs, in_class + labs, duration(in_class + labs)]
    mark = "**" if bold else ""
    return f"| {label} | " + " | ".join(f"{mark}{cell}{mark}" for cell in cells) + " |"


def schedule_markdown(root: Path) -> str:
    """The schedule table, with links relative to the schedule page (docs/instructors/)."""
    rows = lessons(root)
    if not rows:
        raise PluginError(f"{PAGE}: no lesson under lessons/ has `lesson:` in its front matter")
    lines = [
        "| Lesson | Teaching | Exercises | In class | Labs | Total | Hours |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        plan = f"<br>[plan for instructors](../{row['plan']})" if row["plan"] else ""
        label = f"[{row['title']}](../{row['path']}){plan}"
        lines.append(_row(label, *(row[kind] for kind in KINDS)))
    sums = [sum(row[kind] for row in rows) for kind in KINDS]
    lines.append(_row(f"**All {len(rows)} lesson(s)**", *sums, bold=True))
    return "\n".join(lines) + "\n"


def on_page_markdown(markdown: str, page, config, files) -> str:
    if page.file.src_uri != PAGE:
        return markdown
    if MARKER not in markdown:
        raise PluginError(f"docs/{PAGE}: the line {MARKER} that the schedule replaces is missing")
    root = Path(config.config_file_path).parent
    return markdown.replace(MARKER, schedule_markdown(root))
