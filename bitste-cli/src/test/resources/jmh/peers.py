#!/usr/bin/env python3
"""Writes the report fixture with peers and units: peers.json (JMH JSON) and peers-benchmarks.json (the catalog
`bitste bench` writes beside it), shaped like a quick run of XnorDot, MemoryBandwidth, FloatBinaryForward and
MlpInference with every peer, but with chosen scores so the tests can state what the report must say:

- XnorDot: peer_c is the fastest peer at n=1024 and 16384, lucene at 262144; at 262144 vector and lucene have
  10% errors, so their intervals overlap (a "not clear" ratio); peer_openblas is a float32 peer, faster than the
  float32 baseline at 1024 and 16384, slower at 262144.
- MemoryBandwidth: a `bytes` secondary result (bytes/s) as its @AuxCounters field gives it; 256 MB is the
  run's bandwidth (40 passes/s x 256 MiB = 10.74 GB/s).
- FloatBinaryForward: declared bytes (m n 4 per op), no counter.
- MlpInference: batches/s; images/s = score x batch.

Run `python3 peers.py` here to regenerate.
"""
import json

B = "dev.bitste.bench."


def metric(score, rel, unit):
    return {"score": score, "scoreError": score * rel, "scoreConfidence": [score * (1 - rel), score * (1 + rel)],
            "scoreUnit": unit}


def result(cls, method, params, score, unit, rel=0.02, mode="thrpt", secondary=None):
    return {"jmhVersion": "1.37", "benchmark": B + cls + "." + method, "mode": mode, "threads": 1, "forks": 1,
            "params": params, "primaryMetric": metric(score, rel, unit), "secondaryMetrics": secondary or {}}


results = []
dot = {"vector": (100, 30, 1.2), "scalar": (50, 15, 0.9), "trulyScalar": (10, 1, 0.06), "peer_bitset": (20, 2, 0.1),
       "peer_lucene": (40, 20, 1.15), "peer_c": (110, 33, 1.0), "peer_openblas": (30, 10, 0.25),
       "float32": (20, 5, 0.3)}
for method, scores in dot.items():
    for n, score in zip(("1024", "16384", "262144"), scores):
        params = {"n": n}
        if method == "vector":
            params["vectorBits"] = "preferred"
        rel = 0.1 if n == "262144" and method in ("vector", "peer_lucene") else 0.02
        results.append(result("XnorDot", method, params, score, "ops/us", rel))
for mb, passes in (("1", 20000.0), ("8", 2000.0), ("256", 40.0)):
    bytes_per_s = passes * int(mb) * (1 << 20)
    results.append(result("MemoryBandwidth", "vector", {"megabytes": mb}, passes, "ops/s",
                          secondary={"bytes": metric(bytes_per_s, 0.02, "ops/s")}))
for method, score in (("vector", 0.5), ("scalar", 0.1), ("trulyScalar", 0.05), ("peer_openblas", 0.4),
                      ("float32", 0.3)):
    params = {"m": "4096", "n": "1024"}
    if method == "vector":
        params["vectorBits"] = "preferred"
    results.append(result("FloatBinaryForward", method, params, score, "ops/ms"))
mlp = {"vector": (80000.0, 500.0), "scalar": (10000.0, 40.0), "trulyScalar": (8000.0, 30.0),
       "peer_openblas": (20000.0, 250.0), "float32": (19000.0, 150.0), "float32_autovec": (4000.0, 15.0)}
for method, scores in mlp.items():
    for batch, score in zip(("1", "256"), scores):
        params = {"batch": batch, "inputBits": "8"}
        if method == "vector":
            params["vectorBits"] = "preferred"
        results.append(result("MlpInference", method, params, score, "ops/s"))

with open("peers.json", "w") as f:
    json.dump(results, f, indent=4)
    f.write("\n")


def work(unit, per, times=1.0):
    return {"unit": unit, "per": per, "times": times}


def entry(role, problem, own=None, float32=False):
    return {"role": role, "float32": float32, "work": own or problem, "problem": problem}


ROLES = {"vector": "VECTOR", "scalar": "SCALAR", "trulyScalar": "TRULY_SCALAR", "float32": "FLOAT32",
         "float32_autovec": "VARIANT"}
catalog = {}
for method in dot:
    role = ROLES.get(method, "PEER")
    floats = method in ("float32", "peer_openblas")
    catalog[B + "XnorDot." + method] = entry(role, [work("BINARY_OPS", ["n"])],
                                             [work("MACS", ["n"])] if floats else None, method == "peer_openblas")
catalog[B + "MemoryBandwidth.vector"] = entry("VECTOR", [work("BYTES", ["megabytes"], 1048576.0)])
for method in ("vector", "scalar", "trulyScalar", "peer_openblas", "float32"):
    catalog[B + "FloatBinaryForward." + method] = entry(
        ROLES.get(method, "PEER"), [work("MACS", ["m", "n"]), work("BYTES", ["m", "n"], 4.0)],
        float32=method == "peer_openblas")
for method in mlp:
    catalog[B + "MlpInference." + method] = entry(ROLES.get(method, "PEER"), [work("IMAGES", ["batch"])],
                                                  float32=method == "peer_openblas")
with open("peers-benchmarks.json", "w") as f:
    json.dump({"benchmarks": dict(sorted(catalog.items()))}, f, indent=2)
    f.write("\n")
