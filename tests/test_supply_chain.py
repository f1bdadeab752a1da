"""The repository's supply chain: what GitHub runs for it, and what updates it.

The OpenSSF Scorecard checks name the practice (Pinned-Dependencies, Token-Permissions,
Dangerous-Workflow, Dependency-Update-Tool, Security-Policy). GitHub runs the workflows, never this
suite, so these tests read them: every action is pinned to a full commit hash with its version in
a comment (a tag can be moved to other code; a hash cannot), every workflow and job declares
`permissions:` and the workflow's default is read-only, no trigger hands a job a token with
write access for code from a fork, and no `run:` line expands text that a stranger can write.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from course_files import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
# `uses: owner/repo(/path)@<40 hex> # v1.2.3`
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")
# Triggers that run a fork's pull request with the base repository's secrets and a write token.
DANGEROUS_TRIGGERS = {"pull_request_target", "workflow_run"}
# Expressions a stranger controls (a branch name, a title, a comment, a dispatch input): in a
# `run:` line they become shell code. Pass them through `env:` instead.
UNTRUSTED = re.compile(r"\$\{\{[^}]*\b(github\.event|github\.head_ref|inputs)\b")


def triggers(workflow: dict) -> dict:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    return {on: None} if isinstance(on, str) else dict.fromkeys(on) if isinstance(on, list) else on


def read_only(permissions) -> bool:
    if permissions in ({}, "read-all"):
        return True
    return isinstance(permissions, dict) and set(permissions.values()) <= {"read", "none"}


def problems(text: str) -> list[str]:
    """What is wrong with one workflow file's text, one line per problem."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        uses = re.match(r"\s*(?:-\s+)?uses:\s*(.+?)\s*$", line)
        if uses and not uses[1].startswith("./") and not PINNED.match(uses[1]):
            found.append(
                f"line {number}: `{uses[1]}` is not pinned to a commit hash with its "
                "version in a comment (`owner/action@<40 hex> # vX.Y.Z`)"
            )
    workflow = yaml.safe_load(text)
    for trigger in DANGEROUS_TRIGGERS & set(triggers(workflow)):
        found.append(f"trigger `{trigger}` runs untrusted code with the base repository's token")
    if "permissions" not in workflow:
        found.append("no top-level `permissions:` (the token would get the repository's default)")
    elif not read_only(workflow["permissions"]):
        found.append(f"top-level `permissions:` is not read-only: {workflow['permissions']}")
    for name, job in workflow["jobs"].items():
        if "permissions" not in job:
            found.append(f"job `{name}` declares no `permissions:`")
        for step in job.get("steps", []):
            if UNTRUSTED.search(str(step.get("run", ""))):
                found.append(f"job `{name}`: a `run:` expands untrusted input: {step['run']!r}")
            pushes = (job.get("permissions") or {}).get("contents") == "write"
            checkout = str(step.get("uses", "")).startswith("actions/checkout@")
            if (
                checkout
                and not pushes
                and (step.get("with") or {}).get("persist-credentials") is not False
            ):
                found.append(
                    f"job `{name}`: checkout keeps the token in .git/config: the job pushes "
                    "nothing, so say `persist-credentials: false`"
                )
    return found


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_pinned_and_least_privileged(path: Path):
    assert problems(path.read_text(encoding="utf-8")) == [], path.name


GOOD = """\
on: {push: {branches: [main]}}
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0
        with:
          persist-credentials: false
      - run: echo ${{ matrix.command }}
"""


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0", "@v4"), "not pinned"),
        (("@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0", "@11d5960"), "not pinned"),
        ((" # v4.4.0", ""), "not pinned"),
        (("on: {push: {branches: [main]}}", "on: [pull_request_target]"), "pull_request_target"),
        (("permissions:\n  contents: read\njobs", "jobs"), "no top-level `permissions:`"),
        (("  contents: read\njobs", "  contents: write\njobs"), "not read-only"),
        (("    permissions:\n      contents: read\n", ""), "declares no `permissions:`"),
        (("matrix.command", "github.event.pull_request.title"), "untrusted input"),
        (("matrix.command", "github.head_ref"), "untrusted input"),
        (("persist-credentials: false", "persist-credentials: true"), "keeps the token"),
        (("\n        with:\n          persist-credentials: false", ""), "persist-credentials"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_planted_problem_is_named(change: tuple[str, str], problem: str):
    assert problems(GOOD) == []
    planted = GOOD.replace(*change)
    assert planted != GOOD, f"the change {change} did not apply"
    assert any(problem in line for line in problems(planted)), problems(planted)


def test_pre_commit_hooks_are_pinned_by_commit():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    text = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    for repo in config["repos"]:
        if repo["repo"] in {"local", "meta"}:
            continue
        assert re.fullmatch(r"[0-9a-f]{40}", repo["rev"]), f"{repo['repo']}: rev {repo['rev']}"
        assert re.search(rf"rev: {repo['rev']}\s+# frozen: v\d", text), (
            f"{repo['repo']}: say the version after the hash (`# frozen: vX.Y.Z`)"
        )


def test_updates_arrive_for_actions_packages_and_the_in_page_runtime():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    watched = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert {("github-actions", "/"), ("pip", "/")} <= watched, watched
    npm = [d for ecosystem, d in watched if ecosystem == "npm"]
    assert len(npm) == 1, f"one npm entry, for the in-page runtime's pin: {watched}"
    folder = ROOT / npm[0].removeprefix("/")
    lock = json.loads((folder / "package-lock.json").read_text(encoding="utf-8"))
    manifest = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    pinned = lock["packages"]["node_modules/pyodide"]
    assert manifest["dependencies"]["pyodide"] == pinned["version"], "an exact version, no range"
    assert pinned["integrity"].startswith("sha512-")


def test_there_is_a_security_policy_with_a_private_way_to_report():
    policy = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    assert "/security/advisories/new" in policy, "link GitHub's private vulnerability report"
    for heading in ("## Reporting", "## In scope", "## Out of scope"):
        assert heading in policy, f"SECURITY.md has no {heading!r} section"
