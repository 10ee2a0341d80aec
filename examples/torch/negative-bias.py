# Dead at initialisation: a strongly negative bias keeps most ReLU units of the first hidden layer
# below zero for every input, so they never fire and never learn. A scan reports them before the
# first training step. PyTorch twin of examples/keras/negative-bias.py (Xavier-normal weights, as
# Keras's glorot_normal).
#   dying-neurons scan examples/torch/negative-bias.py
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from mnist_data import load_mnist

images, labels = load_mnist(limit=10000)
loader = DataLoader(TensorDataset(images.view(-1, 784), labels), batch_size=64, shuffle=True)


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 64)
        self.out = nn.Linear(64, 10)
        for layer in (self.fc1, self.fc2, self.out):
            nn.init.xavier_normal_(layer.weight)
            nn.init.zeros_(layer.bias)
        nn.init.constant_(self.fc1.bias, -1.5)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.out(x)


model = Classifier()
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
for epoch in range(2):
    for x, y in loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch + 1}: loss {loss.item():.4f}")
