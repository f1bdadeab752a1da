"""Unit tests of labs/labkit, the helpers every lab imports."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from labkit import (
    DEVICE_TYPES,
    check_again,
    checks,
    exercise_summary,
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


# The readings each device type sends, as the labs and the lesson describe them: (mean, std).
SIGNALS = {
    "thermostat": (21.0, 2.0),
    "smart_meter": (3.2, 1.1),
    "air_quality": (42.0, 15.0),
    "vibration": (0.8, 0.3),
    "camera": (55.0, 10.0),
}


def test_readings_follow_each_device_types_signal():
    readings = iot_readings(200_000, n_devices=500)
    for device_type, (mean, std) in SIGNALS.items():
        values = readings.loc[readings["device_type"] == device_type, "value"]
        assert len(values) > 5_000, device_type
        # Five standard errors: a seeded sample never misses by chance, a shifted mean does.
        assert abs(values.mean() - mean) < 5 * std / len(values) ** 0.5, (device_type, mean)
        assert abs(values.std() / std - 1) < 0.03, (device_type, std, values.std())


def test_readings_span_the_whole_range_of_each_column():
    readings = iot_readings(20_000, n_devices=50)
    assert readings["ts"].min().date() == pd.Timestamp("2025-01-01").date()
    assert readings["ts"].max().date() == pd.Timestamp("2025-12-31").date()
    assert set(readings["device_id"]) == set(range(50)), "every device reports"
    assert readings["battery_pct"].min() == 5 and readings["battery_pct"].max() == 100
    thousandths = readings["value"] * 1_000
    assert np.allclose(thousandths, thousandths.round()), "values keep three decimals"
    assert (thousandths.round() % 10 != 0).any(), "the third decimal is used"


def test_the_smallest_fleet_and_batch_are_allowed():
    one = iot_readings(1, n_devices=1)
    assert len(one) == 1 and one["device_id"].item() == 0


@pytest.mark.parametrize("n_devices", [0, -1])
def test_a_fleet_without_devices_is_refused(n_devices):
    with pytest.raises(ValueError, match="n_devices must be at least 1"):
        iot_readings(10, n_devices=n_devices)


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


@pytest.fixture(autouse=True)
def no_exercises_checked(monkeypatch):
    """Each test starts with a kernel in which no exercise has been checked yet."""
    monkeypatch.setattr(checks, "_statuses", {})
    monkeypatch.setattr(checks, "_last_checks", {})


def not_written():
    raise NotImplementedError("Exercise 1: write it")


def test_self_check_accepts_right_answer(capsys):
    assert self_check("Exercise 1", lambda: [3, 4], [3, 4]) == [3, 4]
    out, err = capsys.readouterr()
    assert out == "✔ Exercise 1: correct ([3, 4]).\n"
    assert err == ""


def test_self_check_shows_numpy_numbers_as_plain_numbers(capsys):
    self_check("Exercise 1", lambda: np.float64(0.5), 0.5)
    assert "correct (0.5)." in capsys.readouterr().out


def test_self_check_not_done_goes_on_with_the_reference_answer(capsys):
    assert self_check("Exercise 1", not_written, ["2025-03", "2025-04"]) == ["2025-03", "2025-04"]
    out, err = capsys.readouterr()
    assert out.startswith("○ Exercise 1 is not done yet: replace `raise NotImplementedError`")
    assert out.endswith("this lab goes on with the reference answer.\n")
    assert "2025" not in out, "a learner who has not tried yet must not be shown the answer"
    assert err == ""


def test_self_check_wrong_answer_shows_expected_and_actual_and_goes_on(capsys):
    assert self_check("Exercise 2", lambda: 4, 3) == 3
    out, err = capsys.readouterr()
    assert out == "", "a wrong answer is reported on stderr, which Jupyter shows in red"
    assert err.startswith("✘ Exercise 2 is not right yet: expected 3, got 4. ")
    assert "this lab goes on with the reference answer." in err


def test_self_check_lets_the_learners_own_error_through():
    def crashes():
        return 1 / 0

    with pytest.raises(ZeroDivisionError):
        self_check("Exercise 1", crashes, 3)
    assert exercise_summary() == {"Exercise 1": "wrong"}


def test_self_check_refuses_an_answer_below_the_expected_one_too(capsys):
    assert self_check("Exercise 2", lambda: 2, 3) == 3
    assert self_check("Exercise 3", lambda: [1, 2], [1, 3]) == [1, 3]
    assert exercise_summary() == {"Exercise 2": "wrong", "Exercise 3": "wrong"}


def test_self_check_takes_its_tolerance_by_name_only():
    with pytest.raises(TypeError):
        self_check("Exercise 1", lambda: 1.0, 1.0, 0.1)  # which number would 0.1 be?


def test_self_check_tolerance(capsys):
    assert self_check("Exercise 3", lambda: 0.1 + 0.2, 0.3, rel_tol=1e-9) == 0.1 + 0.2
    assert "correct" in capsys.readouterr().out
    assert self_check("Exercise 3", lambda: 0.31, 0.3, rel_tol=1e-9) == 0.3
    assert "expected 0.3, got 0.31" in capsys.readouterr().err


def test_exercise_summary_lists_every_exercise_checked(capsys):
    self_check("Exercise 1", lambda: 1, 1)
    self_check("Exercise 2", not_written, 2)
    self_check("Exercise 3", lambda: 4, 3)
    capsys.readouterr()
    assert exercise_summary() == {
        "Exercise 1": "correct",
        "Exercise 2": "not done",
        "Exercise 3": "wrong",
    }
    assert capsys.readouterr().out.splitlines() == [
        "Exercises done: 1 of 3",
        "  ✔ Exercise 1: correct",
        "  ○ Exercise 2: not done yet (the lab used the reference answer)",
        "  ✘ Exercise 3: not right yet (the lab used the reference answer)",
    ]


def test_running_a_check_again_replaces_its_status(capsys):
    self_check("Exercise 1", not_written, 1)
    assert exercise_summary() == {"Exercise 1": "not done"}
    self_check("Exercise 1", lambda: 1, 1)
    assert exercise_summary() == {"Exercise 1": "correct"}
    assert capsys.readouterr().out.endswith("Exercises done: 1 of 1\n  ✔ Exercise 1: correct\n")


def test_check_again_calls_the_changed_answer_against_the_same_expected_value(capsys):
    answers = {"share": lambda: 0.25}
    self_check("Exercise 2", lambda: answers["share"](), 0.3, rel_tol=0.1)
    assert "expected 0.3, got 0.25" in capsys.readouterr().err
    answers["share"] = lambda: 0.31  # the learner's new answer, within the check's tolerance
    assert check_again("Exercise 2") == 0.31
    assert "✔ Exercise 2: correct (0.31)." in capsys.readouterr().out
    assert exercise_summary() == {"Exercise 2": "correct"}


def test_check_again_of_an_exercise_never_checked_names_the_ones_that_were():
    self_check("Exercise 1", lambda: 1, 1)
    with pytest.raises(KeyError, match="'Exercise 3' has not been checked.*Exercise 1"):
        check_again("Exercise 3")


def test_exercise_summary_of_no_exercise(capsys):
    assert exercise_summary() == {}
    assert capsys.readouterr().out == "Exercises done: 0 of 0\n"


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
