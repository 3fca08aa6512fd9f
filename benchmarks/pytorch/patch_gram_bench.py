"""PyTorch 1.13 twin of PatchGramBenchmarks (CPU, 2 threads): the same batched patch-Gram loss (reshape + bmm).
Run: OPENBLAS_CORETYPE=Haswell /usr/bin/python3 benchmarks/pytorch/patch_gram_bench.py"""
import time

import numpy as np
import torch

torch.set_num_threads(2)
torch.manual_seed(0)


def patch_gram(f, p=16):
    b, c, h, w = f.shape
    r, q = h // p, w // p
    patches = f[:, :, :r * p, :q * p].reshape(b, c, r, p, q, p).permute(0, 2, 4, 1, 3, 5).reshape(b * r * q, c, p * p)
    return patches @ patches.transpose(1, 2)


def loss(x, y):
    return torch.nn.functional.mse_loss(patch_gram(x), patch_gram(y))


def bench(name, fn, repeat=10):
    for _ in range(3):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    print(f"{name}: mean {1e3 * np.mean(times):.2f} ms, median {1e3 * np.median(times):.2f} ms, sd {1e3 * np.std(times):.2f} ms")


for shape in [(4, 128, 64, 64), (4, 64, 128, 128)]:
    x, y = torch.rand(*shape), torch.rand(*shape)
    with torch.no_grad():
        bench(f"forward {shape}", lambda: loss(x, y))

    def fb():
        p = x.clone().requires_grad_(True)
        loss(p, y).backward()

    bench(f"forward+backward {shape}", fb)
