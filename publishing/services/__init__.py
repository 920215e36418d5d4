"""The writes of publishing, in two modules: :mod:`.obligations` (三级清单) and :mod:`.publications` (公开信息 and
their workflow). Everything is re-exported here, so callers write ``from publishing import services`` and
``services.submit(...)``."""

from .obligations import (
    AREA,
    GenerationResult,
    add_obligation,
    desired_obligations,
    generate_obligations,
    refresh_deadlines,
    waive_obligation,
)
from .publications import (
    EDITABLE,
    TRANSITIONS,
    Transition,
    add_attachment,
    allocate_index_number,
    approve,
    available_steps,
    create_publication,
    publication_changed,
    publication_published,
    publish,
    publish_due,
    reject,
    submit,
    supersede,
    update_publication,
    withdraw,
)

__all__ = [
    "AREA",
    "EDITABLE",
    "TRANSITIONS",
    "GenerationResult",
    "Transition",
    "add_attachment",
    "add_obligation",
    "allocate_index_number",
    "approve",
    "available_steps",
    "create_publication",
    "desired_obligations",
    "generate_obligations",
    "publication_changed",
    "publication_published",
    "publish",
    "publish_due",
    "refresh_deadlines",
    "reject",
    "submit",
    "supersede",
    "update_publication",
    "waive_obligation",
    "withdraw",
]
