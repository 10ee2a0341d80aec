# Saturated sigmoid units: weights drawn with a standard deviation of 10 push every sigmoid
# unit's input far from zero, where its derivative is nearly 0, so gradients vanish. PyTorch
# twin of examples/keras/saturated-sigmoid.py (on MNIST: the PyTorch examples read only MNIST).
#   dying-neurons scan examples/torch/saturated-sigmoid.py
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from mnist_data import load_mnist

images, labels = load_mnist(limit=10000)
loader = DataLoader(TensorDataset(images.reshape(-1, 784), labels), batch_size=32, shuffle=True)

model = nn.Sequential(
    nn.Linear(784, 64),
    nn.Sigmoid(),
    nn.Linear(64, 10),
)
nn.init.normal_(model[0].weight, mean=0.0, std=10.0)

optimizer = torch.optim.Adam(model.parameters())
for epoch in range(2):
    for x, y in loader:
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch + 1}: loss {loss.item():.4f}")
