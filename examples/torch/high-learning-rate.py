# Killed by the learning rate: SGD at 1.0 pushes many ReLU units' biases and weights so far
# negative within a few batches that they never fire again. PyTorch twin of
# examples/keras/high-learning-rate.py.
#   dying-neurons scan examples/torch/high-learning-rate.py
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from mnist_data import load_mnist

images, labels = load_mnist(limit=10000)
loader = DataLoader(TensorDataset(images.flatten(1), labels), batch_size=32, shuffle=True)

model = nn.Sequential(
    nn.Linear(784, 128),
    nn.ReLU(),
    nn.Linear(128, 64),
    nn.ReLU(),
    nn.Linear(64, 10),
)
for module in model:
    if isinstance(module, nn.Linear):
        nn.init.xavier_normal_(module.weight)
        nn.init.zeros_(module.bias)

loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
for epoch in range(2):
    for x, y in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch + 1}: loss {loss.item():.4f}")
