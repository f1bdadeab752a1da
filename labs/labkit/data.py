"""Synthetic IoT sensor readings, the running example of lesson 1.3.

Every lab generates its data here from a fixed seed, so a lab downloads nothing and
two runs with the same parameters produce the same rows in the same order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Shares are deliberately unequal: real fleets have many cheap sensors and few cameras,
# and the sharding lab needs that skew to show why a low-cardinality key balances badly.
DEVICE_TYPES: dict[str, float] = {
    "thermostat": 0.40,
    "smart_meter": 0.25,
    "air_quality": 0.15,
    "vibration": 0.12,
    "camera": 0.08,
}
REGIONS: dict[str, float] = {
    "eu-west": 0.30,
    "us-east": 0.25,
    "us-west": 0.15,
    "eu-north": 0.12,
    "ap-south": 0.10,
    "ap-east": 0.08,
}
# Typical reading per device type: (mean, standard deviation).
_SIGNAL = {
    "thermostat": (21.0, 2.0),
    "smart_meter": (3.2, 1.1),
    "air_quality": (42.0, 15.0),
    "vibration": (0.8, 0.3),
    "camera": (55.0, 10.0),
}


def iot_devices(n_devices: int, seed: int = 42) -> pd.DataFrame:
    """One row per device: `device_id` (0..n_devices-1), `device_type` and `region`."""
    if n_devices < 1:
        raise ValueError(f"n_devices must be at least 1, got {n_devices}")
    rng = np.random.default_rng(seed)
    types = rng.choice(list(DEVICE_TYPES), size=n_devices, p=list(DEVICE_TYPES.values()))
    regions = rng.choice(list(REGIONS), size=n_devices, p=list(REGIONS.values()))
    return pd.DataFrame(
        {
            "device_id": np.arange(n_devices, dtype=np.int32),
            "device_type": types,
            "region": regions,
        }
    )


def iot_readings(
    n_rows: int,
    n_devices: int = 1_000,
    year: int = 2025,
    seed: int = 42,
) -> pd.DataFrame:
    """`n_rows` sensor readings spread uniformly over one calendar year, in random order.

    Columns: `ts` (timestamp, microseconds), `device_id`, `device_type`, `region`,
    `value` (the sensor's measurement) and `battery_pct`. Rows arrive unsorted, as they
    would from a fleet of devices reporting independently.
    """
    if n_rows < 1:
        raise ValueError(f"n_rows must be at least 1, got {n_rows}")
    rng = np.random.default_rng(seed)
    devices = iot_devices(n_devices, seed=seed)
    device_ids = rng.integers(0, n_devices, size=n_rows, dtype=np.int32)

    start = pd.Timestamp(year=year, month=1, day=1)
    end = pd.Timestamp(year=year + 1, month=1, day=1)
    # No mutation: `/` gives the same whole number of microseconds, as a float.
    year_us = (end - start) // pd.Timedelta(microseconds=1)  # pragma: no mutate
    # Equivalent mutants here: a bound moved by one microsecond of 3e13 cannot be seen.
    offsets = rng.integers(0, year_us, size=n_rows)  # pragma: no mutate
    ts = start + pd.to_timedelta(offsets, unit="us")

    types = devices["device_type"].to_numpy()[device_ids]
    means = np.array([_SIGNAL[t][0] for t in DEVICE_TYPES])
    stds = np.array([_SIGNAL[t][1] for t in DEVICE_TYPES])
    type_index = pd.Categorical(types, categories=list(DEVICE_TYPES)).codes
    values = rng.normal(means[type_index], stds[type_index]).round(3)

    return pd.DataFrame(
        {
            "ts": ts.astype("datetime64[us]"),
            "device_id": device_ids,
            "device_type": types,
            "region": devices["region"].to_numpy()[device_ids],
            "value": values,
            "battery_pct": rng.integers(5, 101, size=n_rows, dtype=np.int16),
        }
    )
