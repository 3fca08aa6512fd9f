"""PyTorch twin of benchmarks/PerceptualLosses.Benchmarks/Attacks/PgdStepBenchmark.cs.

One PGD-L2 step (forward + backward + step + renorm projection + clamp) on torchvision's VGG-19 layer layout
(random init, eval mode, parameters frozen), batch 4x3x128x128, CPU float32, 2 threads.

Run: OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 benchmarks/pytorch/pgd_bench.py [--device cuda]
"""
import sys
import time

import torch
import torch.nn.functional as F
import torchvision


def pgd_l2_step(model, x0, labels, eps=3.88, alpha=0.155):
    x = x0.clone().detach().requires_grad_(True)
    loss = F.cross_entropy(model(x), labels, reduction="none").mean()
    grad, = torch.autograd.grad(loss, [x])
    with torch.no_grad():
        g_norm = grad.reshape(grad.shape[0], -1).norm(dim=1).reshape(-1, 1, 1, 1)
        x = x + alpha * grad / (g_norm + 1e-10)
        x = torch.clamp(x0 + (x - x0).renorm(p=2, dim=0, maxnorm=eps), 0, 1)
    return x


def main():
    torch.set_num_threads(2)
    torch.manual_seed(0)
    device = torch.device(sys.argv[sys.argv.index("--device") + 1] if "--device" in sys.argv else "cpu")
    model = torchvision.models.vgg19().eval().to(device)
    for p in model.parameters():
        p.requires_grad_(False)
    x0 = torch.rand(4, 3, 128, 128, device=device)
    labels = torch.tensor([1, 2, 3, 4], device=device)
    for _ in range(2):
        pgd_l2_step(model, x0, labels)
    times = []
    for _ in range(10):
        start = time.perf_counter()
        pgd_l2_step(model, x0, labels)
        if device.type == "cuda":
            torch.cuda.synchronize(device)
        times.append(time.perf_counter() - start)
    times.sort()
    print(f"torch {torch.__version__} threads {torch.get_num_threads()}: median {times[len(times) // 2] * 1000:.1f} ms, "
          f"min {times[0] * 1000:.1f} ms over {len(times)} runs")


if __name__ == "__main__":
    main()
