"""One workflow mechanism for every record that moves through states (publications, catalog editions,
assessment rounds, disclosure requests).

A :class:`Workflow` is a transition table (:class:`Step`: label, permission action, the statuses it starts
from) and four hooks its app supplies: who may (``permit``), how the row is locked (``lock``, by default
``select_for_update`` on the primary key), how the event is recorded (``record``: an append-only event row)
and which signal tells the rest of the house after the commit (``changed``). A service runs one step as

    with FLOW.step("submit", publication, user=user) as change:
        change.obj.status = S.SUBMITTED
        change.obj.save()

and the order is always the same: **permission → lock → status check → change → event → signal on
commit**, inside one transaction; a refused step writes nothing and a rolled-back one tells no one. The
admin's buttons, the desk and the API ask :meth:`Workflow.available` for the steps a user may take now.

Core knows no app: the permission rule, the event model and the signal arrive as arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Step:
    """One workflow step: its label (the button), the permission action it needs, the statuses it starts
    from, and how a refusal names it ("「草稿」状态的信息不能<what>")."""

    label: Any
    action: str
    sources: tuple[str, ...]
    what: Any = ""

    def allowed_from(self, status: str) -> bool:
        return status in self.sources


@dataclass
class Change(Generic[M]):
    """The locked row a step changes, and the comment its event will carry (the body may set it)."""

    obj: M
    comment: str = ""
    action: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class Workflow(Generic[M]):
    """A model's transition table with its permission, lock, event and signal hooks (see the module)."""

    def __init__(
        self,
        *,
        model: type[M],
        steps: dict[str, Step],
        permit: Callable[[Any, Step, M], None],
        can: Callable[[Any, Step, M], bool],
        record: Callable[..., Any],
        refusal: Any,
        changed: Signal | None = None,
        noun: str = "obj",
        lock: Callable[[M], M] | None = None,
    ) -> None:
        self.model = model
        self.steps = steps
        self.permit = permit
        self.can = can
        self.record = record
        self.refusal = refusal  # a message with %(status)s and %(what)s
        self.changed = changed
        self.noun = noun  # the keyword the signal carries the row under ("publication", "edition", …)
        self._lock = lock

    # -- reading ------------------------------------------------------------------------------------
    def available(self, user: Any, obj: M) -> list[str]:
        """The steps ``user`` may take on ``obj`` now (status and permission; rules that need the locked row,
        such as four eyes, are checked when the step runs)."""
        status = getattr(obj, "status")  # noqa: B009 - any model with a status field
        return [
            name
            for name, step in self.steps.items()
            if step.allowed_from(status) and self.can(user, step, obj)
        ]

    # -- the parts, for services whose step does more than one status change ---------------------------
    def lock(self, obj: M) -> M:
        if self._lock is not None:
            return self._lock(obj)
        return self.model._default_manager.select_for_update().get(pk=obj.pk)

    def expect(self, obj: M, *statuses: str, what: Any) -> None:
        """Refuse (ValidationError, in the app's own words) unless ``obj`` is in one of ``statuses``."""
        if getattr(obj, "status") not in statuses:  # noqa: B009
            display = getattr(obj, "get_status_display")()  # noqa: B009
            raise ValidationError(self.refusal % {"status": display, "what": what})

    def tell(self, obj: M, action: str, user: Any, comment: str = "", **details: Any) -> Any:
        """Record the event now (``details``: what the app's event row carries besides the comment, e.g. the
        FOI step's label and date) and send ``changed`` after the commit (with the row read afresh)."""
        recorded = self.record(obj, action, user, comment, **details)  # the event row, for the caller
        if self.changed is None:
            return recorded
        pk, user_id, signal, model, noun = (
            obj.pk,
            getattr(user, "pk", None),
            self.changed,
            self.model,
            self.noun,
        )

        def send() -> None:
            fresh = model._default_manager.get(pk=pk)
            signal.send(sender=model, **{noun: fresh}, action=action, user_id=user_id, comment=comment)

        transaction.on_commit(send)
        return recorded

    def begin(self, name: str, obj: M, *, user: Any, sources: tuple[str, ...] | None = None) -> M:
        """The first half of a step, for a service that records its own event(s) with :meth:`tell`:
        permission → lock → permission again on the locked row (its unit may have changed meanwhile, e.g. a
        transferred request) → status check. Returns the locked row; call it inside the service's transaction."""
        if name not in self.steps:
            raise ValueError(_("未知的流程步骤：%(name)s") % {"name": name})
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("Workflow.begin() runs inside the service's transaction")
        step = self.steps[name]
        self.permit(user, step, obj)
        locked = self.lock(obj)
        self.permit(user, step, locked)
        self.expect(locked, *(sources or step.sources), what=step.what or step.label)
        return locked

    # -- one step, whole ----------------------------------------------------------------------------
    @contextmanager
    def step(
        self, name: str, obj: M, *, user: Any, comment: str = "", sources: tuple[str, ...] | None = None
    ) -> Iterator[Change[M]]:
        """Run step ``name`` on ``obj``: permission → lock → status check → the body's change → event →
        signal on commit. ``sources`` narrows the statuses for a service variant of the step."""
        with transaction.atomic():
            locked = self.begin(name, obj, user=user, sources=sources)
            change = Change(obj=locked, comment=comment, action=name)
            yield change
            if change.action:  # a body that records its own events (e.g. schedule or publish) clears it
                self.tell(locked, change.action, user, change.comment, **change.extra)
