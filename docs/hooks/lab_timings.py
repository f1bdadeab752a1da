"""List each lab's last execution time on the site (docs/lab-timings.md), as the build measured it.

mkdocs-jupyter executes a notebook only when its cache (.cache/mkdocs-jupyter) has no rendering
of the notebook's current bytes. This hook times each notebook's rendering; a rendering that
executed the notebook is recorded in .cache/lab-timings.json with the notebook's hash, so a
later build that reuses the cache still shows when and how fast the lab last ran. The table
replaces the `<!-- lab-timings -->` marker of the page once every page has been rendered.
"""

from __future__ import annotations

import hashlib
import json
import time
from datetime import UTC, datetime
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

RECORD = Path(".cache") / "lab-timings.json"  # beside mkdocs-jupyter's cache, same lifetime
MARKER = "<!-- lab-timings -->"
CACHE_HIT_S = 1.0  # a cached rendering takes milliseconds; an executed lab takes seconds
_labs: dict[str, object] = {}


def _load() -> dict:
    try:
        return json.loads(RECORD.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


# After mkdocs-jupyter (priority 0) has replaced page.render with its notebook renderer.
@event_priority(-60)
def on_pre_page(page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return page
    _labs[page.file.src_uri] = page
    render = page.render

    def timed_render(config, files):
        start = time.perf_counter()
        render(config, files)
        seconds = time.perf_counter() - start
        digest = hashlib.sha256(Path(page.file.abs_src_path).read_bytes()).hexdigest()
        records = _load()
        known = records.get(page.file.src_uri, {}).get("sha256") == digest
        if seconds >= CACHE_HIT_S or not known:
            executed = seconds >= CACHE_HIT_S
            records[page.file.src_uri] = {
                "sha256": digest,
                "seconds": round(seconds, 1) if executed else None,
                "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC") if executed else None,
            }
            RECORD.parent.mkdir(parents=True, exist_ok=True)
            RECORD.write_text(json.dumps(records, indent=1, sort_keys=True), encoding="utf-8")

    page.render = timed_render
    return page


def _table(page) -> str:
    records = _load()
    rows = [
        "<table><thead><tr><th>Lab</th><th>Execution time</th><th>Executed on</th></tr></thead>",
        "<tbody>",
    ]
    for src_uri, lab in sorted(_labs.items()):
        record = records.get(src_uri, {})
        link = get_relative_url(lab.url, page.url)
        seconds = f"{record['seconds']:.1f} s" if record.get("seconds") else "not recorded"
        rows.append(
            f'<tr><td><a href="{link}">{lab.title}</a></td><td>{seconds}</td>'
            f"<td>{record.get('date') or 'not recorded'}</td></tr>"
        )
    return "\n".join([*rows, "</tbody></table>"])


# Every page is rendered before any page's context: all labs have run by now.
@event_priority(60)
def on_page_context(context, page, config, nav):
    if MARKER in (page.content or ""):
        page.content = page.content.replace(MARKER, _table(page))
    return context
