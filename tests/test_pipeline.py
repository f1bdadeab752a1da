"""docs/hooks/README.md lists the build's pipeline in the order MkDocs really runs it.

Twenty-odd hooks and two plugins run in an order set by `@event_priority` numbers spread over
many files, ties settled by their place in mkdocs.yml. The README's table is the one place a
contributor reads it; this test loads mkdocs.yml as MkDocs does (without building) and compares
the table, event by event and row by row, with `config.plugins.events`.
"""

from __future__ import annotations

import re
from pathlib import Path

from course_files import HOOKS, ROOT
from mkdocs.config import load_config

README = HOOKS / "README.md"


def table() -> dict[str, list[tuple[str, int, int]]]:
    """event -> [(hook or plugin, priority, line of the README)], in the table's order."""
    rows: dict[str, list[tuple[str, int, int]]] = {}
    for number, line in enumerate(README.read_text(encoding="utf-8").splitlines(), 1):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 4 and re.fullmatch(r"-?\d+", cells[1]):
            rows.setdefault(cells[0], []).append((cells[2], int(cells[1]), number))
    return rows


def pipeline() -> dict[str, list[tuple[str, int]]]:
    """event -> [(hook file or plugin name, priority)], as MkDocs will call them."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    names = {id(plugin): key.rsplit("/", 1)[-1] for key, plugin in config.plugins.items()}
    events = {}
    for event, handlers in config.plugins.events.items():
        events[event] = [
            (
                # A plugin's handler is a bound method; a hook's, a function of the hook module,
                # which MkDocs names by its path in mkdocs.yml.
                names[id(handler.__self__)]
                if hasattr(handler, "__self__")
                else Path(handler.__module__).stem + ".py",
                getattr(handler, "mkdocs_priority", 0),
            )
            for handler in handlers
        ]
    return {event: handlers for event, handlers in events.items() if handlers}


def test_the_readme_lists_every_handler_in_the_order_mkdocs_runs_them():
    rows, real = table(), pipeline()
    assert rows, f"{README}: no table rows found"
    wrong = []
    for event in sorted(set(rows) | set(real)):
        listed, runs = rows.get(event, []), real.get(event, [])
        for index in range(max(len(listed), len(runs))):
            row = listed[index][:2] if index < len(listed) else None
            where = f"line {listed[index][2]}" if row else "after the last row"
            actual = runs[index] if index < len(runs) else None
            if row != actual:
                wrong.append(
                    f"{where}, `{event}` row {index + 1}: the table says {row or 'nothing'}, "
                    f"MkDocs runs {actual or 'nothing'}"
                )
    assert not wrong, f"{README.relative_to(ROOT)} differs from the pipeline:\n" + "\n".join(wrong)


def test_every_file_of_docs_hooks_is_in_the_table_or_named_as_a_helper():
    text = README.read_text(encoding="utf-8")
    missing = [
        p.name
        for p in HOOKS.glob("*.py")
        if f"| {p.name} |" not in text and f"`{p.name}`" not in text
    ]
    assert not missing, f"{README.relative_to(ROOT)} does not name {missing}"
