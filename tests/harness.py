"""Execute a lab notebook the way the tests need it, on nbclient.

What no pytest plugin gives us (see DESIGN.md): test-sized parameters injected after the
`parameters` cell (papermill's convention), refusal of a parameter the lab does not
declare, execution in a temporary folder, a deadline for the whole notebook, internet
sockets refused inside the kernel, and an error that names the notebook and shows the
failing cell.
"""

from __future__ import annotations

import ast
import os
import time
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

PARAMETERS_TAG = "parameters"

# Runs first, hidden, in every tested kernel: a lab must not reach the internet, while
# loopback (Dask's local cluster), socketpair and multiprocessing keep working.
NETWORK_GUARD = """\
import ipaddress as _ip, socket as _socket
def _course_is_local(address):
    host = address[0] if isinstance(address, tuple) else None
    if host is None or host == "localhost":
        return True
    try:
        return _ip.ip_address(host).is_loopback
    except ValueError:
        return False
def _course_guard(connect):
    def guarded(self, address):
        if self.family in (_socket.AF_INET, _socket.AF_INET6) and not _course_is_local(address):
            raise OSError(f"lab tests allow no network access (tried to connect to {address!r})")
        return connect(self, address)
    return guarded
_socket.socket.connect = _course_guard(_socket.socket.connect)
_socket.socket.connect_ex = _course_guard(_socket.socket.connect_ex)
del _course_guard
"""


class LabError(Exception):
    """A lab notebook is malformed or one of its cells failed."""


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """Read and validate a notebook, naming the file in any error."""
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # nbformat raises several unrelated types for bad files
        raise LabError(f"{path}: not a valid notebook ({type(exc).__name__}: {exc})") from exc
    return nb


def tags(cell: nbformat.NotebookNode) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def parameters_cell_index(nb: nbformat.NotebookNode, path: Path) -> int:
    found = [i for i, cell in enumerate(nb.cells) if PARAMETERS_TAG in tags(cell)]
    if len(found) != 1:
        raise LabError(f"{path}: needs exactly one cell tagged 'parameters', found {len(found)}")
    return found[0]


def declared_parameters(nb: nbformat.NotebookNode, path: Path) -> dict[str, Any]:
    """The names the `parameters` cell assigns, with their default values."""
    cell = nb.cells[parameters_cell_index(nb, path)]
    try:
        tree = ast.parse(cell.source)
    except SyntaxError as exc:
        raise LabError(f"{path}: the parameters cell is not valid Python ({exc})") from exc
    names: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    names[target.id] = ast.literal_eval(node.value)
    return names


def small_parameters(nb: nbformat.NotebookNode) -> dict[str, Any]:
    """The small sizes a lab declares for its tests, in its metadata (`course.test_parameters`)."""
    return dict(nb.metadata.get("course", {}).get("test_parameters", {}))


def prepare(
    nb: nbformat.NotebookNode,
    path: Path,
    parameters: dict[str, Any],
    drop_tags: frozenset[str] = frozenset(),
) -> nbformat.NotebookNode:
    """A copy of `nb`: parameters injected, network guard first, `drop_tags` cells removed."""
    declared = declared_parameters(nb, path)
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise LabError(
            f"{path}: test parameters {unknown} are not declared in the parameters cell "
            f"(it declares {sorted(declared)})"
        )
    nb = nbformat.from_dict(nb)  # deep copy: never change the caller's notebook
    index = parameters_cell_index(nb, path)
    injected = nbformat.v4.new_code_cell(
        "# Parameters injected by the tests\n"
        + "".join(f"{name} = {value!r}\n" for name, value in parameters.items()),
        metadata={"tags": ["injected-parameters"]},
    )
    nb.cells.insert(index + 1, injected)
    nb.cells = [cell for cell in nb.cells if not tags(cell) & drop_tags]
    guard = nbformat.v4.new_code_cell(NETWORK_GUARD, metadata={"tags": ["network-guard"]})
    nb.cells.insert(0, guard)
    return nb


def execute(
    nb: nbformat.NotebookNode,
    path: Path,
    workdir: Path,
    deadline_s: float = 300,
    kernel_name: str = "python3",
) -> nbformat.NotebookNode:
    """Execute `nb` with `workdir` as its working folder; raise LabError on the first failing cell.

    `kernel_name` picks another installed kernel (another environment) than this one's.
    The executed copy is kept as `workdir/executed-<name>` so a failure can be inspected.
    """
    deadline = time.monotonic() + deadline_s
    client = NotebookClient(
        nb,
        kernel_name=kernel_name,
        resources={"metadata": {"path": str(workdir)}},
        # nbclient only has per-cell timeouts: give each cell the time left before the deadline.
        timeout_func=lambda cell: max(1, int(deadline - time.monotonic())),
    )
    try:
        # Unattended, as in the site build (docs/hooks/quiet_progress.py): no progress bars.
        # Set for the kernel alone, so a site build that the tests start gets no such help.
        client.execute(env={**os.environ, "TQDM_DISABLE": "1"})
    except CellExecutionError as exc:
        raise LabError(f"{path}: {describe_failure(nb, exc)}") from exc
    except (CellTimeoutError, DeadKernelError) as exc:
        raise LabError(f"{path}: stopped ({type(exc).__name__}): {exc}") from exc
    finally:
        nbformat.write(nb, workdir / f"executed-{path.name}")
    return nb


def describe_failure(nb: nbformat.NotebookNode, exc: CellExecutionError) -> str:
    """Which cell failed, its source and the error, in a few lines."""
    for number, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return (
                    f"cell {number} failed with {output['ename']}: {output['evalue']}\n"
                    f"--- cell source ---\n{cell.source}\n-------------------"
                )
    return str(exc)


def stream_text(cell: nbformat.NotebookNode) -> str:
    """Everything an executed cell printed, stdout and stderr, in order."""
    return "".join(o.text for o in cell.get("outputs", []) if o.get("output_type") == "stream")
