# A deep, narrow ReLU stack collapses: with only two units per layer, the chance that every unit
# of some layer is negative for every input is high, and once one layer is fully dead every layer
# after it sees only zeros. A scan warns on the layer where the collapse starts and marks the
# later layers as "input is dead" pointing back to it. PyTorch twin of
# examples/keras/deep-narrow-relu.py.
#   dying-neurons scan examples/torch/deep-narrow-relu.py
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from mnist_data import load_mnist

images, labels = load_mnist(limit=10000)
loader = DataLoader(TensorDataset(images.view(-1, 28 * 28), labels), batch_size=32, shuffle=True)

DEPTH = 10


def narrow_block(inputs, units):
    layer = nn.Linear(inputs, units)
    nn.init.xavier_normal_(layer.weight)
    nn.init.zeros_(layer.bias)
    return [layer, nn.ReLU()]


layers = [nn.Linear(784, 16), nn.ReLU()]
width = 16
for _ in range(DEPTH):
    layers += narrow_block(width, 2)
    width = 2
layers.append(nn.Linear(width, 10))
model = nn.Sequential(*layers)

optimizer = torch.optim.Adam(model.parameters())
loss_fn = nn.CrossEntropyLoss()
for epoch in range(2):
    for x, y in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
print("final loss", loss.item())
