"""Where the course's sources are: one definition that every test module imports."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Every lab notebook; a new notebook under labs/ is picked up by every test that uses this.
LABS = sorted(p for p in (ROOT / "labs").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
HOOKS = ROOT / "docs" / "hooks"


def load_hook(name: str):
    """Import docs/hooks/<name>.py as MkDocs does: hooks are not a package, and a hook imports
    its siblings by name (so their folder is on the import path)."""
    if str(HOOKS) not in sys.path:
        sys.path.append(str(HOOKS))
    spec = importlib.util.spec_from_file_location(name, HOOKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
