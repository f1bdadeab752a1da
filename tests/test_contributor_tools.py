"""The contributor tooling says what CONTRIBUTING.md says: CI, Pages, pre-commit, issue forms.

These files are only run by GitHub and by pre-commit, never by the test suite, so a typo in them
would go unnoticed until a pull request or a deployment failed. These tests read them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from course_files import ROOT

GITHUB = ROOT / ".github"
FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
FORM_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def runs(workflow: dict, job: str) -> list[str]:
    return [step["run"] for step in steps(workflow, job) if "run" in step]


def uses(workflow: dict, job: str) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(workflow, job) if "uses" in step]


def test_ci_runs_the_same_command_as_local_ci():
    ci = load(GITHUB / "workflows" / "ci.yml")
    assert runs(ci, "test") == ["${{ matrix.command }}"], runs(ci, "test")
    legs = {
        leg["versions"]: leg["command"]
        for leg in ci["jobs"]["test"]["strategy"]["matrix"]["include"]
    }
    assert legs["newest"] == ".ci/run", "the CI test job must run .ci/run"
    # pyproject.toml's floors are true: the same suite passes at the lowest versions it allows.
    lowest = legs["lowest"].split("&&")
    assert lowest[0].strip() == "export UV_RESOLUTION=lowest-direct", legs
    assert lowest[-1].strip() == ".ci/run", legs
    assert "uv run pytest" in (ROOT / ".ci" / "run").read_text(), ".ci/run must run uv run pytest"
    assert any("pre-commit run --all-files" in run for run in runs(ci, "lint")), runs(ci, "lint")


def test_pages_workflow_builds_strictly_and_deploys():
    pages = load(GITHUB / "workflows" / "pages.yml")
    triggers = pages.get("on", pages.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"]
    deploy = pages["jobs"]["deploy"]["permissions"]
    assert deploy == {"pages": "write", "id-token": "write"}, deploy
    assert "uv run mkdocs build --strict" in runs(pages, "build")
    assert "actions/upload-pages-artifact" in uses(pages, "build")
    upload = next(s for s in steps(pages, "build") if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site", "MkDocs builds into site/"
    assert uses(pages, "deploy") == ["actions/deploy-pages"]
    assert pages["jobs"]["deploy"]["needs"] == "build"


def test_pre_commit_runs_the_tools_ci_uses_on_notebooks_too():
    config = load(ROOT / ".pre-commit-config.yaml")
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["nbstripout"]["entry"] == "uv run nbstripout --keep-id"
    for hook_id in ("ruff-check", "ruff-format"):
        assert hooks[hook_id]["entry"].startswith(f"uv run ruff {hook_id.split('-')[1]}")
        assert "jupyter" in hooks[hook_id]["types_or"], f"{hook_id} must lint notebooks"
    assert "jupyter" in hooks["nbstripout"]["types"]


def test_pull_request_template_asks_for_the_tests():
    template = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert "uv run pytest" in template and "pre-commit" in template


def test_there_is_a_form_to_report_a_docs_issue():
    assert "Report a docs issue" in {load(form)["name"] for form in FORMS}


@pytest.mark.parametrize("form", FORMS, ids=lambda p: p.name)
def test_issue_form_is_well_formed(form: Path):
    data = load(form)
    assert data.get("name") and data.get("description"), f"{form.name}: needs name and description"
    ids = []
    for number, element in enumerate(data["body"]):
        where = f"{form.name}: body item {number}"
        assert element["type"] in FORM_TYPES, f"{where}: unknown type {element['type']!r}"
        attributes = element["attributes"]
        if element["type"] == "markdown":
            assert attributes.get("value"), f"{where}: markdown needs a value"
            continue
        assert element.get("id") and attributes.get("label"), f"{where}: needs an id and a label"
        ids.append(element["id"])
        if element["type"] in {"dropdown", "checkboxes"}:
            assert attributes.get("options"), f"{where}: needs options"
    assert len(ids) == len(set(ids)), f"{form.name}: ids must be unique: {ids}"
