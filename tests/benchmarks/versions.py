"""Print the version of each package the labs need, as installed in this environment.

    uv run python tests/benchmarks/versions.py
    uv run --resolution lowest-direct python tests/benchmarks/versions.py

pyproject.toml allows a range of each; the labs are tested at both ends (CI's matrix) and a
figure means little without the versions that gave it, so bench_labs.py prints these too.
"""

from __future__ import annotations

import platform
import re
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def lab_packages() -> list[str]:
    """The names in pyproject.toml's [project] dependencies, in their order."""
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    return [re.match(r"[A-Za-z0-9_.-]+", d)[0] for d in dependencies]


def installed_versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in lab_packages():
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def describe() -> str:
    return ", ".join(f"{name} {v}" for name, v in installed_versions().items())


if __name__ == "__main__":
    print(describe())
