#!/usr/bin/python3
"""Writes a full-size VGG-19 state dict (torchvision.models.vgg19(), seeded random weights, 548 MB) twice:
vgg19_legacy.pth (torch.save(..., _use_new_zipfile_serialization=False), the format of torchvision's published
vgg19-dcbb9e9d.pth) and vgg19_zip.pth (torch.save's zip format). Used by WeightReadBenchmarks' setup; nothing is downloaded.

    /usr/bin/python3 benchmarks/pytorch/make_vgg19_weight_files.py OUT_DIR
"""
import os
import sys

import torch
import torchvision

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)
state = torchvision.models.vgg19().state_dict()
torch.save(state, os.path.join(out, "vgg19_legacy.pth"), _use_new_zipfile_serialization=False)
torch.save(state, os.path.join(out, "vgg19_zip.pth"))
print(f"torch {torch.__version__}: wrote {out}/vgg19_legacy.pth and vgg19_zip.pth")
