# Dead conv channels: a convolution whose biases start far below zero for some channels. A
# channel is one unit; it is dead when it is not positive at any position of any probe image.
# The 3x3 filters see pixels in [0, 1], so a channel whose bias is below minus its largest
# response never fires — and a ReLU that never fires gets no gradient to recover.
# PyTorch twin of examples/keras/dead-conv.py.
#   dying-neurons scan examples/torch/dead-conv.py
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from mnist_data import load_mnist

images, labels = load_mnist(limit=5000)
loader = DataLoader(TensorDataset(images, labels), batch_size=64, shuffle=True)


class ConvNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3)
        self.conv2 = nn.Conv2d(16, 32, 3)
        self.relu = nn.ReLU()
        self.fc = nn.Linear(32 * 11 * 11, 10)
        for layer in (self.conv1, self.conv2, self.fc):
            nn.init.xavier_normal_(layer.weight)
            nn.init.zeros_(layer.bias)
        nn.init.uniform_(self.conv1.bias, -2.0, 0.0)

    def forward(self, x):
        x = F.max_pool2d(self.relu(self.conv1(x)), 2)
        x = self.relu(self.conv2(x))
        return self.fc(torch.flatten(x, 1))


model = ConvNet()
optimizer = torch.optim.Adam(model.parameters())
for epoch in range(2):
    for x, y in loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch + 1}: loss {loss.item():.4f}")
