"""A Dask cluster of separate processes, started as an instructor would start one.

`dask scheduler` and `dask worker` (the commands the `distributed` package installs in an
environment's bin folder), on 127.0.0.1 only, each process in a folder of its own with its
log there. A lab that declares the parameters SCHEDULER_ADDRESS and DATA_URL is run against such
a cluster (tests/test_learner_copies.py, tests/test_external_cluster.py).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from browser_support import free_port

CLUSTER_PARAMETERS = {"SCHEDULER_ADDRESS", "DATA_URL"}


def _start(dask: Path, arguments: list[str], folder: Path) -> subprocess.Popen:
    folder.mkdir(parents=True)
    log = (folder / "log.txt").open("w")
    return subprocess.Popen([str(dask), *arguments], cwd=folder, stdout=log, stderr=log)


def _wait_until_up(dask: Path, address: str, workers: int) -> None:
    # Asked with the cluster's own environment: a client of another version of distributed may
    # not speak to this scheduler.
    wait = (
        "import sys; from distributed import Client\n"
        "with Client(sys.argv[1], timeout=60) as client:\n"
        "    client.wait_for_workers(int(sys.argv[2]), timeout=60)\n"
    )
    python = dask.with_name("python")
    done = subprocess.run(
        [str(python), "-c", wait, address, str(workers)], capture_output=True, text=True
    )
    assert done.returncode == 0, f"the cluster at {address} did not come up:\n{done.stderr}"


@contextmanager
def dask_cluster(dask: Path, folder: Path, workers: int = 2) -> Iterator[str]:
    """The address of a scheduler and `workers` single-threaded workers, for the block's length.

    `dask` is the `dask` command of the environment to run them in. The processes must still be
    running when the block ends (a lab must not stop a cluster it did not start).
    """
    address = f"tcp://127.0.0.1:{free_port()}"
    port = address.rsplit(":", 1)[1]
    scheduler = ["scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"]
    processes = [_start(dask, scheduler, folder / "scheduler")]
    for number in range(workers):
        scratch = folder / f"worker-{number}"
        # No nanny: one process per worker, as simple to stop as to start.
        worker = ["worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny"]
        worker += ["--no-dashboard"]
        processes.append(
            _start(dask, [*worker, "--local-directory", str(scratch / "scratch")], scratch)
        )
    try:
        _wait_until_up(dask, address, workers)
        yield address
        stopped = [p.args[1] for p in processes if p.poll() is not None]
        assert not stopped, f"`dask {stopped[0]}` ended while the lab ran: it stopped the cluster"
    finally:
        for process in reversed(processes):  # the workers first: none waits for a lost scheduler
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:  # seen with distributed 2024.8: a worker lingers
                process.kill()
                process.wait()
