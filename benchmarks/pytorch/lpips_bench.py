"""PyTorch 1.13 twin of LpipsBenchmarks: LPIPS v0.1 with a torchvision VGG-16 trunk (random weights) on 4x3x512x512,
CPU, 2 threads, no gradient. Run: OPENBLAS_CORETYPE=Haswell /usr/bin/python3 benchmarks/pytorch/lpips_bench.py"""
import time

import numpy as np
import torch
import torchvision

torch.set_num_threads(2)
torch.manual_seed(0)
features = torchvision.models.vgg16().features.eval()
slices = [(0, 4), (4, 9), (9, 16), (16, 23), (23, 30)]
lins = [torch.rand(1, c, 1, 1) * 0.1 for c in (64, 128, 256, 512, 512)]
shift = torch.tensor([-.030, -.088, -.188]).view(1, 3, 1, 1)
scale = torch.tensor([.458, .448, .450]).view(1, 3, 1, 1)


def trunk(x):
    outs = []
    for a, b in slices:
        for i in range(a, b):
            x = features[i](x)
        outs.append(x)
    return outs


def lpips(x0, x1):
    f0 = trunk(((2 * x0 - 1) - shift) / scale)
    f1 = trunk(((2 * x1 - 1) - shift) / scale)
    total = 0
    for k in range(5):
        n0 = f0[k] / (f0[k].pow(2).sum(1, keepdim=True).sqrt() + 1e-10)
        n1 = f1[k] / (f1[k].pow(2).sum(1, keepdim=True).sqrt() + 1e-10)
        total = total + torch.nn.functional.conv2d((n0 - n1) ** 2, lins[k]).mean((2, 3))
    return total.flatten()


x0 = torch.rand(4, 3, 512, 512)
x1 = (x0 + 0.05 * torch.randn(4, 3, 512, 512)).clamp(0, 1)
with torch.no_grad():
    for _ in range(2):
        lpips(x0, x1)
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        lpips(x0, x1)
        times.append(time.perf_counter() - t0)
print(f"LPIPS 4x3x512x512: mean {np.mean(times):.3f} s, median {np.median(times):.3f} s, sd {np.std(times):.3f} s")
