"""Dying Neurons' Python side: runs a user's training script as `python FILE` would, measures
every unit of the model its first `fit` trains, and streams the raw numbers to the parent
(the TypeScript engine judges them). See ../PROTOCOL.md for the contract."""
