"""Where the course's sources are: one definition that every test module imports."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Every lab notebook; a new notebook under labs/ is picked up by every test that uses this.
LABS = sorted(p for p in (ROOT / "labs").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
