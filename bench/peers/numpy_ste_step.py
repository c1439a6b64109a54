#!/usr/bin/env python3
"""NumPy peer of the model A STE step (JMH `SteStep`): one full-batch step as two matrix-vector products.

Model A (docs: n inputs, k rows per sample sharing the binary filter w = sign(u) / sqrt(n), h = Z w,
s = 1{h > 0}, f = v . s, squared loss; the ReLU straight-through gradient). One step over all m samples:
    h = Z @ w                     (m k x n times n: OpenBLAS sgemv)
    s = h > 0;  r = s.reshape(m, k) @ v - y
    g = Z.T @ (s * v * r) / m     (n x m k times m k: sgemv)
    loss = sum r^2 / (2 m);  u -= eta g;  w = sign(u) / sqrt(n)
with Z float32 of shape (m k, n), Gaussian entries, labels from a random teacher. It reads Z twice a step;
"bytes/s" counts m k n 4 bytes a step (the data once), as the JMH benchmark does.

Install the peer (Debian 12 / Ubuntu): NumPy with the threaded OpenBLAS
    sudo apt-get install python3-numpy libopenblas0-pthread
Run (one thread by default):
    python3 bench/peers/numpy_ste_step.py --m 8192 65536 --seconds 3
The script restarts itself once without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (they force an older
OpenBLAS kernel) and with the BLAS thread count set to --threads; it prints which OpenBLAS core ran
(NumPy wheels bundle their own OpenBLAS: the line names the library actually loaded).
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import blas_env  # noqa: E402


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--n", type=int, default=64, help="input dimension (default 64)")
    p.add_argument("--k", type=int, default=4, help="rows per sample (default 4)")
    p.add_argument("--m", type=int, nargs="+", default=[8192, 65536], help="samples (default 8192 65536)")
    p.add_argument("--threads", type=int, default=1, help="BLAS threads (default 1)")
    p.add_argument("--seconds", type=float, default=3, help="measured time per m (default 3)")
    p.add_argument("--warmup", type=float, default=1, help="untimed steps first, seconds (default 1)")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    for name in ("n", "k", "threads"):
        if getattr(a, name) < 1:
            p.exit(2, "%s must be >= 1, got %d\n" % (name, getattr(a, name)))
    for m in a.m:
        if m < 1:
            p.exit(2, "m must be >= 1, got %d\n" % m)
    if not a.seconds > 0 or a.warmup < 0:
        p.exit(2, "seconds must be > 0 and warmup >= 0, got %s and %s\n" % (a.seconds, a.warmup))
    return a


args = parse_args()
blas_env.reexec_clean(args.threads)
import numpy as np  # noqa: E402


def aligned_empty(shape, align=64):
    """A float32 array starting on a cache-line boundary: NumPy aligns large arrays to 16 bytes only,
    and NumPy 2's bundled OpenBLAS sgemv runs 5x slower on such an array (measured: 1.9 against 0.37 ms)."""
    count = int(np.prod(shape))
    raw = np.empty(count * 4 + align, dtype=np.uint8)
    start = (-raw.ctypes.data) % align
    return raw[start:start + count * 4].view(np.float32).reshape(shape)


def make_problem(n, k, m, rng):
    """Gaussian samples Z (m k x n), teacher labels y (m), fixed v = 1, a random latent start u."""
    z = aligned_empty((m * k, n))
    rng.standard_normal(z.shape, dtype=np.float32, out=z)
    v = np.ones(k, dtype=np.float32)
    teacher = np.where(rng.random(n) < 0.5, -1, 1).astype(np.float32) / np.float32(np.sqrt(n))
    y = ((z @ teacher) > 0).reshape(m, k).astype(np.float32) @ v
    u = (0.01 * rng.standard_normal(n)).astype(np.float32)
    return z, y, v, u


def step(z, y, v, u, m, k, scale, eta):
    """One full-batch STE step in place on u; returns the loss at the current binary weights."""
    w = np.where(u >= 0, scale, -scale).astype(np.float32)
    h = z @ w
    s = (h > 0).astype(np.float32).reshape(m, k)
    r = s @ v - y
    g = z.T @ (s * v * r[:, None]).reshape(-1)
    u -= np.float32(eta / m) * g
    return float(r @ r) / (2 * m)


def measure(m, rng):
    n, k = args.n, args.k
    z, y, v, u = make_problem(n, k, m, rng)
    scale = np.float32(1 / np.sqrt(n))
    t = 0

    def run(seconds):
        nonlocal t
        count, start = 0, time.perf_counter()
        while True:
            step(z, y, v, u, m, k, scale, 1 / np.sqrt(t + 1))
            t += 1
            count += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                return count, elapsed

    if args.warmup > 0:
        run(args.warmup)
    count, elapsed = run(args.seconds)
    per_step = elapsed / count
    data = m * k * n * 4
    print("n %d k %d m %d threads %d: %d steps in %.2f s, %.3f ms/step, %.0f steps/s, %.2f GB/s of samples "
          "(%.2f GB/s read: Z twice)" % (n, k, m, args.threads, count, elapsed, per_step * 1e3, 1 / per_step,
                                          data / per_step / 1e9, 2 * data / per_step / 1e9))
    # the BLAS floor of this formulation: the two sgemv alone, same data, same time budget
    w = np.where(u >= 0, scale, -scale).astype(np.float32)
    c = np.ones(m * k, dtype=np.float32)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < min(args.seconds, 1.0):
        z @ w
        z.T @ c
        count += 1
    per_pair = (time.perf_counter() - start) / count
    print("    the two sgemv alone: %.3f ms (%.0f%% of the step)" % (per_pair * 1e3, 100 * per_pair / per_step))


def main():
    rng = np.random.default_rng(args.seed)
    for line in blas_env.describe():
        print("# " + line)
    print("# numpy %s" % np.__version__)
    for m in args.m:
        measure(m, rng)


if __name__ == "__main__":
    main()
