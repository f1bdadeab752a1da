"""The notebook harness itself: parameters, errors that name the file, the network guard."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from harness import LabError, execute, prepare, read_notebook


def make_lab(folder: Path, *sources: str) -> Path:
    cells = [
        nbformat.v4.new_code_cell("N = 10\nWORK_DIR = 'data'", metadata={"tags": ["parameters"]})
    ]
    cells += [nbformat.v4.new_code_cell(source) for source in sources]
    path = folder / "lab.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


def run(path: Path, workdir: Path, **parameters) -> nbformat.NotebookNode:
    nb = read_notebook(path)
    return execute(prepare(nb, path, parameters), path, workdir)


def test_injected_parameters_override_defaults(tmp_path: Path):
    path = make_lab(tmp_path, "assert N == 3, N")
    run(path, tmp_path, N=3)


def test_undeclared_parameter_is_refused(tmp_path: Path):
    path = make_lab(tmp_path, "pass")
    with pytest.raises(LabError, match=r"lab\.ipynb: test parameters \['ROWS'\] are not declared"):
        run(path, tmp_path, ROWS=5)


def test_failing_cell_names_notebook_and_shows_source(tmp_path: Path):
    path = make_lab(tmp_path, "x = 1", "assert x == 2, 'x should be two'")
    with pytest.raises(LabError) as failure:
        run(path, tmp_path)
    message = str(failure.value)
    assert str(path) in message
    assert "AssertionError: x should be two" in message
    assert "assert x == 2" in message
    assert (tmp_path / "executed-lab.ipynb").is_file(), "the executed copy is kept for inspection"


def test_malformed_notebook_is_named(tmp_path: Path):
    path = tmp_path / "broken.ipynb"
    path.write_text("{ not json")
    with pytest.raises(LabError, match=r"broken\.ipynb: not a valid notebook"):
        read_notebook(path)


def test_kernel_runs_in_the_work_folder(tmp_path: Path):
    workdir = tmp_path / "work"
    workdir.mkdir()
    path = make_lab(tmp_path, f"import os\nassert os.getcwd() == {str(workdir)!r}, os.getcwd()")
    run(path, workdir)


def test_network_is_refused_but_loopback_works(tmp_path: Path):
    path = make_lab(
        tmp_path,
        "import socket\n"
        "server = socket.socket(); server.bind(('127.0.0.1', 0)); server.listen()\n"
        "socket.create_connection(server.getsockname(), timeout=2).close()\n"
        "try:\n"
        "    socket.create_connection(('192.0.2.1', 80), timeout=2)\n"
        "except OSError as exc:\n"
        "    assert 'no network access' in str(exc), exc\n"
        "else:\n"
        "    raise AssertionError('an internet connection was allowed')",
    )
    run(path, tmp_path)
