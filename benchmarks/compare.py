#!/usr/bin/python3
"""Ours against the PyTorch 1.13 twin, alternately, several rounds in one invocation; median ratio with its spread.

Each round runs `PerceptualLosses.Benchmarks compare-cases` (ours) and benchmarks/pytorch/compare_cases.py (PyTorch)
once each, the order swapped every round, every case timed `--iterations` times after `--warmup` in both. Per case and
round the ratio is ours/PyTorch of the two medians; the report gives the median ratio over rounds and its min-max, the
medians in ms, the `mm` rate (GFLOP/s of a 1024^3 float32 product) of both libraries as the machine's yardstick, and the
load average before every round. Cases ending in _plain (a plain TorchSharp Sequential) are compared with ours instead;
pgd_step_raw (the twin's step written op for op in plain TorchSharp) is compared with the twin's pgd_step and with ours.

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
GROUPS = [
    ("Machine yardstick: 1024³ float32 mm", ["mm"]),
    ("One PGD-L2 step, VGG-19 (1000 logits, ImageNet normalisation), 4×3×128²", ["pgd_step", "pgd_step_plain", "pgd_step_raw", "pgd_step_cl", "pgd_step_bf16"]),
    ("VGG-19 features to relu5_4, 4×3×128², no gradient", ["vgg_forward", "vgg_forward_plain", "vgg_forward_cl", "vgg_forward_bf16", "vgg_forward_bf16_cl"]),
    ("SSIM, 4×3×512²", ["ssim", "ssim_exact"]),
    ("GMSD, 4×3×512²", ["gmsd", "gmsd_exact"]),
    ("UQI, 4×3×512²", ["uqi"]),
    ("IFC, 4×3×512² (float64)", ["ifc"]),
    ("Patch-Gram texture loss forward + backward, 4×128×64²", ["patch_gram"]),
]
LABELS = {
    "mm": "mm", "pgd_step": "float32 (our Vgg)", "pgd_step_plain": "float32, plain TorchSharp Sequential + our PGD",
    "pgd_step_bf16": "bfloat16 (ComputeOptions.Bf16)",
    "pgd_step_raw": "float32, the twin's step op for op in plain TorchSharp (plain Sequential, no attack class)",
    "pgd_step_cl": "float32, channels-last (ComputeOptions { ChannelsLast = true })",
    "vgg_forward_cl": "float32, channels-last", "vgg_forward": "float32 (Vgg.Features)",
    "vgg_forward_plain": "float32, plain TorchSharp Sequential", "vgg_forward_bf16": "bfloat16",
    "vgg_forward_bf16_cl": "bfloat16, channels-last", "ssim": "Fast (float32)", "ssim_exact": "Exact (float64)",
    "gmsd": "Fast (float32)", "gmsd_exact": "Exact (float64)", "uqi": "Fast (float32)", "ifc": "float64 (any Precision)",
    "patch_gram": "float32",
}
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
    twin_cases = [c for c in cases if not c.endswith(("_plain", "_raw"))]
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

    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    loads = [rd["load_before"] for rd in rounds] + [rounds[-1]["load_after"]]
    lines = [f"- CPU: {cpu_model()} ({os.cpu_count()} CPUs; AVX-512 {'yes' if 'avx512f' in cpu_flags else 'no'}, "
             f"AVX512-BF16 {'yes' if 'avx512_bf16' in cpu_flags else 'no'}), 2 threads in each implementation",
             f"- date: {stamp}; load average (1/5/15 min) before each round and at the end: {'; '.join(loads)}",
             f"- command: `/usr/bin/python3 benchmarks/compare.py {' '.join(sys.argv[1:])}`",
             f"- {a.rounds} rounds, ours and PyTorch 1.13 alternating (order swapped each round); per round and case {a.warmup} warm-up + "
             f"{a.iterations} timed iterations, the round's value is their median; tables give the median over rounds and the min–max of the per-round values"]
    rows = []

    def series(who, case):
        if who == "pytorch" and case.endswith("_raw"):
            case = case[:-len("_raw")]  # the raw TorchSharp step is compared with the twin's own case
        return [rd[who][case]["median_ms"] for rd in rounds if case in rd.get(who, {})]

    def cell(values):
        return f"{statistics.median(values):.1f} ({min(values):.1f}–{max(values):.1f})" if values else "—"

    for title, members in GROUPS:
        present = [m for m in members if m in cases]
        if not present:
            continue
        lines += ["", f"### {title}", "", "| variant | ours ms (min–max) | PyTorch 1.13 ms (min–max) | ours / PyTorch (min–max) | other ratio |",
                  "|---|---:|---:|---:|---|"]
        for m in present:
            ours = series("ours", m)
            theirs = series("pytorch", m)
            ratio = [o / t for o, t in zip(ours, theirs)]
            other = ""
            if m.endswith("_plain") and members[0] in cases:
                r = [o / p for o, p in zip(series("ours", members[0]), ours)]
                other = f"ours ({members[0]}) / plain = {statistics.median(r):.2f} ({min(r):.2f}–{max(r):.2f})"
            elif m.endswith("_raw") and members[0] in cases:
                r = [o / p for o, p in zip(series("ours", members[0]), ours)]
                other = f"ours ({members[0]}) / raw = {statistics.median(r):.2f} ({min(r):.2f}–{max(r):.2f})"
            elif (m.endswith("_cl") or "bf16" in m) and members[0] in cases:
                r = [f / b for f, b in zip(series("ours", members[0]), ours)]
                other = f"ours {members[0]} / ours {m} = {statistics.median(r):.2f}× ({min(r):.2f}–{max(r):.2f})"
            elif m == "ifc":
                other = f"ours / issue's 9 819 ms (AVX-512 machine, old IFC) = {statistics.median(ours) / ISSUE_IFC_MS:.2f}"
            elif m == "mm":
                other = (f"GFLOP/s: libtorch 2.10 {MM_FLOP / statistics.median(ours) / 1e6:.1f}, "
                         f"PyTorch 1.13 {MM_FLOP / statistics.median(theirs) / 1e6:.1f}" if theirs else "")
            rat = f"{statistics.median(ratio):.2f} ({min(ratio):.2f}–{max(ratio):.2f})" if ratio else "—"
            lines.append(f"| {LABELS.get(m, m)} | {cell(ours)} | {cell(theirs)} | {rat} | {other} |")
            rows.append({"case": m, "ours_ms": statistics.median(ours), "pytorch_ms": statistics.median(theirs) if theirs else None,
                         "ratio": statistics.median(ratio) if ratio else None, "ratio_min": min(ratio) if ratio else None,
                         "ratio_max": max(ratio) if ratio else None, "other": other})

    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out + ".md", "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(a.out + ".csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["case", "ours_ms", "pytorch_ms", "ratio", "ratio_min", "ratio_max", "other"])
        w.writeheader()
        w.writerows(rows)
    with open(a.out + ".json", "w") as f:
        json.dump({"date": stamp, "cpu": cpu_model(), "argv": sys.argv[1:], "rounds": rounds, "rows": rows}, f, indent=1)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
