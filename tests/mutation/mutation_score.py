"""Mutation score of what the fast tests guard: labkit, the content rules, pure hook code.

    uv run --with "cosmic-ray>=8.7,<9" python tests/mutation/mutation_score.py [--report DIR]

A mutant is a small change to one target file (a `<` made `<=`, a `+` made `-`, a constant
changed): cosmic-ray makes each one in a scratch copy of the repository, never in this checkout,
and runs the fast tests that guard the file (no site build, no browser), stopping at the first
failure. A mutant the tests fail on is killed; one they pass on survived, and shows a change the
tests would not notice. Per file this prints the mutants, killed, survived and the score
(killed / (killed + survived)); DIR/survivors.md gets each survivor's diff. A line marked
`# pragma: no mutate` is left alone: use it only for an equivalent mutant, and say why beside it.

Exit status 1 when a file scores below --goal (90 %). Not part of `uv run pytest`: it takes tens
of minutes (.github/workflows/mutation.yml runs it weekly and keeps the report).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Each target file and the fast tests that guard it.
TARGETS: dict[str, list[str]] = {
    "labs/labkit/checks.py": ["tests/test_labkit.py"],
    "labs/labkit/workdir.py": ["tests/test_labkit.py"],
    "labs/labkit/data.py": ["tests/test_labkit.py"],
    "labs/labkit/probes.py": ["tests/test_probes.py"],
    "tests/content_rules.py": ["tests/test_content.py"],
    "docs/hooks/runnable.py": ["tests/test_runnable_build.py", "tests/test_lesson_code.py"],
    "docs/hooks/html_edit.py": ["tests/test_html_edit.py"],
    "docs/hooks/content_policy.py": ["tests/test_content_policy_hook.py", "tests/test_pipeline.py"],
    "docs/hooks/lab_cache.py": ["tests/test_lab_cache.py"],
    "docs/hooks/course_address.py": ["tests/test_course_address.py", "tests/test_pipeline.py"],
}
# One process (-n 0), stopping at the first failure: the tests of one mutant take seconds.
PYTEST = [sys.executable, "-m", "pytest", "-x", "-q", "-n", "0", "-p", "no:cacheprovider"]


def scratch_copy(into: Path) -> Path:
    """The repository's tracked files (as they are on disk) copied into `into`."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)
    # A repository of its own: some tests ask git which files are the project's.
    subprocess.run(["git", "init", "-q"], cwd=into, check=True)
    subprocess.run(["git", "add", "-A"], cwd=into, check=True)
    # The in-page runtime the build verified, so no test fetches it again.
    if (ROOT / ".cache" / "pyodide").is_dir():
        (into / ".cache").mkdir(exist_ok=True)
        (into / ".cache" / "pyodide").symlink_to(ROOT / ".cache" / "pyodide")
    return into


def environment(copy: Path) -> dict[str, str]:
    # labkit is installed in editable mode from this checkout: the copy's must come first.
    return {**os.environ, "PYTHONPATH": str(copy / "labs")}


def score(target: str, tests: list[str], work: Path) -> tuple[str, Counter, list[dict]]:
    """Mutate `target` in a fresh copy; (target, outcome counts, survivors)."""
    copy = scratch_copy(work / "repo")
    env = environment(copy)
    command = PYTEST + tests
    baseline = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True)
    if baseline.returncode != 0:
        raise SystemExit(
            f"{target}: its tests fail before any mutation ({shlex.join(tests)}):\n"
            f"{baseline.stdout[-2000:]}"
        )
    config, session = work / "config.toml", work / "session.sqlite"
    config.write_text(
        "[cosmic-ray]\n"
        f"module-path = {json.dumps(target)}\n"
        "timeout = 120.0\n"
        "excluded-modules = []\n"
        f"test-command = {json.dumps(shlex.join(command))}\n"
        "[cosmic-ray.distributor]\n"
        'name = "local"\n'
    )
    subprocess.run(["cosmic-ray", "init", str(config), str(session)], cwd=copy, check=True)
    subprocess.run(["cr-filter-pragma", str(session)], cwd=copy, check=True)
    skip_annotations(session, copy / target)
    subprocess.run(["cosmic-ray", "exec", str(config), str(session)], cwd=copy, env=env, check=True)
    dump = subprocess.run(
        ["cosmic-ray", "dump", str(session)], cwd=copy, capture_output=True, text=True, check=True
    )
    counts, survivors = Counter(), []
    for line in dump.stdout.splitlines():
        item, result = json.loads(line)
        outcome = outcome_of(result)
        counts[outcome] += 1
        if outcome == "survived":
            mutation = item["mutations"][0]
            survivors.append({**mutation, "diff": result.get("diff", "")})
    return target, counts, survivors


def annotation_lines(path: Path) -> set[int]:
    """Lines that hold only type annotations, in a module that never evaluates them."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    postponed = any(
        isinstance(node, ast.ImportFrom)
        and node.module == "__future__"
        and any(alias.name == "annotations" for alias in node.names)
        for node in tree.body
    )
    if not postponed:
        return set()
    lines = set()
    for node in ast.walk(tree):
        annotations = []
        if isinstance(node, ast.arg | ast.AnnAssign) and node.annotation:
            annotations.append(node.annotation)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns:
            annotations.append(node.returns)
        for annotation in annotations:
            lines.update(range(annotation.lineno, annotation.end_lineno + 1))
    return lines


def skip_annotations(session: Path, target: Path) -> None:
    """Mark as skipped the mutants inside annotations: with `from __future__ import
    annotations` Python keeps them as text, so `float | None` made `float + None` changes
    nothing (an equivalent mutant by construction)."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    lines = annotation_lines(target)
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item in db.work_items:
            if all(m.start_pos[0] in lines and m.end_pos[0] in lines for m in item.mutations):
                skipped = WorkResult(worker_outcome=WorkerOutcome.SKIPPED, output="annotation")
                db.set_result(item.job_id, skipped)


def outcome_of(result: dict | None) -> str:
    """killed, survived, skipped (pragma) or incompetent (a mutant that cannot run at all)."""
    if not result or result.get("worker_outcome") == "skipped":
        return "skipped"
    if result.get("test_outcome") == "incompetent":
        return "incompetent"
    if result.get("worker_outcome") == "abnormal":  # the tests timed out: caught
        return "killed"
    return result.get("test_outcome") or "skipped"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", type=Path, help="write survivors.md and scores.json here")
    parser.add_argument("--goal", type=float, default=90.0, help="lowest score per file, in %%")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("files", nargs="*", help="target files (default: all)")
    args = parser.parse_args()
    if shutil.which("cosmic-ray") is None:
        print('cosmic-ray is missing: run with `uv run --with "cosmic-ray>=8.7,<9" ...`')
        return 2
    unknown = sorted(set(args.files) - set(TARGETS))
    if unknown:
        print(f"not a target: {unknown}; targets are {sorted(TARGETS)}")
        return 2
    targets = args.files or list(TARGETS)
    with (
        tempfile.TemporaryDirectory(prefix="mutation-") as scratch,
        ThreadPoolExecutor(args.jobs) as pool,
    ):
        works = [Path(scratch) / str(i) for i in range(len(targets))]
        for work in works:
            work.mkdir()
        results = list(pool.map(lambda t, w: score(t, TARGETS[t], w), targets, works))

    print(f"{'file':34} {'mutants':>7} {'killed':>7} {'survived':>8} {'skipped':>7} {'score':>6}")
    below, scores = [], {}
    for target, counts, _ in results:
        tried = counts["killed"] + counts["survived"]
        percent = 100 * counts["killed"] / tried if tried else 100.0
        scores[target] = {**counts, "score": round(percent, 1)}
        print(
            f"{target:34} {sum(counts.values()):7} {counts['killed']:7} {counts['survived']:8} "
            f"{counts['skipped'] + counts['incompetent']:7} {percent:5.1f}%"
        )
        if percent < args.goal:
            below.append(target)
    if args.report:
        write_report(args.report, results, scores)
    if below:
        print(f"below {args.goal:.0f} %: {', '.join(below)}")
    return 1 if below else 0


def write_report(folder: Path, results, scores: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scores.json").write_text(json.dumps(scores, indent=1) + "\n")
    lines = ["# Surviving mutants", ""]
    for target, _, survivors in results:
        lines += [f"## {target}: {len(survivors)}", ""]
        for mutant in survivors:
            lines += [
                f"{mutant['operator_name']} #{mutant['occurrence']}, line {mutant['start_pos'][0]}",
                "",
                "```diff",
                mutant["diff"].strip(),
                "```",
                "",
            ]
    (folder / "survivors.md").write_text("\n".join(lines))
    print(f"report: {folder / 'survivors.md'}")


if __name__ == "__main__":
    sys.exit(main())
