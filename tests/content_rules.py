"""The rules every lesson page follows, as functions that return what is wrong.

A lesson page is a Markdown file under lessons/ whose front matter names a `lesson:`.
Each problem names the file and the rule, so a contributor knows what to fix.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import yaml
from course_files import ROOT

OBJECTIVES = re.compile(r'^!!! abstract "Learning objectives"\n((?:    .*\n|\n)+)', re.M)
KEY_POINTS = re.compile(r'^!!! success "Key points"\n(?:    .*\n|\n)*?    - ', re.M)
EXERCISE = re.compile(r'^!!! question "Exercise (\d+): [^"]*\(objectives? ([\d, and]+)\)"', re.M)
SOLUTION = re.compile(r'^\?\?\? success "Solution"', re.M)
LINK = re.compile(r"\]\(([^)\s]+)\)")


def front_matter(text: str) -> dict:
    match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    return (yaml.safe_load(match.group(1)) or {}) if match else {}


def is_lesson(path: Path) -> bool:
    return "lesson" in front_matter(path.read_text(encoding="utf-8"))


def lesson_problems(path: Path, root: Path = ROOT) -> list[str]:
    """Everything that breaks the lesson rules in `path`; empty when the lesson is sound."""
    text = path.read_text(encoding="utf-8")
    meta = front_matter(text)
    name = path.relative_to(root) if path.is_relative_to(root) else path
    problems: list[str] = []

    def problem(rule: str) -> None:
        problems.append(f"{name}: {rule}")

    timing = meta.get("timing")
    if not isinstance(timing, dict) or not all(
        isinstance(timing.get(k), int) and timing[k] > 0 for k in ("teaching", "exercises")
    ):
        problem("front matter needs `timing:` with whole minutes for `teaching` and `exercises`")

    objectives_block = OBJECTIVES.search(text)
    objectives = (
        # group(0) would give the same: the admonition's title line is not a numbered item.
        re.findall(r"^    \d+\. ", objectives_block.group(1), re.M)  # pragma: no mutate
        if objectives_block
        else []
    )
    if not objectives:
        problem('needs a numbered list in a `!!! abstract "Learning objectives"` admonition')

    if not KEY_POINTS.search(text):
        problem('needs a bulleted list in a `!!! success "Key points"` admonition')

    exercises = list(EXERCISE.finditer(text))
    if not exercises:
        problem('needs exercises: `!!! question "Exercise N: title (objective K)"`')
    covered = {int(k) for ex in exercises for k in re.findall(r"\d+", ex.group(2))}
    missing = [k for k in range(1, len(objectives) + 1) if k not in covered]
    if objectives and missing:
        problem(f"objectives {missing} have no exercise (name them in a title: `(objective K)`)")
    for ex, following in itertools.zip_longest(exercises, exercises[1:]):  # the last: None
        end = following.start() if following else len(text)
        if not SOLUTION.search(text, ex.end(), end):
            problem(f'Exercise {ex.group(1)} has no `??? success "Solution"` block after it')

    labs_folder = meta.get("labs")
    if labs_folder:
        linked = {(path.parent / link).resolve() for link in LINK.findall(text)}
        folder = root / labs_folder
        if not folder.is_dir():
            problem(f"front matter `labs: {labs_folder}` is not a folder")
        for lab in sorted(folder.glob("*.ipynb")) if folder.is_dir() else []:
            if lab.resolve() not in linked:
                problem(f"lab {lab.relative_to(root)} is not linked from the lesson")
    return problems


# --- Labs in the navigation -------------------------------------------------------------------


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!!python/name:` and `!relative` tags only MkDocs can build."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def nav_pages(mkdocs_yml: Path) -> set[str]:
    """Every page path listed under `nav:` in `mkdocs_yml`, sections included."""
    try:
        config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"{mkdocs_yml}: not valid YAML ({exc})") from exc
    pages: set[str] = set()

    def walk(entry) -> None:
        if isinstance(entry, str):
            pages.add(entry)
        elif isinstance(entry, list):
            for item in entry:
                walk(item)
        elif isinstance(entry, dict):
            for value in entry.values():
                walk(value)

    walk(config.get("nav", []))
    return pages


def lab_nav_problems(labs: list[Path], root: Path = ROOT) -> list[str]:
    """Labs that `nav:` in mkdocs.yml does not list (the mount hook publishes labs/ as labs/)."""
    listed = nav_pages(root / "mkdocs.yml")
    return [
        f"{lab.relative_to(root)}: lab is not in the navigation "
        "(add it under `nav:` in mkdocs.yml, in its lesson's labs section)"
        for lab in labs
        if lab.relative_to(root).as_posix() not in listed
    ]


# --- The lesson plan's timing table agrees with the lesson's front matter ----------------------

TIMING_ROW = re.compile(r"^\|\s*(\*\*)?(.+?)(\*\*)?\s*\|\s*(?:\*\*)?(\d+)(?:\*\*)?\s*\|", re.M)
# Bold total rows of a plan's timing table, and the front-matter minutes each one must equal.
PLAN_TOTALS = {"Teaching and exercises": ("teaching", "exercises"), "Labs": ("labs",)}


def plan_of(lesson: Path) -> Path:
    """A lesson's plan for instructors: `N.M-plan.md` beside the lesson page."""
    return lesson.parent / f"{front_matter(lesson.read_text(encoding='utf-8'))['lesson']}-plan.md"


def plan_timing_problems(lesson: Path, root: Path = ROOT) -> list[str]:
    """Where the plan's `## Timing` table disagrees with itself or with the lesson's `timing:`."""
    plan = plan_of(lesson)
    if not plan.is_file():
        return []
    name = plan.relative_to(root) if plan.is_relative_to(root) else plan
    timing = front_matter(lesson.read_text(encoding="utf-8")).get("timing") or {}
    section = re.search(
        r"^## Timing\n(.*?)(?=^## |\Z)",
        plan.read_text(encoding="utf-8"),
        re.M | re.S,  # pragma: no mutate (flags are bits: ^ and + give the same)
    )
    if not section:
        return [f"{name}: needs a `## Timing` section with a table of activities and minutes"]
    problems, running, totals = [], 0, {}
    # group(0) would give the same: the "## Timing" line is not a table row.
    for bold, label, _, minutes in TIMING_ROW.findall(section.group(1)):  # pragma: no mutate
        if not bold:
            running += int(minutes)
            continue
        if int(minutes) != running:
            problems.append(
                f"{name}: timing row '{label}' says {minutes} but its rows add to {running}"
            )
        totals[label], running = int(minutes), 0
    for label, keys in PLAN_TOTALS.items():
        expected = sum(int(timing.get(k) or 0) for k in keys)
        if label not in totals:
            problems.append(f"{name}: timing table needs a bold total row '{label}'")
        elif totals[label] != expected:
            problems.append(
                f"{name}: timing row '{label}' says {totals[label]} minutes but the lesson's "
                f"front matter `timing:` gives {' + '.join(keys)} = {expected}"
            )
    return problems


# --- Each lab's time agrees in the notebook, the plan and the lesson's labs table --------------

LAB_TITLE = re.compile(r"^# Lab (\S+):", re.M)
LAB_TIME = re.compile(r"\*\*Time\*\*:\s*(\d+) minutes")


def lab_time_problems(lesson: Path, root: Path = ROOT) -> list[str]:
    """Labs whose `**Time**: N minutes` differs from their row in the plan or the lesson."""
    meta = front_matter(lesson.read_text(encoding="utf-8"))
    folder = root / str(meta.get("labs", ""))
    # `and` would give the same: a folder that does not exist holds no notebook to check.
    if not meta.get("labs") or not folder.is_dir():  # pragma: no mutate
        return []  # lesson_problems reports a missing folder
    plan = plan_of(lesson)
    places = {lesson: r"^\|\s*\[{id} [^|]*\|[^|]*\|\s*(\d+) min\s*\|"}
    if plan.is_file():
        places[plan] = r"^\|\s*Lab {id} [^|]*\|\s*(\d+)\s*\|"
    problems = []
    for lab in sorted(folder.glob("*.ipynb")):
        cells = json.loads(lab.read_text(encoding="utf-8")).get("cells") or [{}]
        first = "".join(cells[0].get("source", ""))
        title, time = LAB_TITLE.search(first), LAB_TIME.search(first)
        if not (title and time):
            problems.append(
                f"{lab.relative_to(root)}: the first cell needs `# Lab N.M.K: Title` "
                "and `**Time**: N minutes`"
            )
            continue
        for page, pattern in places.items():
            name = page.relative_to(root) if page.is_relative_to(root) else page
            row = re.search(pattern.format(id=re.escape(title.group(1))), page.read_text(), re.M)
            if not row:
                problems.append(f"{name}: no row with the time of lab {title.group(1)}")
            elif row.group(1) != time.group(1):
                problems.append(
                    f"{name}: lab {title.group(1)} takes {row.group(1)} minutes here but "
                    f"{time.group(1)} in {lab.relative_to(root)} (`**Time**:`)"
                )
    return problems
