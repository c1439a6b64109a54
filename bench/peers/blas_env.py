"""Shared start-up of the peer scripts: a clean OpenBLAS environment and a record of what ran.

Some machines set OPENBLAS_CORETYPE (and OPENBLAS_L2_SIZE) to work around old OpenBLAS builds; on a
current CPU that forces an older kernel (Haswell's halves float32 speed on an AVX-512 CPU). A peer must
run its library's best kernel, so `reexec_clean(threads)` restarts the script once without those two
variables and with every BLAS/OpenMP thread count set to `threads`, before NumPy or PyTorch is imported.
"""
import ctypes
import os
import platform
import sys

_CLEARED = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
_MARK = "BITSTE_PEER_CLEAN_ENV"


def reexec_clean(threads, extra=None):
    """Re-executes this script with the OpenBLAS overrides cleared, the thread counts set and the
    variables of `extra` set (once)."""
    if os.environ.get(_MARK) == str(threads):
        return
    env = {k: v for k, v in os.environ.items() if k not in _CLEARED}
    for k in _THREADS:
        env[k] = str(threads)
    env.update(extra or {})
    env[_MARK] = str(threads)
    os.execve(sys.executable, [sys.executable] + sys.argv, env)


def openblas_info():
    """(library path, core name, thread count) of the OpenBLAS loaded in this process, or None."""
    with open("/proc/self/maps") as maps:
        libs = sorted({line.split()[-1] for line in maps if "openblas" in line and ".so" in line})
    for path in libs:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        # NumPy/SciPy wheels bundle scipy-openblas, whose symbols carry a prefix and a 64-bit-index suffix.
        for prefix, suffix in (("", ""), ("scipy_", "64_"), ("scipy_", ""), ("", "64_")):
            try:
                core = getattr(lib, prefix + "openblas_get_corename" + suffix)
                threads = getattr(lib, prefix + "openblas_get_num_threads" + suffix)
            except AttributeError:
                continue
            core.restype = ctypes.c_char_p
            return path, core().decode(), threads()
    return None


def describe():
    """Lines describing the interpreter, the CPU and the BLAS of this process."""
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), cpu)
    except OSError:
        pass
    info = openblas_info()
    blas = ("OpenBLAS %s, core %s, %d threads" % (info[0], info[1], info[2])) if info else "no OpenBLAS loaded"
    return ["python %s (%s)" % (platform.python_version(), sys.executable),
            "cpu %s, %d logical cores" % (cpu, os.cpu_count()),
            blas,
            "OPENBLAS_CORETYPE=%s, OMP_WAIT_POLICY=%s" % (os.environ.get("OPENBLAS_CORETYPE", "(unset)"),
                                                         os.environ.get("OMP_WAIT_POLICY", "(unset)"))]
