#!/usr/bin/python3
"""PyTorch counterpart of benchmarks/PerceptualLosses.Benchmarks/Metrics/MetricsBenchmarks.cs.

Straightforward torch implementations of the same formulas (ssim_index.m, GMSD.m, ifcvec.m with a sp5Filters steerable
pyramid), float64, per channel, on 4x3x512x512 in [0,1] scaled to [0,255]; 2 threads.
Run: /usr/bin/python3 benchmarks/pytorch/metrics_bench.py [ssim] [gmsd] [ifc] [--check] [--device cuda]
(OPENBLAS_CORETYPE=SkylakeX crashes on this AMD machine without AVX-512; see benchmarks/README.md)
--check compares against the fixture reference values (Y of the fixture pairs) to show the implementations agree.
"""
import math
import os
import re
import statistics
import sys
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(2)
DT = torch.float64


def gaussian(size=11, sigma=1.5):
    """1-D factor of fspecial('gaussian'): the 2-D window is its outer product."""
    c = torch.arange(size, dtype=DT) - (size - 1) / 2
    g = torch.exp(-(c ** 2) / (2 * sigma ** 2))
    return g / g.sum()


def separable(x, k):
    """filter2(outer(k,k), x, 'valid') per channel, channels folded into the batch (as the C# code)."""
    b, c, h, w = x.shape
    t = x.reshape(b * c, 1, h, w)
    t = F.conv2d(t, k.reshape(1, 1, -1, 1))
    t = F.conv2d(t, k.reshape(1, 1, 1, -1))
    return t.reshape(b, c, t.shape[2], t.shape[3])


def depthwise(x, k, stride=1):
    c = x.shape[1]
    return F.conv2d(x, k.expand(c, 1, *k.shape), stride=stride, groups=c)


def ssim(x, y):
    w = gaussian().to(x.device)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mu1, mu2, e11, e22, e12 = separable(torch.cat([x, y, x * x, y * y, x * y], 1), w).chunk(5, 1)
    s11 = e11 - mu1 ** 2
    s22 = e22 - mu2 ** 2
    s12 = e12 - mu1 * mu2
    m = (2 * mu1 * mu2 + c1) * (2 * s12 + c2) / ((mu1 ** 2 + mu2 ** 2 + c1) * (s11 + s22 + c2))
    return m.mean(dim=(1, 2, 3))


def gmsd(x, y):
    def half(t):
        return F.avg_pool2d(F.pad(t, (0, 1, 0, 1)), 2, 2)

    dx = torch.tensor([[1, 0, -1]] * 3, dtype=DT, device=x.device) / 3

    def mag(t):
        t = F.pad(t, (1, 1, 1, 1))
        gx = depthwise(t, dx.flip(0, 1))
        gy = depthwise(t, dx.t().flip(0, 1))
        return torch.sqrt(torch.clamp_min(gx ** 2 + gy ** 2, 1e-24))

    m1, m2 = mag(half(x)), mag(half(y))
    q = (2 * m1 * m2 + 170) / (m1 ** 2 + m2 ** 2 + 170)
    return q.flatten(2).std(2, unbiased=True).mean(1)


def sp5_filters():
    """Reads the published sp5Filters taps from our C# data file (one copy of the numbers in the repo)."""
    here = os.path.dirname(os.path.abspath(__file__))
    src = open(os.path.join(here, "..", "..", "src", "PerceptualLosses.Metrics", "Ifc", "Sp5Filters.cs")).read()

    def arr(name):
        body = re.search(name + r" =\s*\{(.*?)\};", src, re.S).group(1)
        return torch.tensor([float(v) for v in re.findall(r"-?\d+\.\d+", body)], dtype=DT)

    lo0 = arr("Lo0Filter").reshape(1, 1, 5, 5)
    lo = (2 * arr("LoFilterHalf")).reshape(1, 1, 9, 9)
    b = arr("BandFiltersColumnMajor").reshape(6, 7, 7).transpose(1, 2).reshape(6, 1, 7, 7)
    return lo0, lo, b


def corr_reflect1(x, f, stride=1):
    p = f.shape[-1] // 2
    return F.conv2d(F.pad(x, (p, p, p, p), mode="reflect"), f, stride=stride)


def ifc(x, y):
    lo0f, lof, bf = (f.to(x.device) for f in sp5_filters())
    b, c, h, w = x.shape
    x = x.reshape(b * c, 1, h, w)
    y = y.reshape(b * c, 1, h, w)
    lx, ly = corr_reflect1(x, lo0f), corr_reflect1(y, lo0f)
    total = torch.zeros(b * c, dtype=DT, device=x.device)
    for level in range(4):
        bx, by = corr_reflect1(lx, bf), corr_reflect1(ly, bf)  # 6 orientations at once
        win = 2 ** (4 - level) + 1
        for o in (0, 3):
            total += band_info(bx[:, o:o + 1], by[:, o:o + 1], win)
        lx, ly = corr_reflect1(lx, lof, 2), corr_reflect1(ly, lof, 2)
    return (total / (h * w)).reshape(b, c).mean(1)


def band_info(yr, yd, win, m=3):
    n = yr.shape[0]
    hh, ww = yr.shape[2] // m * m, yr.shape[3] // m * m
    yr, yd = yr[..., :hh, :ww], yd[..., :hh, :ww]
    allv = F.unfold(yr, m)
    cen = allv - allv.mean(2, keepdim=True)
    cu = cen @ cen.transpose(1, 2) / allv.shape[2]
    blk = F.unfold(yr, m, stride=m)
    s2 = (torch.linalg.inv(cu) @ blk * blk).sum(1) / (m * m)
    lam = torch.linalg.eigvalsh(cu)
    box = torch.ones(win, dtype=DT, device=yr.device)
    cnt = win * win
    p = win // 2

    def wsum(t):
        return separable(F.pad(t, (p, p, p, p), mode="reflect"), box)[..., 1::m, 1::m]

    mx, my = wsum(yr) / cnt, wsum(yd) / cnt
    cov = wsum(yr * yd) - cnt * mx * my
    ssx = (wsum(yr * yr) - cnt * mx * mx).clamp_min(0)
    ssy = (wsum(yd * yd) - cnt * my * my).clamp_min(0)
    tol = 1e-15
    g = cov / (ssx + tol)
    vv = (ssy - g * cov) / cnt
    fx = ssx < tol
    g = g.masked_fill(fx, 0)
    vv = torch.where(fx, ssy, vv)
    fy = ssy < tol
    g = g.masked_fill(fy, 0)
    vv = vv.masked_fill(fy, 0)
    neg = g < 0
    vv = torch.where(neg, ssy, vv)
    g = g.masked_fill(neg, 0)
    vv = vv.masked_fill(vv <= tol, tol)
    off = math.ceil((win - 1) / 2 / m)
    rows, cols = hh // m, ww // m

    def inner(t):
        return t.reshape(n, rows, cols)[:, off:rows - off, off:cols - off].reshape(n, -1, 1)

    term = inner(g) ** 2 * inner(s2) / (inner(vv) + 1e-10)
    return torch.log2(1 + term * lam.unsqueeze(1)).sum((1, 2))


def check():
    import json
    import numpy as np
    from PIL import Image
    d = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "PerceptualLosses.Tests", "Fixtures", "Metrics")
    ref = json.load(open(os.path.join(d, "metrics_reference.json")))
    worst = {"ssim": 0, "gmsd": 0, "ifc": 0}
    for p in ref["pairs"]:
        if p.get("gmsd") is None:
            continue

        def load(f):
            a = np.asarray(Image.open(os.path.join(d, f))).astype(np.float64)
            if a.ndim == 3:
                a = 16 + (65.481 * a[..., 0] + 128.553 * a[..., 1] + 24.966 * a[..., 2]) / 255
            return torch.tensor(a, dtype=DT)[None, None]

        a, b = load(p["reference"]), load(p["distorted"])
        worst["ssim"] = max(worst["ssim"], abs(ssim(a, b).item() - p["ssim"]))
        worst["gmsd"] = max(worst["gmsd"], abs(gmsd(a, b).item() - p["gmsd"]))
        if p.get("ifc") is not None:
            worst["ifc"] = max(worst["ifc"], abs(ifc(a, b).item() / p["ifc"] - 1))
    print("max |torch - octave|: ssim %.2e, gmsd %.2e; ifc max rel %.2e" % (worst["ssim"], worst["gmsd"], worst["ifc"]))


def prepare(t):
    """What MetricInput.Prepare does before every metric: reject non-finite or out-of-range input, then float64 × 255."""
    if not bool(torch.isfinite(t).all()) or float(t.min()) < 0 or float(t.max()) > 1:
        raise ValueError("input must be finite and in [0, 1]")
    return t.to(DT) * 255


def main():
    if "--check" in sys.argv:
        check()
        return
    torch.manual_seed(0)
    device = torch.device(sys.argv[sys.argv.index("--device") + 1] if "--device" in sys.argv else "cpu")
    x = torch.rand(4, 3, 512, 512, device=device)
    y = (x + 0.05 * torch.randn(4, 3, 512, 512, device=device)).clamp(0, 1)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, input 4x3x512x512 float32 in [0,1]; timed: the "
          "same input checks (finite, range) and float64 [0,255] conversion as ours, then the metric per channel")
    with torch.no_grad():
        chosen = [a for a in sys.argv[1:] if a in ("ssim", "gmsd", "ifc")] or ["ssim", "gmsd", "ifc"]
        for name, fn in (("ssim", ssim), ("gmsd", gmsd), ("ifc", ifc)):
            if name not in chosen:
                continue
            fn(prepare(x), prepare(y))  # warm-up
            times = []
            for _ in range(5):
                t0 = time.perf_counter()
                fn(prepare(x), prepare(y)).sum().item()
                times.append(time.perf_counter() - t0)
            print(f"{name}: median {statistics.median(times) * 1000:.1f} ms (min {min(times) * 1000:.1f}, n=5)")


if __name__ == "__main__":
    main()
