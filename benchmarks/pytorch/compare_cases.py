#!/usr/bin/python3
"""PyTorch twin of the `compare-cases` mode of benchmarks/PerceptualLosses.Benchmarks (Compare/CompareCases.cs).

Same case names, sizes, warm-ups and iterations, printed as one JSON line; benchmarks/compare.py runs both alternately.

  mm                   1024^3 float32 matrix product (the machine's yardstick)
  pgd_step             one PGD-L2 step (eps 3.88, alpha 0.155), torchvision VGG-19 with ImageNet normalisation, 4x3x128x128
  vgg_forward          torchvision VGG-19 features to relu5_4 (ImageNet normalisation), no_grad, 4x3x128x128
  ssim, gmsd, uqi      float32 per channel (metrics_bench.py's twins with DT = float32), 4x3x512x512
  ssim_exact, gmsd_exact, ifc   float64 (metrics_bench.py), 4x3x512x512
  patch_gram           16x16 patch Gram MSE, forward + backward, 4x128x64x64
  vgg_forward_bf16, vgg_forward_bf16_cl, pgd_step_bf16   bfloat16 (channels_last), float32 in and out
  pgd_step_cl, vgg_forward_cl   float32, channels_last weights and input

Run: OPENBLAS_CORETYPE=Haswell /usr/bin/python3 benchmarks/pytorch/compare_cases.py [--only a,b] [--warmup N] [--iterations N]
(SkylakeX on AVX-512 CPUs; Debian's python3-torch needs libopenblas0-pthread for fair timings).
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import metrics_bench  # noqa: E402
from pgd_bench import pgd_l2_step  # noqa: E402

NAMES = ["mm", "pgd_step", "vgg_forward", "ssim", "gmsd", "uqi", "ssim_exact", "gmsd_exact", "ifc", "patch_gram",
         "vgg_forward_bf16", "vgg_forward_bf16_cl", "pgd_step_bf16", "pgd_step_cl", "vgg_forward_cl"]
MEAN = torch.tensor((0.485, 0.456, 0.406)).view(1, 3, 1, 1)
STD = torch.tensor((0.229, 0.224, 0.225)).view(1, 3, 1, 1)


class Normalized(nn.Module):
    """ImageNet normalisation in float32, then the model in its own dtype/layout; float32 out (as our Vgg)."""

    def __init__(self, model, dtype=torch.float32, channels_last=False):
        super().__init__()
        self.model, self.dtype, self.channels_last = model, dtype, channels_last

    def forward(self, x):
        x = ((x - MEAN) / STD).to(self.dtype)
        if self.channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
        return self.model(x).float()


def frozen(model, dtype=torch.float32, channels_last=False):
    model = model.eval().to(dtype)
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
    for p in model.parameters():
        p.requires_grad_(False)
    return Normalized(model, dtype, channels_last)


def uqi(x, y, n=8):
    """img_qi.m on window sums, with its special cases (the C# Uqi.Compute)."""
    box = torch.ones(n, dtype=x.dtype)
    sx, sy, sxx, syy, sxy = metrics_bench.separable(torch.cat([x, y, x * x, y * y, x * y], 1), box).chunk(5, 1)
    nn_ = n * n
    mp = sx * sy
    ms = sx * sx + sy * sy
    num = 4 * (nn_ * sxy - mp) * mp
    var = nn_ * (sxx + syy) - ms
    den = var * ms
    one = torch.ones_like(den)
    general = num / torch.where(den != 0, den, one)
    flat = 2 * mp / torch.where(ms != 0, ms, one)
    q = torch.where(den != 0, general, torch.where((var == 0) & (ms != 0), flat, one))
    return q.mean(dim=(1, 2, 3))


def patch_gram(f, p=16):
    b, c, h, w = f.shape
    r, q = h // p, w // p
    f = f[:, :, :r * p, :q * p].reshape(b, c, r, p, q, p).permute(0, 2, 4, 1, 3, 5).reshape(b * r * q, c, p * p)
    return torch.bmm(f, f.transpose(1, 2))


def build(name):
    torch.manual_seed(0)
    if name == "mm":
        a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
        return lambda: float(torch.mm(a, b)[0, 0])
    if name.startswith("pgd_step"):
        bf16 = name.endswith("bf16")
        model = frozen(torchvision.models.vgg19(), torch.bfloat16 if bf16 else torch.float32, name.endswith("_cl"))
        x0 = torch.rand(4, 3, 128, 128)
        labels = torch.tensor([1, 2, 3, 4])
        return lambda: pgd_l2_step(model, x0, labels)
    if name.startswith("vgg_forward"):
        dtype = torch.bfloat16 if "bf16" in name else torch.float32
        model = frozen(torchvision.models.vgg19().features[:36], dtype, name.endswith("_cl"))
        x = torch.rand(4, 3, 128, 128)

        def step():
            with torch.no_grad():
                return float(model(x).sum())
        return step
    if name in ("ssim", "gmsd", "uqi", "ssim_exact", "gmsd_exact", "ifc"):
        x = torch.rand(4, 3, 512, 512)
        y = (x + 0.05 * torch.randn(4, 3, 512, 512)).clamp(0, 1)
        exact = name.endswith("_exact") or name == "ifc"
        fn = uqi if name == "uqi" else getattr(metrics_bench, name.replace("_exact", ""))

        def step():
            # As ours: checks and [0,255] scaling in float64, the metric in float32 unless exact.
            metrics_bench.DT = torch.float64
            a, b = metrics_bench.prepare(x), metrics_bench.prepare(y)
            if not exact:
                metrics_bench.DT = torch.float32
                a, b = a.float(), b.float()
            with torch.no_grad():
                return float(fn(a, b).double().sum())
        return step
    if name == "patch_gram":
        x, y = torch.rand(4, 128, 64, 64), torch.rand(4, 128, 64, 64)

        def step():
            p = x.detach().requires_grad_(True)
            F.mse_loss(patch_gram(p), patch_gram(y)).backward()
            return float(p.grad[0, 0, 0, 0])
        return step
    raise ValueError(name)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default=",".join(NAMES))
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--iterations", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    cases = {}
    for name in [n for n in a.only.split(",") if n]:
        if name not in NAMES:
            print(f"compare_cases.py: no twin for '{name}'", file=sys.stderr)
            continue
        step = build(name)
        for _ in range(a.warmup):
            step()
        times = []
        for _ in range(a.iterations):
            t0 = time.perf_counter()
            step()
            times.append((time.perf_counter() - t0) * 1000)
        cases[name] = {"times_ms": [round(t, 3) for t in times], "median_ms": round(sorted(times)[len(times) // 2], 3)}
    print(json.dumps({"implementation": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(), "cases": cases}))


if __name__ == "__main__":
    main()
