#!/usr/bin/env python3
"""Summarises the logs of tools/gpu/run.sh: python3 tools/gpu/summarize.py LOGS_DIR OUT_DIR -> summary.md, summary.json.

Standard library only (it runs on CPU CI machines without PyTorch too)."""
import glob
import json
import os
import sys


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def peak_mib(path):
    try:
        with open(path) as f:
            values = [float(v) for v in f.read().split() if v.replace(".", "", 1).isdigit()]
        return max(values) if values else None
    except OSError:
        return None


def main():
    logs, out = sys.argv[1], sys.argv[2]
    steps = []
    if os.path.exists(os.path.join(logs, "steps.tsv")):
        with open(os.path.join(logs, "steps.tsv")) as f:
            steps = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    ours = load(os.path.join(logs, "hot-paths.json"))
    theirs = load(os.path.join(logs, "pytorch-hot-paths.json"))
    info = load(os.path.join(logs, "info.out"))
    summary = {"steps": [{"step": s[0], "status": s[1], "detail": s[2] if len(s) > 2 else ""} for s in steps],
               "device": (open(os.path.join(logs, "gpu.txt")).read().strip() if os.path.exists(os.path.join(logs, "gpu.txt")) else "cpu"),
               "info": info, "hot_paths": {}, "check_device": {}, "training": {}, "peak_gpu_memory_mib": {}}
    md = ["# GPU run summary", "", f"Device: {summary['device']}", ""]
    if info:
        md.append(f"TorchSharp {info.get('torchsharp')}, libtorch (TorchSharp's) {info.get('libtorch')}, .NET {info.get('dotnet')}, "
                  f"CUDA available: {info.get('cuda_available')}, native load: {info.get('native_load_mode')}")
        md.append("")
    if theirs:
        md.append(f"PyTorch twin: torch {theirs.get('torch')}, TF32 {theirs.get('tf32')}")
        md.append("")
    if ours and (ours.get("smoke") or (theirs and theirs.get("smoke"))):
        md += ["**Smoke run** (tiny sizes, 1/16-width networks): the times test the scripts only and mean nothing.", ""]

    md += ["## Steps", "", "| step | status | detail |", "|---|---|---|"]
    md += [f"| {s['step']} | {s['status']} | {s['detail']} |" for s in summary["steps"]]
    md.append("")

    md += ["## Hot paths (median of the timed iterations; ratio = ours / PyTorch, same GPU, same run)", "",
           "| case | shape | ours ms | PyTorch ms | ratio | within 1.1× |", "|---|---|---:|---:|---:|---|"]
    names = list((ours or {}).get("cases", {}).keys() or (theirs or {}).get("cases", {}).keys())
    for name in names:
        o = (ours or {}).get("cases", {}).get(name)
        t = (theirs or {}).get("cases", {}).get(name)
        ratio = o["median_ms"] / t["median_ms"] if o and t and t["median_ms"] > 0 else None
        summary["hot_paths"][name] = {"ours": o, "pytorch": t, "ratio": ratio}
        md.append(f"| {name} | {(o or t or {}).get('shape', '')} | {o['median_ms'] if o else '–'} | {t['median_ms'] if t else '–'} | "
                  f"{f'{ratio:.2f}' if ratio else '–'} | {('yes' if ratio <= 1.1 else 'NO') if ratio else '–'} |")
    md.append("")

    for mode in ("tf32-on", "tf32-off"):
        data = load(os.path.join(logs, f"check-device-{mode}.out"))
        if not data:
            continue
        summary["check_device"][mode] = data
        md += [f"## check-device ({mode}; device {data.get('device')}; matmul TF32 {data.get('cuda_matmul_allow_tf32')}, "
               f"cuDNN TF32 {data.get('cudnn_allow_tf32')})", "", "| block | max relative difference | ms |", "|---|---:|---:|"]
        for block, value in data.items():
            if isinstance(value, dict) and "max_relative_difference" in value:
                md.append(f"| {block} | {value['max_relative_difference']:.3g} | {value.get('milliseconds')} |")
        md.append("")

    md += ["## Study (`study --preset paper` on synthetic data)", ""]
    for path in sorted(glob.glob(os.path.join(logs, "training-*.json"))):
        data = load(path) or {}
        stage = os.path.basename(path)[len("training-"):-len(".json")]
        summary["training"][stage] = data
        sps = data.get("steps_per_second")
        md.append(f"- {stage}: {data.get('loss')}, {data.get('steps')} steps, "
                  f"{f'{sps:.2f}' if isinstance(sps, (int, float)) else '–'} steps/s, last loss {data.get('last_loss')}")
    for name in ("table1.md", "table2.md"):
        path = os.path.join(logs, name)
        if os.path.exists(path):
            md += ["", f"### {name}", "", open(path).read().strip()]
    md.append("")

    for path in sorted(glob.glob(os.path.join(logs, "*.mem"))):
        name = os.path.basename(path)[:-4]
        summary["peak_gpu_memory_mib"][name] = peak_mib(path)
    if summary["peak_gpu_memory_mib"]:
        md += ["## Peak GPU memory in use (nvidia-smi, whole device, sampled every 100 ms)", "", "| step | MiB |", "|---|---:|"]
        md += [f"| {k} | {v} |" for k, v in summary["peak_gpu_memory_mib"].items()]
        peaks = {k: v.get("peak_allocated_mib") for k, v in ((theirs or {}).get("cases") or {}).items() if v.get("peak_allocated_mib")}
        if peaks:
            md += ["", "PyTorch twin, torch.cuda.max_memory_allocated per case (MiB): " + ", ".join(f"{k} {v}" for k, v in peaks.items())]
        md.append("")

    with open(os.path.join(out, "summary.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    print("\n".join(md))


if __name__ == "__main__":
    main()
