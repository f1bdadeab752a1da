"""Unit tests of labs/labkit, the helpers every lab imports."""

from __future__ import annotations

import pandas as pd
import pytest
from labkit import (
    DEVICE_TYPES,
    ExerciseNotDone,
    fresh_workdir,
    iot_readings,
    remove_workdir,
    self_check,
)


def test_readings_are_deterministic_and_cover_one_year():
    first = iot_readings(5_000, n_devices=50, seed=7)
    again = iot_readings(5_000, n_devices=50, seed=7)
    pd.testing.assert_frame_equal(first, again)
    assert len(first) == 5_000
    assert first["ts"].min() >= pd.Timestamp("2025-01-01")
    assert first["ts"].max() < pd.Timestamp("2026-01-01")
    assert set(first["ts"].dt.month) == set(range(1, 13))
    assert set(first["device_type"]) <= set(DEVICE_TYPES)
    assert first["device_id"].between(0, 49).all()


def test_each_device_keeps_one_type_and_region():
    readings = iot_readings(5_000, n_devices=50)
    per_device = readings.groupby("device_id")[["device_type", "region"]].nunique()
    assert (per_device == 1).all().all()


def test_different_seeds_give_different_data():
    assert not iot_readings(100, seed=1).equals(iot_readings(100, seed=2))


@pytest.mark.parametrize("n_rows", [0, -1])
def test_bad_sizes_are_refused(n_rows):
    with pytest.raises(ValueError, match="n_rows must be at least 1"):
        iot_readings(n_rows)


def test_self_check_accepts_right_answer(capsys):
    assert self_check("Exercise 1", lambda: 3, 3) == 3
    assert "correct" in capsys.readouterr().out


def test_self_check_reports_not_done():
    def stub():
        raise NotImplementedError

    with pytest.raises(ExerciseNotDone, match="Exercise 1 is not done yet"):
        self_check("Exercise 1", stub, 3)


def test_self_check_shows_expected_and_actual():
    with pytest.raises(AssertionError, match="Exercise 2: expected 3, got 4"):
        self_check("Exercise 2", lambda: 4, 3)


def test_self_check_tolerance():
    self_check("Exercise 3", lambda: 0.1 + 0.2, 0.3, rel_tol=1e-9)


def test_workdir_is_fresh_and_removed(tmp_path):
    folder = fresh_workdir(tmp_path / "lab")
    (folder / "old.parquet").write_bytes(b"x")
    folder = fresh_workdir(tmp_path / "lab")
    assert [p.name for p in folder.iterdir()] == [".labkit-workdir"]
    remove_workdir(folder)
    assert not folder.exists()


def test_workdir_refuses_a_folder_it_did_not_make(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.txt").write_text("precious")
    with pytest.raises(FileExistsError, match="was not made by a lab"):
        fresh_workdir(mine)
    assert (mine / "thesis.txt").read_text() == "precious"


def test_workdir_lies_below_the_work_root_when_one_is_set(tmp_path, monkeypatch):
    monkeypatch.setenv("LABKIT_WORK_ROOT", str(tmp_path / "build"))
    folder = fresh_workdir("sharding-lab-data")
    assert folder == (tmp_path / "build" / "sharding-lab-data").resolve()
    remove_workdir(folder)
    assert not folder.exists()
