"""Creates the small demo images committed under samples/data/images from scikit-image's bundled photographs.

Run with Debian's python3 (scikit-image 0.19): /usr/bin/python3 tools/data/make_demo_images.py
Every source image is public domain or CC0 (see samples/data/images/LICENSES.md).
Crops are fixed (no randomness) and every size is a multiple of 4 so that x4 super-resolution needs no cropping.
"""
import os
import numpy as np
from PIL import Image
import skimage.data as d

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "samples", "data", "images")

# name: (loader, (top, left, height, width), downscale factor applied with PIL LANCZOS before cropping or 1)
TEST = {
    "astronaut": (d.astronaut, (40, 150, 160, 160), 1),
    "coffee": (d.coffee, (60, 160, 144, 192), 1),
    "chelsea": (d.chelsea, (40, 100, 176, 224), 1),
}
TRAIN = {
    "rocket": (d.rocket, (0, 0, 427, 640), 2),
    "hubble_deep_field": (d.hubble_deep_field, (0, 0, 872, 1000), 4),
    "retina": (d.retina, (0, 0, 1411, 1411), 6),
    "immunohistochemistry": (d.immunohistochemistry, (0, 0, 512, 512), 2),
    "astronaut_left": (d.astronaut, (0, 0, 512, 150), 1),
    "coffee_right": (d.coffee, (0, 352, 400, 248), 2),
    "chelsea_bottom": (d.chelsea, (216, 0, 84, 451), 1),
}


def save(group, name, spec):
    loader, (top, left, h, w), factor = spec
    img = loader()[top:top + h, left:left + w]
    pil = Image.fromarray(img)
    if factor != 1:
        pil = pil.resize((w // factor, h // factor), Image.LANCZOS)
    W, H = pil.size
    pil = pil.crop((0, 0, W - W % 4, H - H % 4))
    path = os.path.join(ROOT, group, name + ".png")
    pil.save(path, optimize=True)
    print(path, pil.size)


for n, s in TEST.items():
    save("test", n, s)
for n, s in TRAIN.items():
    save("train", n, s)
