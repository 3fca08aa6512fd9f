"""PyTorch 1.13 twin of ImresizeBenchmarks and MatmulRateBenchmarks (CPU, 2 threads).
Run: OPENBLAS_CORETYPE=Haswell /usr/bin/python3 benchmarks/pytorch/imresize_bench.py"""
import math
import time

import numpy as np
import torch

torch.set_num_threads(2)
torch.manual_seed(0)
x = torch.rand(4, 3, 512, 512)


def cubic(t):
    a = t.abs()
    return (1.5 * a ** 3 - 2.5 * a ** 2 + 1) * (a <= 1) + (-0.5 * a ** 3 + 2.5 * a ** 2 - 4 * a + 2) * ((a > 1) & (a <= 2))


def weight_matrix(n, m, s):
    width = 4.0 / s if s < 1 else 4.0
    u = np.arange(1, m + 1) / s + 0.5 * (1 - 1 / s)
    left = np.floor(u - width / 2)
    ind = left[:, None] + np.arange(int(math.ceil(width)) + 2)[None, :]
    w = (s * cubic(torch.from_numpy(s * (u[:, None] - ind)))).numpy() if s < 1 else cubic(torch.from_numpy(u[:, None] - ind)).numpy()
    w = w / w.sum(1, keepdims=True)
    aux = np.concatenate([np.arange(1, n + 1), np.arange(n, 0, -1)])
    ind = aux[np.mod(ind.astype(np.int64) - 1, len(aux))] - 1
    mat = np.zeros((m, n))
    for i in range(m):
        np.add.at(mat[i], ind[i], w[i])
    return torch.from_numpy(mat).float()


def matlab_imresize(t):
    wh = weight_matrix(512, 128, 0.25)
    return (wh @ t @ wh.t())


def bench(name, fn, repeat=10):
    for _ in range(3):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    print(f"{name}: mean {1e3 * np.mean(times):.2f} ms, median {1e3 * np.median(times):.2f} ms, sd {1e3 * np.std(times):.2f} ms")
    return np.median(times)


with torch.no_grad():
    bench("interpolate(bicubic, antialias=True) x1/4", lambda: torch.nn.functional.interpolate(x, size=(128, 128), mode="bicubic", align_corners=False, antialias=True))
    bench("MATLAB imresize as two matmuls x1/4", lambda: matlab_imresize(x))
    a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
    t = bench("mm 1024^3", lambda: a @ b)
    print(f"mm rate: {2 * 1024 ** 3 / t / 1e9:.1f} GFLOP/s")
