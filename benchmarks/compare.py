#!/usr/bin/python3
"""Ours against the PyTorch 1.13 twin, alternately, several rounds in one invocation; median ratio with its spread.

Each round runs `PerceptualLosses.Benchmarks compare-cases` (ours) and benchmarks/pytorch/compare_cases.py (PyTorch)
once each, the order swapped every round, every case timed `--iterations` times after `--warmup` in both. Per case and
round the ratio is ours/PyTorch of the two medians; the report gives the median ratio over rounds and its min-max, the
medians in ms, the `mm` rate (GFLOP/s of a 1024^3 float32 product) of both libraries as the machine's yardstick, and the
load average before every round. Cases ending in _plain (a plain TorchSharp Sequential) are compared with ours instead.

Run (after `dotnet build PerceptualLosses.sln -c Release`):
  /usr/bin/python3 benchmarks/compare.py --rounds 5 --out benchmarks/results/compare
Writes <out>.md, <out>.csv and <out>.json. Needs libopenblas0-pthread for python3-torch (OPENBLAS_CORETYPE is set from
/proc/cpuinfo: SkylakeX with AVX-512, else Haswell).
"""
import argparse
import csv
import datetime
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DLL = os.path.join(HERE, "PerceptualLosses.Benchmarks", "bin", "Release", "net10.0", "PerceptualLosses.Benchmarks.dll")
TWIN = os.path.join(HERE, "pytorch", "compare_cases.py")
DEFAULT = "mm,pgd_step,pgd_step_plain,vgg_forward,vgg_forward_plain,ssim,gmsd,uqi,ssim_exact,gmsd_exact,ifc,patch_gram"
MM_FLOP = 2.0 * 1024 ** 3
# The issue's numbers (AVX-512 EPYC, before this work), for the IFC row.
ISSUE_IFC_MS = 9819.0


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def cpu_model():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def flags():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("flags"):
                return set(line.split(":", 1)[1].split())
    return set()


def run(cmd, env):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-3000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])["cases"]


def spread(values):
    return f"{min(values):.2f}–{max(values):.2f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--iterations", type=int, default=5)
    ap.add_argument("--cases", default=DEFAULT)
    ap.add_argument("--out", default=os.path.join(HERE, "results", "compare"))
    a = ap.parse_args()
    cases = [c for c in a.cases.split(",") if c]
    cpu_flags = flags()
    env = dict(os.environ, OPENBLAS_CORETYPE="SkylakeX" if "avx512f" in cpu_flags else "Haswell")
    ours_cmd = ["dotnet", DLL, "compare-cases", "--only", ",".join(cases), "--warmup", str(a.warmup), "--iterations", str(a.iterations)]
    twin_cases = [c for c in cases if not c.endswith("_plain")]
    twin_cmd = ["/usr/bin/python3", TWIN, "--only", ",".join(twin_cases), "--warmup", str(a.warmup), "--iterations", str(a.iterations)]
    rounds = []
    for r in range(a.rounds):
        before = load()
        order = [("ours", ours_cmd), ("pytorch", twin_cmd)] if r % 2 == 0 else [("pytorch", twin_cmd), ("ours", ours_cmd)]
        got = {}
        for who, cmd in order:
            print(f"round {r + 1}/{a.rounds}: {who} (load {load()})", file=sys.stderr, flush=True)
            got[who] = run(cmd, env)
        rounds.append({"load_before": before, "load_after": load(), **got})

    rows = []
    for c in cases:
        ours = [rd["ours"][c]["median_ms"] for rd in rounds]
        if c.endswith("_plain"):
            base = c[: -len("_plain")]
            if base not in cases:
                continue
            theirs = [rd["ours"][base]["median_ms"] for rd in rounds]
            ratios = [t / o for o, t in zip(ours, theirs)]  # ours (wrapped) / plain Sequential
            rows.append({"case": base + " (ours / plain TorchSharp Sequential)", "ours_ms": statistics.median(theirs),
                         "reference_ms": statistics.median(ours), "ratio": statistics.median(ratios), "min": min(ratios), "max": max(ratios)})
            continue
        theirs = [rd["pytorch"][c]["median_ms"] for rd in rounds if c in rd["pytorch"]]
        if not theirs:
            continue
        ratios = [o / t for o, t in zip(ours, theirs)]
        rows.append({"case": c, "ours_ms": statistics.median(ours), "reference_ms": statistics.median(theirs),
                     "ratio": statistics.median(ratios), "min": min(ratios), "max": max(ratios)})
    extra = []
    if "mm" in cases:
        ours_mm = statistics.median(rd["ours"]["mm"]["median_ms"] for rd in rounds)
        their_mm = statistics.median(rd["pytorch"]["mm"]["median_ms"] for rd in rounds)
        extra.append(f"mm yardstick (1024³ float32): libtorch 2.10 (TorchSharp) {MM_FLOP / ours_mm / 1e6:.1f} GFLOP/s, "
                     f"PyTorch 1.13 {MM_FLOP / their_mm / 1e6:.1f} GFLOP/s")
    for name, base in (("vgg_forward_bf16", "vgg_forward"), ("vgg_forward_bf16_cl", "vgg_forward"), ("pgd_step_bf16", "pgd_step")):
        if name in cases and base in cases:
            sp = [rd["ours"][base]["median_ms"] / rd["ours"][name]["median_ms"] for rd in rounds]
            extra.append(f"{name}: ours float32 / ours bf16 = {statistics.median(sp):.2f}× (min–max {spread(sp)})")
    if "ifc" in cases:
        ifc = statistics.median(rd["ours"]["ifc"]["median_ms"] for rd in rounds)
        extra.append(f"ifc: ours now {ifc:.0f} ms = {ifc / ISSUE_IFC_MS:.2f}× the issue's 9 819 ms (other machine, before the rewrite)")

    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    loads = [rd["load_before"] for rd in rounds] + [rounds[-1]["load_after"]]
    lines = [f"# ours vs PyTorch 1.13, {a.rounds} alternating rounds", "",
             f"- CPU: {cpu_model()} ({os.cpu_count()} CPUs; AVX-512 {'yes' if 'avx512f' in cpu_flags else 'no'}, "
             f"AVX512-BF16 {'yes' if 'avx512_bf16' in cpu_flags else 'no'}), 2 threads each",
             f"- date: {stamp}; load average (1/5/15 min) before each round and at the end: {'; '.join(loads)}",
             f"- command: `/usr/bin/python3 benchmarks/compare.py {' '.join(sys.argv[1:])}`",
             f"- each round: {a.warmup} warm-up + {a.iterations} timed iterations per case in each implementation; ms = median over rounds of the per-round medians", "",
             "| case | ours ms | PyTorch ms | ours/PyTorch (median) | min–max |", "|---|---:|---:|---:|---:|"]
    for row in rows:
        lines.append(f"| {row['case']} | {row['ours_ms']:.1f} | {row['reference_ms']:.1f} | {row['ratio']:.2f} | {row['min']:.2f}–{row['max']:.2f} |")
    lines += [""] + [f"- {e}" for e in extra]
    with open(a.out + ".md", "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(a.out + ".csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["case", "ours_ms", "reference_ms", "ratio", "min", "max"])
        w.writeheader()
        w.writerows(rows)
    with open(a.out + ".json", "w") as f:
        json.dump({"date": stamp, "cpu": cpu_model(), "argv": sys.argv[1:], "rounds": rounds, "rows": rows, "notes": extra}, f, indent=1)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
