"""Lab 1.3.4 with a cluster it did not start: data the workers cannot read is refused at once.

The lab's learner copy runs to its end on a cluster of `dask scheduler` and `dask worker`
processes with its data in a shared folder (tests/test_learner_copies.py). Here the data is where
no worker can read it: the lab must stop in its setup, before any measurement, and say what to
set.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from course_files import ROOT
from dask_cluster import dask_cluster
from harness import LabError, execute, prepare, read_notebook, small_parameters

LAB = ROOT / "labs" / "1.3-scalability" / "04-distributed-processing.ipynb"


def test_data_the_workers_cannot_reach_is_refused_in_the_setup_with_what_to_set(tmp_path: Path):
    nb = read_notebook(LAB)
    run = tmp_path / "lab"
    run.mkdir()
    # One worker is enough: the lab must stop before it uses more than its first.
    with dask_cluster(
        Path(sys.executable).with_name("dask"), tmp_path / "cluster", workers=1
    ) as address:
        # memory:// lives in the notebook's own process: no worker can read it.
        parameters = {"SCHEDULER_ADDRESS": address, "DATA_URL": "memory://course"}
        parameters["N_ROWS"] = 20_000  # it must stop in its setup: no need for more
        prepared = prepare(nb, LAB, {**small_parameters(nb), **parameters})
        with pytest.raises(LabError) as refused:
            execute(prepared, LAB, run)
    message = str(refused.value)
    assert "cannot read memory://" in message, message
    assert "set DATA_URL to a folder that every worker can read" in message, message
    assert "labkit.fresh_workdir(WORK_DIR)" in message, f"not refused in the setup: {message}"
