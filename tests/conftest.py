"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest
from site_build import ROOT, Build, build_site


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Build:
    """The site, built once per test session with `mkdocs build --strict` (labs executed)."""
    work = tmp_path_factory.mktemp("build")
    build = build_site(ROOT, work / "site", work)
    assert build.returncode == 0, f"mkdocs build --strict failed:\n{build.log}"
    return build
