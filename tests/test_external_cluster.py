"""Lab 1.3.4 on a cluster that it did not start, as an instructor's cluster would be.

The cluster is started as separate processes with the `dask scheduler` and `dask worker`
commands, on loopback, each worker in a folder of its own. The lab is told where the scheduler
is (SCHEDULER_ADDRESS) and where to put its data so that every worker can read it (DATA_URL);
the workers then read the files themselves, and nothing of the data is written in the lab's own
working folder. Data that the workers cannot reach is refused with a message that says what to
set.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import free_port
from course_files import ROOT
from harness import LabError, execute, prepare, read_notebook, small_parameters, stream_text

LAB = ROOT / "labs" / "1.3-scalability" / "04-distributed-processing.ipynb"
DASK = Path(sys.executable).with_name("dask")  # the command the dask package installs
WORKERS = 2


def start(command: list[str], folder: Path) -> subprocess.Popen:
    folder.mkdir(parents=True)
    log = (folder / "log.txt").open("w")
    return subprocess.Popen([str(DASK), *command], cwd=folder, stdout=log, stderr=log)


@pytest.fixture(scope="module")
def scheduler_address(tmp_path_factory) -> Iterator[str]:
    """A scheduler and two single-threaded workers, each a process of its own, on 127.0.0.1."""
    from distributed import Client

    root = tmp_path_factory.mktemp("cluster")
    address = f"tcp://127.0.0.1:{free_port()}"
    port = address.rsplit(":", 1)[1]
    processes = [
        start(["scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"], root / "s")
    ]
    for number in range(WORKERS):
        folder = root / f"worker-{number}"
        processes.append(
            start(
                [
                    "worker",
                    address,
                    "--host",
                    "127.0.0.1",
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                    "--local-directory",
                    str(folder / "scratch"),
                ],
                folder,
            )
        )
    try:
        deadline = time.monotonic() + 60
        while True:  # the scheduler may not listen yet
            try:
                with Client(address, timeout=5) as client:
                    client.wait_for_workers(WORKERS, timeout=60)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield address
        for process in processes:
            assert process.poll() is None, f"{process.args[:2]} ended: the lab stopped the cluster"
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def run_lab(tmp_path: Path, **parameters):
    nb = read_notebook(LAB)
    prepared = prepare(nb, LAB, {**small_parameters(nb), **parameters})
    return execute(prepared, LAB, tmp_path / "lab")


def test_the_lab_runs_on_a_cluster_of_its_own_processes_reading_shared_data(
    scheduler_address: str, tmp_path: Path
):
    shared = tmp_path / "shared"
    shared.mkdir()
    (tmp_path / "lab").mkdir()
    executed = run_lab(
        tmp_path,
        SCHEDULER_ADDRESS=scheduler_address,
        DATA_URL=shared.as_uri(),
        KEEP_FILES=True,  # to see where the data went
    )
    text = "\n".join(stream_text(cell) for cell in executed.cells)
    assert f"the cluster at {scheduler_address}" in text, "the lab did not use the given cluster"
    written = sorted(p.name for p in shared.rglob("*.parquet"))
    n_files = small_parameters(read_notebook(LAB)).get("N_FILES", 8)
    assert len(written) == n_files, f"expected {n_files} files in DATA_URL, found {written}"
    local = [str(p) for p in (tmp_path / "lab").rglob("*.parquet")]
    assert not local, f"data written in the lab's own folder, not in DATA_URL: {local}"


def test_data_the_workers_cannot_reach_is_refused_with_what_to_set(
    scheduler_address: str, tmp_path: Path
):
    # memory:// lives in the notebook's own process: no worker can read it.
    (tmp_path / "lab").mkdir()
    with pytest.raises(
        LabError, match="cannot read memory://.*set DATA_URL to a folder that every"
    ):
        run_lab(tmp_path, SCHEDULER_ADDRESS=scheduler_address, DATA_URL="memory://course")
