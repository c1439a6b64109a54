#!/usr/bin/env python3
"""Derives the comparison and report fixtures from the raw JMH runs in this directory.

raw-xnordot-thrpt.json / raw-xnordot-avgt.json: XnorDot (impl x n) measured with
  org.openjdk.jmh.Main XnorDot -f 1 -wi 2 -i 8 -w 300ms -r 300ms [-bm avgt -tu ns] -rf json
raw-popcount-thrpt.json: a throwaway benchmark following the naming convention (vector with
  vectorBits, scalar, trulyScalar) at n = 10, 100, 1000, 10000, renamed Popcount.
xnordot-smoke.json: one 100 ms iteration (JMH writes its error and interval as "NaN").
The "jvm" path was replaced by JAVA_HOME/bin/java.

The shared development machine was noisy (errors of 30-100%), so the comparison fixtures narrow each
error to 2% of the score, as on a quiet machine, and shrink the spread of the per-iteration rawData (which the
gate tests) to a standard deviation of a third of that error, keeping each iteration's standardized deviation;
a change then stands out only as the test intends.
Run `python3 derive.py` here to regenerate.
"""
import copy
import json


def load(name):
    with open(name) as f:
        return json.load(f)


def save(name, results):
    with open(name, "w") as f:
        json.dump(results, f, indent=4)
        f.write("\n")


def set_error(r, rel, narrow_raw=True):
    m = r["primaryMetric"]
    if narrow_raw:
        samples = [x for fork in m["rawData"] for x in fork]
        mean = sum(samples) / len(samples)
        sd = (sum((x - mean) ** 2 for x in samples) / (len(samples) - 1)) ** 0.5
        m["rawData"] = [[m["score"] * (1 + rel / 3 * (x - mean) / sd) for x in fork] for fork in m["rawData"]]
    m["scoreError"] = m["score"] * rel
    m["scoreConfidence"] = [m["score"] * (1 - rel), m["score"] * (1 + rel)]


def scale(r, factor, rel=0.02, narrow_raw=True):
    m = r["primaryMetric"]
    m["score"] *= factor
    m["rawData"] = [[x * factor for x in fork] for fork in m["rawData"]]
    m["scorePercentiles"] = {k: v * factor for k, v in m["scorePercentiles"].items()}
    set_error(r, rel, narrow_raw)


def find(results, impl, n):
    return next(r for r in results if r["params"] == {"impl": impl, "n": n})


def variant(base, changes):
    results = copy.deepcopy(base)
    for impl, n, factor, rel in changes:
        scale(find(results, impl, n), factor, rel)
    return results


thrpt = load("raw-xnordot-thrpt.json")
for r in thrpt:
    set_error(r, 0.02)
save("xnordot-thrpt.json", thrpt)
save("xnordot-thrpt-drop30.json", variant(thrpt, [("vector", "16384", 0.70, 0.02)]))
save("xnordot-thrpt-up30.json", variant(thrpt, [("vector", "16384", 1.30, 0.02)]))
# 4% lower (under half the 10% threshold); 20% lower with a 90% error (not significant)
save("xnordot-thrpt-noise.json", variant(thrpt, [("scalar", "1000", 0.96, 0.01), ("vector", "1000", 0.80, 0.90)]))
renamed = copy.deepcopy(thrpt)
find(renamed, "scalar", "1000")["benchmark"] = "dev.bitste.bench.XnorDot.xnorDot"
renamed.remove(find(renamed, "scalar", "16384"))
save("xnordot-thrpt-renamed.json", renamed)

avgt = load("raw-xnordot-avgt.json")
for r in avgt:
    set_error(r, 0.02)
save("xnordot-avgt.json", avgt)
save("xnordot-avgt-rise30.json", variant(avgt, [("scalar", "16384", 1.30, 0.02)]))

# the report fixture: the convention benchmark plus a peer and a float32 kernel derived from its
# scalar rows (scores x0.6 and x0.25), and XnorDot (impl parameter, no convention methods)
popcount = load("raw-popcount-thrpt.json")
extra = []
for r in popcount:
    if r["benchmark"].endswith(".scalar"):
        for method, factor in (("peer_bitset", 0.6), ("float32", 0.25)):
            e = copy.deepcopy(r)
            e["benchmark"] = e["benchmark"].replace(".scalar", "." + method)
            scale(e, factor, r["primaryMetric"]["scoreError"] / r["primaryMetric"]["score"], narrow_raw=False)
            extra.append(e)
save("convention.json", popcount + extra + load("raw-xnordot-thrpt.json"))

with open("malformed.json", "w") as f:
    f.write(json.dumps(thrpt, indent=4)[:1500])
save("not-jmh.json", {"benchmarks": [{"name": "XnorDot.dot", "score": 1.0}]})
