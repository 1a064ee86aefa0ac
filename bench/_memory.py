"""The peak memory of the running process, shared by the benchmarks that report it."""

from __future__ import annotations

import resource


def read_peak_mb() -> float:
    """This process's peak resident memory in MB.

    VmHWM is the process's own peak; ru_maxrss survives exec, so a child started by a parent
    that once held 1.4 GB (the MCDA bench) would report the parent's peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return float(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
