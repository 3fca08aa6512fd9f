#!/usr/bin/python3
"""PyTorch twin of benchmarks/PerceptualLosses.Benchmarks/Models/VggForwardBenchmarks.cs.

VGG-19 (torchvision, random weights, full width) on a 4x3x128x128 batch, CPU, 2 threads, no_grad.
Run: OPENBLAS_CORETYPE=Haswell /usr/bin/python3 benchmarks/pytorch/vgg_bench.py
(OPENBLAS_CORETYPE=SkylakeX dies with "Illegal instruction" in the classifier's sgemm on CPUs without AVX-512,
such as the AMD EPYC these numbers were taken on; Haswell selects the AVX2 kernels.)
"""
import statistics
import time

import torch
import torchvision

torch.set_num_threads(2)
torch.manual_seed(0)
model = torchvision.models.vgg19().eval()
trunk = model.features[:36]  # conv1_1 ... relu5_4
mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
x = torch.rand(4, 3, 128, 128)
taps = {3, 8, 17, 26, 35}  # relu1_2, relu2_2, relu3_4, relu4_4, relu5_4


def features_taps():
    h = (x - mean) / std
    out = []
    for i, layer in enumerate(trunk):
        h = layer(h)
        if i in taps:
            out.append(h.clone())  # torchvision's ReLUs are in place
    return out


cases = {
    "features[:36] to relu5_4": lambda: trunk((x - mean) / std),
    "5 taps relu1_2..relu5_4 (cloned)": features_taps,
    "full vgg19 forward": lambda: model((x - mean) / std),
}
with torch.no_grad():
    for name, fn in cases.items():
        for _ in range(3):
            fn()
        times = []
        for _ in range(10):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        print(f"{name:36s} mean {statistics.mean(times) * 1e3:8.1f} ms  median {statistics.median(times) * 1e3:8.1f} ms  "
              f"sd {statistics.stdev(times) * 1e3:6.1f} ms  (n=10)")
print("torch", torch.__version__, "threads", torch.get_num_threads())
