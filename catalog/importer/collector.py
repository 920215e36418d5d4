"""The import without Python's cyclic garbage collector running in the middle of it.

Reading and writing a catalog allocates hundreds of thousands of small objects (XML elements, cell lists,
plan rows, model instances) that live until the import ends and hold no reference cycles worth collecting
early. Each of them counts towards the collector's next run, and each full run walks every object of the
process (Django's, the worker's): on 5,000 rows the collector took about a third of the import's time.
:func:`collector_paused` turns it off for one bounded stage (at most :data:`catalog.excel.MAX_ROWS` rows) and
back on afterwards, whatever happens; anything it would have collected is collected on its next run.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off; restored on the way out (only if it was on:
    a caller that turned it off itself keeps it off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
