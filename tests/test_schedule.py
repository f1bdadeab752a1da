"""The instructors' schedule agrees with the timing every lesson declares in its front matter."""

from __future__ import annotations

import importlib.util
import re

import pytest
from content_rules import front_matter, is_lesson
from course_files import ROOT
from site_build import Build

LESSONS = sorted(p for p in (ROOT / "lessons").rglob("*.md") if is_lesson(p))


def _load_hook():
    spec = importlib.util.spec_from_file_location("schedule_hook", ROOT / "docs/hooks/schedule.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


schedule = _load_hook()


def expected_rows() -> dict[str, tuple[int, int, int]]:
    """(teaching, exercises, labs) minutes per lesson title, read with the content rules' parser."""
    rows = {}
    for lesson in LESSONS:
        meta = front_matter(lesson.read_text(encoding="utf-8"))
        timing = meta["timing"]
        rows[meta["title"]] = (timing["teaching"], timing["exercises"], timing.get("labs", 0))
    return rows


def cells_of(line: str) -> list[str]:
    return [cell.strip().strip("*") for cell in line.strip().strip("|").split("|")]


def test_every_lesson_is_in_the_schedule_with_its_minutes():
    table = schedule.schedule_markdown(ROOT)
    for title, (teaching, exercises, labs) in expected_rows().items():
        row = next((line for line in table.splitlines() if f"[{title}]" in line), None)
        assert row, f"lesson {title!r} is missing from the schedule:\n{table}"
        in_class = teaching + exercises
        expected = [teaching, exercises, in_class, labs, in_class + labs]
        assert cells_of(row)[1:6] == [str(n) for n in expected], row


def test_the_total_row_adds_up_every_lesson():
    rows = list(expected_rows().values())
    last = schedule.schedule_markdown(ROOT).strip().splitlines()[-1]
    sums = [sum(row[k] for row in rows) for k in range(3)]
    in_class = sums[0] + sums[1]
    expected = [f"All {len(rows)} lesson(s)", *map(str, (*sums[:2], in_class, sums[2]))]
    total = in_class + sums[2]
    assert cells_of(last) == [*expected, str(total), schedule.duration(total)], last


@pytest.mark.parametrize(("minutes", "text"), [(45, "45 min"), (60, "1 h 00"), (255, "4 h 15")])
def test_duration_reads_in_hours(minutes: int, text: str):
    assert schedule.duration(minutes) == text


def test_a_lesson_without_labs_counts_zero(tmp_path):
    lesson = tmp_path / "lessons" / "module-9" / "demo.md"
    lesson.parent.mkdir(parents=True)
    lesson.write_text(
        '---\ntitle: Demo\nlesson: "9.1"\ntiming:\n  teaching: 20\n  exercises: 10\n---\n'
    )
    table = schedule.schedule_markdown(tmp_path)
    assert "| [Demo](../lessons/module-9/demo.md) | 20 | 10 | 30 | 0 | 30 | 30 min |" in table


def test_a_missing_marker_fails_the_build_with_the_file_named():
    class Page:
        file = type("F", (), {"src_uri": schedule.PAGE})

    config = type("C", (), {"config_file_path": str(ROOT / "mkdocs.yml")})
    with pytest.raises(Exception, match=r"docs/instructors/schedule\.md: the line .* is missing"):
        schedule.on_page_markdown("# Schedule\n", Page(), config, None)


def test_built_schedule_page_shows_every_lesson(built: Build):
    html = (built.site / "instructors" / "schedule" / "index.html").read_text(encoding="utf-8")
    assert schedule.MARKER not in html, "the schedule marker was not replaced"
    text = re.sub(r"<[^>]+>", " ", html)
    for title, (teaching, exercises, labs) in expected_rows().items():
        assert title in text, f"{title!r} is not on the built schedule page"
        total = teaching + exercises + labs
        assert f"{total}" in text and schedule.duration(total) in text, f"{title}: total missing"
