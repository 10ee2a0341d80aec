"""The probe's seeded draw: the same PRNG (mulberry32) and draw as the TypeScript worker's
src/worker/seededRandom.ts, so one seed picks the same probe rows in every runner."""

from __future__ import annotations

import math
from typing import Callable, List

_M = 0xFFFFFFFF


def create_random(seed: int) -> Callable[[], float]:
    state = seed & _M

    def random() -> float:
        nonlocal state
        state = (state + 0x6D2B79F5) & _M
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & _M
        t = t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & _M)) & _M)
        return ((t ^ (t >> 14)) & _M) / 4294967296

    return random


def sample_indices(n: int, k: int, random: Callable[[], float]) -> List[int]:
    """`k` distinct indices of [0, n), drawn without replacement, in increasing order."""
    pool = list(range(n))
    take = min(k, n)
    for i in range(take):
        j = i + math.floor(random() * (n - i))
        pool[i], pool[j] = pool[j], pool[i]
    return sorted(pool[:take])
