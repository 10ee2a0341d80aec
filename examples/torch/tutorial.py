# The tutorial this product grew from, in PyTorch: a dense MNIST classifier that logs one mean
# activation per epoch. It cannot name a dead unit; `dying-neurons scan` measures every unit.
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from mnist_data import load_mnist

x_train, y_train = load_mnist()
x_test, y_test = load_mnist(train=False)
train_loader = DataLoader(TensorDataset(x_train.view(-1, 784), y_train), batch_size=32, shuffle=True)
test_loader = DataLoader(TensorDataset(x_test.view(-1, 784), y_test), batch_size=1000)

model = nn.Sequential(nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10))
optimizer = torch.optim.Adam(model.parameters())
loss_fn = nn.CrossEntropyLoss()

for epoch in range(10):
    model.train()
    for x, y in train_loader:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        hidden = model[1](model[0](x_test.view(-1, 784)))
        correct = sum((model(x).argmax(1) == y).sum().item() for x, y in test_loader)
    print(f"epoch {epoch}: mean activation {hidden.mean():.4f}, test accuracy {correct / len(y_test):.4f}")
