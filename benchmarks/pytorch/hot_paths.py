#!/usr/bin/python3
"""PyTorch twin of the `hot-paths` mode of benchmarks/PerceptualLosses.Benchmarks (Gpu/HotPaths.cs).

The same work, case by case, with the same sizes, warm-ups and iterations (CUDA synchronised after every iteration),
printed as JSON with the same case names, so that tools/gpu/run.sh can report ours / PyTorch on one GPU:

  vgg19_fwd_bwd         VGG-19 features to relu5_4, frozen, input gradient, 16x3x128x128
  ept_loss_fwd_bwd      the paper's EPT loss (E + 0.2 P(pool2) + 0.02 P(pool5) + T(conv1_1, conv2_1, conv3_1), 16x16
                        patch Gram), forward + backward to the prediction, 16x3x128x128
  pgd_l2_step_vgg19     one PGD-L2 step (eps 3.88, alpha 0.155) on full VGG-19 (1000 logits), 32x3x224x224
  pgd_l2_step_resnet50  the same on ResNet-50
  lpips                 LPIPS v0.1, VGG-16 trunk, no gradient, 16x3x256x256
  ssim, gmsd, ifc       float64 per channel (benchmarks/pytorch/metrics_bench.py), 16x3x512x512

Run: python3 benchmarks/pytorch/hot_paths.py --device cuda [--smoke] [--tf32 default|on|off] [--out FILE]
--smoke: tiny sizes and 1/16-width networks (as ours), to test the script on a CPU; its times mean nothing.
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
import metrics_bench  # noqa: E402  (the metric twins, device-aware)
from pgd_bench import pgd_l2_step  # noqa: E402

NAMES = ["vgg19_fwd_bwd", "ept_loss_fwd_bwd", "pgd_l2_step_vgg19", "pgd_l2_step_resnet50", "lpips", "ssim", "gmsd", "ifc"]
MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)
# torchvision vgg19.features indices of the taps the EPT loss reads.
CONV1_1, CONV2_1, POOL2, CONV3_1, POOL5 = 0, 5, 9, 10, 36
RELU5_4 = 35


def vgg_features(depth, width):
    """torchvision's VGG feature stack (optionally width-reduced), ReLUs not in place so that pre-activation taps survive."""
    cfg = {16: [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
           19: [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512, 512, 512, 512, "M"]}[depth]
    layers, c = [], 3
    for v in cfg:
        if v == "M":
            layers.append(nn.MaxPool2d(2, 2))
        else:
            out = max(1, round(v * width))
            layers += [nn.Conv2d(c, out, 3, padding=1), nn.ReLU(inplace=False)]
            c = out
    return nn.Sequential(*layers)


def classifier(arch, width):
    if width == 1:
        model = getattr(torchvision.models, arch)()
    elif arch == "vgg19":
        model = torchvision.models.vgg19()
        model.features = vgg_features(19, width)
        c = max(1, round(512 * width))
        hidden = max(1, round(4096 * width))
        model.classifier = nn.Sequential(nn.Linear(c * 49, hidden), nn.ReLU(True), nn.Dropout(), nn.Linear(hidden, hidden),
                                         nn.ReLU(True), nn.Dropout(), nn.Linear(hidden, 1000))
    else:
        model = torchvision.models.resnet50(width_per_group=max(1, round(64 * width)))
    return model


class Normalized(nn.Module):
    """ImageNet normalisation inside the model, as our VGG/ResNet do, so attacks work in [0,1] pixels."""

    def __init__(self, model):
        super().__init__()
        self.model = model
        self.register_buffer("mean", torch.tensor(MEAN).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(STD).view(1, 3, 1, 1))

    def forward(self, x):
        return self.model((x - self.mean) / self.std)


def taps(features, x, wanted, mean, std):
    out, h = {}, (x - mean) / std
    last = max(wanted)
    for i, layer in enumerate(features):
        h = layer(h)
        if i in wanted:
            out[i] = h
        if i == last:
            break
    return out


def patch_gram(f, p=16):
    b, c, h, w = f.shape
    rows, cols = h // p, w // p
    f = f[:, :, :rows * p, :cols * p].reshape(b, c, rows, p, cols, p).permute(0, 2, 4, 1, 3, 5).reshape(b * rows * cols, c, p * p)
    return torch.bmm(f, f.transpose(1, 2))


def build(name, device, smoke):
    width = 0.0625 if smoke else 1.0
    mean = torch.tensor(MEAN, device=device).view(1, 3, 1, 1)
    std = torch.tensor(STD, device=device).view(1, 3, 1, 1)
    if name in ("vgg19_fwd_bwd", "ept_loss_fwd_bwd"):
        shape = (2, 3, 64, 64) if smoke else (16, 3, 128, 128)
        features = vgg_features(19, width).to(device).eval()
        for p in features.parameters():
            p.requires_grad_(False)
        x = torch.rand(shape, device=device)
        if name == "vgg19_fwd_bwd":
            def step():
                inp = x.detach().requires_grad_(True)
                taps(features, inp, {RELU5_4}, mean, std)[RELU5_4].sum().backward()
            return shape, step
        target = torch.rand(shape, device=device)
        layers = {CONV1_1, CONV2_1, POOL2, CONV3_1, POOL5}

        def step():
            pred = x.detach().requires_grad_(True)
            fp = taps(features, pred, layers, mean, std)
            with torch.no_grad():
                ft = taps(features, target, layers, mean, std)
            total = F.mse_loss(pred, target)
            total = total + 0.2 * F.mse_loss(fp[POOL2], ft[POOL2]) + 0.02 * F.mse_loss(fp[POOL5], ft[POOL5])
            for lam, i in ((3e-7, CONV1_1), (1e-6, CONV2_1), (1e-6, CONV3_1)):
                total = total + lam * F.mse_loss(patch_gram(fp[i]), patch_gram(ft[i]))
            total.backward()
        return shape, step
    if name.startswith("pgd_l2_step_"):
        shape = (2, 3, 32, 32) if smoke else (32, 3, 224, 224)
        model = Normalized(classifier(name[len("pgd_l2_step_"):], width)).to(device).eval()
        for p in model.parameters():
            p.requires_grad_(False)
        x0 = torch.rand(shape, device=device)
        labels = torch.randint(0, 1000, (shape[0],), device=device)
        return shape, lambda: pgd_l2_step(model, x0, labels)
    if name == "lpips":
        shape = (2, 3, 64, 64) if smoke else (16, 3, 256, 256)
        features = vgg_features(16, width).to(device).eval()
        slices = [(0, 4), (4, 9), (9, 16), (16, 23), (23, 30)]
        chans = [max(1, round(c * width)) for c in (64, 128, 256, 512, 512)]
        lins = [torch.rand(1, c, 1, 1, device=device) * 0.1 for c in chans]
        shift = torch.tensor([-.030, -.088, -.188], device=device).view(1, 3, 1, 1)
        scale = torch.tensor([.458, .448, .450], device=device).view(1, 3, 1, 1)

        def trunk(h):
            outs = []
            for a, b in slices:
                for i in range(a, b):
                    h = features[i](h)
                outs.append(h)
            return outs

        x0 = torch.rand(shape, device=device)
        x1 = (x0 + 0.05 * torch.randn(shape, device=device)).clamp(0, 1)

        def step():
            with torch.no_grad():
                f0 = trunk(((2 * x0 - 1) - shift) / scale)
                f1 = trunk(((2 * x1 - 1) - shift) / scale)
                total = 0
                for k in range(5):
                    n0 = f0[k] / (f0[k].pow(2).sum(1, keepdim=True).sqrt() + 1e-10)
                    n1 = f1[k] / (f1[k].pow(2).sum(1, keepdim=True).sqrt() + 1e-10)
                    total = total + F.conv2d((n0 - n1) ** 2, lins[k]).mean((2, 3))
            return total
        return shape, step
    if name in ("ssim", "gmsd", "ifc"):
        shape = (1, 3, 96, 96) if smoke else (16, 3, 512, 512)
        x = torch.rand(shape, device=device)
        y = (x + 0.05 * torch.randn(shape, device=device)).clamp(0, 1)
        fn = getattr(metrics_bench, name)

        def step():
            with torch.no_grad():
                return fn(metrics_bench.prepare(x), metrics_bench.prepare(y))
        return shape, step
    raise ValueError(name)


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--tf32", choices=["default", "on", "off"], default="default")
    ap.add_argument("--warmup", type=int)
    ap.add_argument("--iterations", type=int)
    ap.add_argument("--only", default=",".join(NAMES))
    ap.add_argument("--out")
    a = ap.parse_args()
    device = torch.device(a.device)
    if device.type == "cuda" and a.tf32 != "default":
        torch.backends.cuda.matmul.allow_tf32 = a.tf32 == "on"
        torch.backends.cudnn.allow_tf32 = a.tf32 == "on"
    warmup = a.warmup or (1 if a.smoke else 3)
    iterations = a.iterations or (1 if a.smoke else 10)
    only = [n.strip() for n in a.only.split(",") if n.strip()]
    unknown = [n for n in only if n not in NAMES]
    if unknown:
        ap.error(f"--only: unknown case(s) {unknown}; expected some of {NAMES}")
    if device.type == "cpu":
        torch.set_num_threads(os.cpu_count() or 1)
    cases = {}
    for name in only:
        print(f"hot_paths.py: {name} ...", file=sys.stderr)
        torch.manual_seed(0)
        if device.type == "cuda":
            torch.cuda.reset_peak_memory_stats(device)
        shape, step = build(name, device, a.smoke)
        for _ in range(warmup):
            step()
        sync(device)
        ms = []
        for _ in range(iterations):
            t0 = time.perf_counter()
            step()
            sync(device)
            ms.append((time.perf_counter() - t0) * 1000)
        ms.sort()
        cases[name] = {"shape": "x".join(map(str, shape)), "median_ms": round(ms[len(ms) // 2], 3), "min_ms": round(ms[0], 3)}
        if device.type == "cuda":
            cases[name]["peak_allocated_mib"] = round(torch.cuda.max_memory_allocated(device) / 2 ** 20, 1)
        del step
    result = {"implementation": "pytorch", "torch": torch.__version__, "device": str(device), "smoke": a.smoke,
              "warmup": warmup, "iterations": iterations, "cases": cases,
              "tf32": None if device.type != "cuda" else {"cuda_matmul_allow_tf32": torch.backends.cuda.matmul.allow_tf32,
                                                        "cudnn_allow_tf32": torch.backends.cudnn.allow_tf32}}
    text = json.dumps(result, indent=2)
    print(text)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
