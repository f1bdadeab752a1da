"""What the engines and processes a lab runs report about themselves.

A lab's point is what these numbers show (the files DuckDB skipped, the ports a cluster opened),
not how to dig them out of DuckDB's profile tree or psutil's socket list: that digging lives here.
DuckDB and psutil are imported when first used, so labs that need neither do not load them.
"""

from __future__ import annotations

import json
from typing import Any


def duckdb_profile(con, sql: str) -> tuple[list[tuple], dict[str, Any]]:
    """Run `sql` once on the DuckDB connection `con` with its profiler on.

    Returns the result rows and DuckDB's profile (its JSON, parsed); profiling is off again
    afterwards, whatever happened, and nothing is printed.
    """
    con.execute("SET enable_profiling = 'no_output'")  # collect the profile, print nothing
    try:
        rows = con.execute(sql).fetchall()
        profile = json.loads(con.get_profiling_information(format="json"))
    finally:
        con.execute("PRAGMA disable_profiling")
    return rows, profile


def find_operator(profile: dict[str, Any], operator_type: str) -> dict[str, Any] | None:
    """The first operator of this type in a DuckDB profile's operator trees, depth first;
    None if there is none."""
    pending = list(reversed(profile["operator"]))
    while pending:
        operator = pending.pop()
        if operator.get("type") == operator_type:
            return operator
        pending.extend(reversed(operator.get("children", [])))
    return None


def scan_report(profile: dict[str, Any]) -> dict[str, Any]:
    """What the Parquet scan of a DuckDB profile says it read: files, row groups and bytes."""
    scan = find_operator(profile, "TABLE_SCAN")
    if scan is None:
        raise ValueError(
            "the DuckDB profile has no TABLE_SCAN operator: did the query read a file?"
        )
    info = scan["extra_info"]
    return {
        "files read": int(info["Total Files Read"]),
        "scanning files": info.get("Scanning Files", "no file filter"),
        "row groups scanned": scan["row_groups_scanned"],
        "row groups in files read": scan["total_row_groups_to_scan"],
        "bytes read": scan["bytes_scanned"],
    }


def listening_ports(pid: int) -> set[tuple[str, int]]:
    """The (address, port) pairs on which process `pid` listens for TCP connections.

    Empty where the system shows other processes' sockets to administrators only.
    """
    import psutil

    process = psutil.Process(pid)
    # psutil 6 renamed connections() to net_connections().
    list_connections = getattr(process, "net_connections", None) or process.connections
    try:
        connections = list_connections(kind="inet")
    except psutil.AccessDenied:
        return set()
    return {(c.laddr.ip, c.laddr.port) for c in connections if c.status == psutil.CONN_LISTEN}
