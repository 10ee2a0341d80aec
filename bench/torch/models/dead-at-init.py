# BENCH ONLY: a PyTorch model dead at initialisation on data made in place (no dataset to load),
# printing a marker just before its first forward so that the bench times the init check from it.
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
x = torch.rand(4096, 784)
y = torch.randint(0, 10, (4096,))
loader = DataLoader(TensorDataset(x, y), batch_size=64, shuffle=True)

model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))
nn.init.constant_(model[0].bias, -8.0)
optimizer = torch.optim.Adam(model.parameters())
loss_fn = nn.CrossEntropyLoss()

print("dn-bench: first forward", flush=True)
for xb, yb in loader:
    optimizer.zero_grad()
    loss_fn(model(xb), yb).backward()
    optimizer.step()
