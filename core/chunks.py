"""Chunking: bounded batches for bulk writes and streamed reads."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")


def chunked(values: Iterable[T], size: int) -> Iterator[list[T]]:
    """Yield lists of at most ``size`` items from ``values`` (any iterable, consumed lazily)."""
    if size < 1:
        raise ValueError("size must be at least 1")
    iterator = iter(values)
    while batch := list(islice(iterator, size)):
        yield batch
