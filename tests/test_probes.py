"""labkit.probes: what DuckDB's profile and the operating system report, as the labs read it."""

from __future__ import annotations

import os
import socket
import warnings
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from labkit import duckdb_profile, find_operator, listening_ports, scan_report


@pytest.fixture
def two_files(tmp_path: Path) -> str:
    """Two Parquet files of 1,000 rows (x = 0..999 and 1000..1999), 4 row groups each."""
    for part in range(2):
        frame = pd.DataFrame({"x": range(part * 1_000, (part + 1) * 1_000)})
        frame.to_parquet(tmp_path / f"part-{part}.parquet", row_group_size=250)
    return (tmp_path / "*.parquet").as_posix()


def test_a_profiled_query_returns_its_rows_and_the_scan_it_made(two_files):
    con = duckdb.connect()
    rows, profile = duckdb_profile(con, f"SELECT sum(x) FROM read_parquet('{two_files}')")
    assert rows == [(sum(range(2_000)),)]
    report = scan_report(profile)
    assert report["files read"] == 2
    assert report["row groups scanned"] == report["row groups in files read"] == 8
    assert report["bytes read"] > 0


def test_the_scan_report_shows_the_row_groups_a_filter_skipped(two_files):
    con = duckdb.connect()
    sql = f"SELECT count(*) FROM read_parquet('{two_files}') WHERE x < 250"
    rows, profile = duckdb_profile(con, sql)
    assert rows == [(250,)]
    report = scan_report(profile)
    assert report["row groups scanned"] == 1, report
    assert report["row groups in files read"] == 8, report


def test_profiling_is_off_again_after_a_profiled_query_even_a_failing_one(two_files):
    con = duckdb.connect()
    with pytest.raises(duckdb.Error):
        duckdb_profile(con, "SELECT * FROM no_such_table")
    assert con.execute("SELECT current_setting('enable_profiling')").fetchone()[0] in ("", None)


def test_operators_are_found_depth_first_across_trees():
    leaf = {"type": "TABLE_SCAN", "name": "second"}
    profile = {
        "operator": [
            {"type": "PROJECTION", "children": [{"type": "FILTER", "children": []}]},
            {"type": "AGGREGATE", "children": [leaf, {"type": "TABLE_SCAN", "name": "third"}]},
        ]
    }
    assert find_operator(profile, "TABLE_SCAN") is leaf
    assert find_operator(profile, "FILTER") == {"type": "FILTER", "children": []}
    assert find_operator(profile, "HASH_JOIN") is None


def test_a_profile_without_a_scan_is_refused_with_a_reason():
    con = duckdb.connect()
    _, profile = duckdb_profile(con, "SELECT 42")
    with pytest.raises(ValueError, match="no TABLE_SCAN operator"):
        scan_report(profile)


def test_the_ports_a_process_listens_on_are_listed_and_no_others():
    with (
        socket.socket() as server,
        socket.socket() as client,
        socket.socket(type=socket.SOCK_DGRAM) as datagrams,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("error")  # psutil 6's deprecated connections() is not used
        server.bind(("127.0.0.1", 0))
        before = listening_ports(os.getpid())
        server.listen()
        port = server.getsockname()[1]
        client.connect(("127.0.0.1", port))  # an established connection, not a listener
        accepted, _ = server.accept()
        datagrams.bind(("127.0.0.1", 0))  # UDP: bound, but nothing listens
        listed = listening_ports(os.getpid())
        others = {"established": client.getsockname(), "UDP": datagrams.getsockname()}
        accepted.close()
    assert ("127.0.0.1", port) in listed and ("127.0.0.1", port) not in before
    for kind, address in others.items():
        assert address not in listed, f"a socket that does not listen ({kind}) is listed"
    assert ("127.0.0.1", port) not in listening_ports(os.getpid()), "closed: no longer listed"


def test_a_system_that_hides_sockets_gives_no_ports(monkeypatch):
    import psutil

    class Hidden:
        def __init__(self, pid):
            pass

        def net_connections(self, kind):
            raise psutil.AccessDenied()

    monkeypatch.setattr(psutil, "Process", Hidden)
    assert listening_ports(os.getpid()) == set()
