"""Helpers shared by the course labs: data generation, working folders and self-checks.

A lab shows the code that carries its lesson; what lives here is the plumbing that
several labs need and that would only distract from the point of each one.
"""

from labkit.checks import check_again, exercise_summary, self_check
from labkit.data import DEVICE_TYPES, REGIONS, iot_devices, iot_readings
from labkit.probes import duckdb_profile, find_operator, listening_ports, scan_report
from labkit.workdir import folder_bytes, fresh_workdir, remove_workdir

__all__ = [
    "DEVICE_TYPES",
    "REGIONS",
    "check_again",
    "duckdb_profile",
    "exercise_summary",
    "find_operator",
    "folder_bytes",
    "fresh_workdir",
    "iot_devices",
    "iot_readings",
    "listening_ports",
    "remove_workdir",
    "scan_report",
    "self_check",
]
