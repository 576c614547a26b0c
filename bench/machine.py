"""What a result was measured on: enough to tell whether two figures are comparable."""

import os
import platform
import sys
from pathlib import Path
from typing import Any


def _proc_value(path: str, key: str) -> str:
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return ""
    for line in lines:
        name, _, value = line.partition(":")
        if name.strip() == key:
            return value.strip()
    return ""


def machine_describe() -> dict[str, Any]:
    mem_kb = _proc_value("/proc/meminfo", "MemTotal").removesuffix(" kB")
    return {
        "platform": platform.platform(),
        "cpu": _proc_value("/proc/cpuinfo", "model name") or platform.processor(),
        "cores": os.cpu_count(),
        "ram_gib": round(int(mem_kb) / 1024**2, 1) if mem_kb.isdigit() else None,
        "python": sys.version.split()[0],
        # Other processes on the machine skew every figure; this says how busy it was.
        "load_average_1m": round(os.getloadavg()[0], 2),
    }
