#!/usr/bin/env python3
"""Largest absolute difference between the tensors of two safetensors files (float32 only), e.g. the
weights of a one-process and a data-parallel run (tests/cli/data_parallel_test.sh).

  compare_weights.py A.safetensors B.safetensors [--tolerance T]
prints "max abs difference D over N tensors" and exits 1 when D > T or the tensors differ in name or shape.
"""
import argparse
import json
import struct
import sys
from array import array


def tensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        body = f.read()
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        if t["dtype"] != "F32":
            raise SystemExit(f"{path}: {name} is {t['dtype']}, only F32 is compared")
        lo, hi = t["data_offsets"]
        out[name] = (t["shape"], array("f", body[lo:hi]))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--tolerance", type=float, default=1e-4)
    args = ap.parse_args()
    a, b = tensors(args.a), tensors(args.b)
    if a.keys() != b.keys():
        print(f"different tensors: {sorted(a.keys() ^ b.keys())}")
        return 1
    worst = 0.0
    for name in a:
        if a[name][0] != b[name][0]:
            print(f"{name}: shape {a[name][0]} against {b[name][0]}")
            return 1
        worst = max([worst] + [abs(x - y) for x, y in zip(a[name][1], b[name][1])])
    print(f"max abs difference {worst:.3g} over {len(a)} tensors")
    return 0 if worst <= args.tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
