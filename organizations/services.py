"""Writes to the unit tree, service points, memberships and accounts: the one write path of each.

Every function is keyword-only, atomic and permission-checked through :mod:`organizations.permissions`
(check permission → change → record → signal): it records a history row with the acting user and a change
reason (simple_history; accounts, which have no history table, in the admin's log), and sends its change
signal **after the commit** with the names of the fields that changed. Units, service points and accounts
are deactivated, never deleted.

``user=None`` is the *system actor*: the demo loader, a management command or a migration acting with no
request and no person behind it. Code that handles a request always passes ``request.user`` (never None: an
anonymous visitor is ``AnonymousUser``, whom the permission module refuses).

Receivers of the signals (``unit_changed`` …) get ``sender`` (the model), the record, ``changed`` (a frozenset
of field names; every field given on creation), ``created`` and ``user``. Publishing listens to
``unit_changed`` to regenerate the obligations (publishing/signals.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from . import permissions as perms
from .models import Membership, Role, ServicePoint, Unit

AREA = "organizations"

#: Sent on commit after a unit was created or changed: ``unit``, ``changed``, ``created``, ``user``.
unit_changed = Signal()
#: Sent on commit after a service point was created or changed: ``point``, ``changed``, ``created``, ``user``.
service_point_changed = Signal()
#: Sent on commit after a membership was added, changed or ended: ``membership``, ``changed``, ``created``,
#: ``ended``, ``user``.
membership_changed = Signal()
#: Sent on commit after an account was created or changed: ``account``, ``changed``, ``created``, ``user``.
account_changed = Signal()

#: The fields of a unit a caller may set (``tier`` follows ``kind``; the tree columns are MPTT's).
UNIT_FIELDS = frozenset(
    {
        "name",
        "short_name",
        "code",
        "kind",
        "parent",
        "contact_person",
        "phone",
        "email",
        "address",
        "latitude",
        "longitude",
        "office_hours",
        "sectors",
        "aliases",
        "is_active",
        "order",
    }
)
#: Only the district office reshapes the tree; a unit's officer keeps its contact data current.
STRUCTURAL_FIELDS = frozenset({"name", "code", "kind", "parent", "order", "is_active", "sectors", "aliases"})
SERVICE_POINT_FIELDS = frozenset(
    {
        "unit",
        "kind",
        "name",
        "address",
        "latitude",
        "longitude",
        "opening_hours",
        "phone",
        "bilingual",
        "is_active",
    }
)
MEMBERSHIP_FIELDS = frozenset({"unit", "role", "title", "phone", "is_public_contact"})
ACCOUNT_FIELDS = frozenset(
    {
        "username",
        "first_name",
        "last_name",
        "email",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
        "date_joined",
    }
)
#: Account powers outside the role model: only a superuser grants them.
PRIVILEGE_FIELDS = frozenset({"is_staff", "is_superuser"})
#: What only a superuser changes on an account: the powers, and the dates the system keeps.
SUPERUSER_FIELDS = PRIVILEGE_FIELDS | {"last_login", "date_joined"}


# -- helpers ------------------------------------------------------------------------------------------------
def _require(user, action: str, unit: Unit | None = None) -> None:
    """The permission check; ``user=None`` is the system actor (no request: demo loader, commands)."""
    if user is None:
        return
    perms.require(user, action, AREA, unit)


def _require_office(user) -> None:
    if user is not None and not perms.is_office(user):
        raise PermissionDenied(_("只有区政务公开办可以执行此操作。"))


def _check_fields(values: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise ValidationError(_("不能修改这些字段：%(fields)s") % {"fields": "、".join(unknown)})


def _value(obj: models.Model, name: str) -> Any:
    """A field's stored value, a foreign key as its id (so an instance and an id compare equal)."""
    field = obj._meta.get_field(name)
    if isinstance(field, models.ForeignKey):
        return getattr(obj, field.attname)
    return getattr(obj, name)


def _given(obj: models.Model, name: str, value: Any) -> Any:
    field = obj._meta.get_field(name)
    if isinstance(field, models.ForeignKey) and isinstance(value, models.Model):
        return value.pk
    return value


def _changes(stored: models.Model, values: Mapping[str, Any]) -> frozenset[str]:
    return frozenset(
        name for name, value in values.items() if _value(stored, name) != _given(stored, name, value)
    )


def _record(obj: models.Model, user, reason: str) -> None:
    """What the history row of the coming save says: who, and why."""
    obj._change_reason = (reason or "")[:100]  # type: ignore[attr-defined]
    if user is not None and getattr(user, "pk", None):
        obj._history_user = user  # type: ignore[attr-defined]


def _send_on_commit(signal: Signal, sender: type, **kwargs: Any) -> None:
    transaction.on_commit(lambda: signal.send(sender=sender, **kwargs))


def _validate(obj: models.Model, exclude: Iterable[str] = ()) -> None:
    obj.full_clean(exclude=[*exclude])


# -- units --------------------------------------------------------------------------------------------------
TREE_COLUMNS = ("lft", "rght", "tree_id", "level", "tier")


@transaction.atomic
def create_unit(*, user, data: Mapping[str, Any], reason: str = "") -> Unit:
    """A new unit (district office only). ``data``: the fields of :data:`UNIT_FIELDS`; name, code, kind needed."""
    _require_office(user)
    _require(user, perms.ADD)
    _check_fields(data, UNIT_FIELDS)
    unit = Unit(**data)
    _validate(unit, TREE_COLUMNS)
    _record(unit, user, reason or _("新建单位"))
    unit.save()
    _send_on_commit(unit_changed, Unit, unit=unit, changed=frozenset(data), created=True, user=user)
    return unit


@transaction.atomic
def change_unit(*, user, unit: Unit, changes: Mapping[str, Any], reason: str = "") -> frozenset[str]:
    """Change ``unit``'s fields; returns the names of those that changed. A unit's officer may change its
    contact data; the structure (:data:`STRUCTURAL_FIELDS`) only the district office. ``unit`` may already
    carry the new values (an admin form's instance): the comparison is with the stored row."""
    _check_fields(changes, UNIT_FIELDS)
    stored = Unit.objects.select_for_update().get(pk=unit.pk)
    _require(user, perms.CHANGE, stored)
    changed = _changes(stored, changes)
    if changed & STRUCTURAL_FIELDS:
        _require_office(user)
    if not changed:
        return changed
    for name, value in changes.items():
        setattr(unit, name, value)
    _validate(unit, TREE_COLUMNS)
    _record(unit, user, reason or _("修改单位：%(fields)s") % {"fields": "、".join(sorted(changed))})
    unit.save()
    _send_on_commit(unit_changed, Unit, unit=unit, changed=changed, created=False, user=user)
    return changed


def deactivate_unit(*, user, unit: Unit, reason: str = "") -> bool:
    """Retire a unit (撤并): it stays, with its history, but no longer owes or lists anything. Never deleted."""
    return bool(
        change_unit(user=user, unit=unit, changes={"is_active": False}, reason=reason or _("停用单位"))
    )


# -- service points -----------------------------------------------------------------------------------------
@transaction.atomic
def create_service_point(*, user, data: Mapping[str, Any], reason: str = "") -> ServicePoint:
    """A new service point of ``data["unit"]`` (the office, or the unit's officer for its own units)."""
    _check_fields(data, SERVICE_POINT_FIELDS)
    point = ServicePoint(**data)
    _require(user, perms.CHANGE, point.unit)
    _validate(point)
    _record(point, user, reason or _("新建服务点"))
    point.save()
    _send_on_commit(
        service_point_changed, ServicePoint, point=point, changed=frozenset(data), created=True, user=user
    )
    return point


@transaction.atomic
def change_service_point(
    *, user, point: ServicePoint, changes: Mapping[str, Any], reason: str = ""
) -> frozenset[str]:
    """Change a service point (on its unit and, when moved, on the new unit); returns the changed names."""
    _check_fields(changes, SERVICE_POINT_FIELDS)
    stored = ServicePoint.objects.select_for_update().select_related("unit").get(pk=point.pk)
    _require(user, perms.CHANGE, stored.unit)
    changed = _changes(stored, changes)
    if not changed:
        return changed
    for name, value in changes.items():
        setattr(point, name, value)
    if "unit" in changed:
        _require(user, perms.CHANGE, point.unit)
    _validate(point)
    _record(point, user, reason or _("修改服务点：%(fields)s") % {"fields": "、".join(sorted(changed))})
    point.save()
    _send_on_commit(
        service_point_changed, ServicePoint, point=point, changed=changed, created=False, user=user
    )
    return changed


def deactivate_service_point(*, user, point: ServicePoint, reason: str = "") -> bool:
    """Close a service point: it leaves the public lists and the map, its history stays. Never deleted."""
    changed = change_service_point(user=user, point=point, changes={"is_active": False}, reason=reason)
    return bool(changed)


# -- memberships --------------------------------------------------------------------------------------------
def _grant_admin_access(account, role: str) -> None:
    """Every role works in the admin: the account becomes staff (explicitly, not by a model signal)."""
    if role in perms.STAFF_ROLES and not account.is_staff:
        account.is_staff = True
        account.save(update_fields=["is_staff"])


@transaction.atomic
def add_membership(
    *,
    user,
    account,
    unit: Unit,
    role: str,
    title: str = "",
    phone: str = "",
    is_public_contact: bool = False,
    reason: str = "",
) -> Membership:
    """Give ``account`` ``role`` in ``unit`` (district office only); the account reaches the admin."""
    _require_office(user)
    membership = Membership(
        user=account, unit=unit, role=role, title=title, phone=phone, is_public_contact=is_public_contact
    )
    _validate(membership)
    _record(membership, user, reason or _("新增角色"))
    membership.save()
    _grant_admin_access(account, role)
    perms.forget(account)
    changed = frozenset({"user", "unit", "role", "title", "phone", "is_public_contact"})
    _send_on_commit(
        membership_changed,
        Membership,
        membership=membership,
        changed=changed,
        created=True,
        ended=False,
        user=user,
    )
    return membership


@transaction.atomic
def change_membership(
    *, user, membership: Membership, changes: Mapping[str, Any], reason: str = ""
) -> frozenset[str]:
    """Change a membership's unit, role, title, phone or public-contact flag (district office only)."""
    _require_office(user)
    _check_fields(changes, MEMBERSHIP_FIELDS)
    stored = Membership.objects.select_for_update().get(pk=membership.pk)
    changed = _changes(stored, changes)
    if not changed:
        return changed
    for name, value in changes.items():
        setattr(membership, name, value)
    _validate(membership)
    _record(membership, user, reason or _("修改角色：%(fields)s") % {"fields": "、".join(sorted(changed))})
    membership.save()
    _grant_admin_access(membership.user, membership.role)
    perms.forget(membership.user)
    _send_on_commit(
        membership_changed,
        Membership,
        membership=membership,
        changed=changed,
        created=False,
        ended=False,
        user=user,
    )
    return changed


@transaction.atomic
def end_membership(*, user, membership: Membership, reason: str = "") -> None:
    """End a membership (district office only): the role's powers end at once. The row leaves the table; its
    whole life, the ending with who and why included, stays in the membership's history."""
    _require_office(user)
    _record(membership, user, reason or _("结束角色"))
    account, pk = membership.user, membership.pk
    membership.delete()
    membership.pk = pk  # receivers see which membership ended
    perms.forget(account)
    _send_on_commit(
        membership_changed,
        Membership,
        membership=membership,
        changed=frozenset(),
        created=False,
        ended=True,
        user=user,
    )


# -- accounts -----------------------------------------------------------------------------------------------
def is_privileged(account) -> bool:
    """A superuser, or a member of the district office: only a superuser manages these accounts."""
    return bool(account.is_superuser) or Membership.objects.filter(user=account, role=Role.OFFICE).exists()


def _require_account_manager(user, values: Mapping[str, Any], account=None) -> None:
    """The office manages accounts; only a superuser grants powers outside the role model or changes a
    privileged account."""
    _require_office(user)
    if user is None or perms.is_superuser(user):
        return
    if any(values.get(f) for f in SUPERUSER_FIELDS) or (account is not None and is_privileged(account)):
        raise PermissionDenied(_("只有超级管理员可以管理超级管理员、区政务公开办账号或后台权限。"))


def _log_account(user, account, flag: int, message: str) -> None:
    """Accounts keep no history table: the admin's log (LogEntry) is their history. The admin skips its own
    entry for a save a service recorded (``_recorded`` on the instance)."""
    account._recorded = True
    if user is None or not getattr(user, "pk", None):
        return
    LogEntry.objects.log_action(
        user_id=user.pk,
        content_type_id=ContentType.objects.get_for_model(account).pk,
        object_id=str(account.pk),
        object_repr=str(account)[:200],
        action_flag=flag,
        change_message=message,
    )


@transaction.atomic
def create_account(
    *,
    user,
    username: str,
    password: str | None = None,
    password_hash: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
    reason: str = "",
):
    """A new account (district office; a superuser or staff account only by a superuser). Give ``password``
    (hashed here) or an already hashed ``password_hash`` (an admin form's); neither: an unusable password."""
    _require_account_manager(user, {"is_staff": is_staff, "is_superuser": is_superuser})
    User = get_user_model()
    account = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=is_staff,
        is_superuser=is_superuser,
        password=password_hash or make_password(password),
    )
    _validate(account, ("password", "last_login", "date_joined"))
    account.save()
    _log_account(user, account, ADDITION, reason or _("新建账号"))
    changed = frozenset({"username", "first_name", "last_name", "email", "is_staff", "is_superuser"})
    _send_on_commit(account_changed, User, account=account, changed=changed, created=True, user=user)
    return account


@transaction.atomic
def change_account(*, user, account, changes: Mapping[str, Any], reason: str = "") -> frozenset[str]:
    """Change an account's name, e-mail or state (district office; is_staff / is_superuser: a superuser)."""
    _check_fields(changes, ACCOUNT_FIELDS)
    User = get_user_model()
    stored = User.objects.select_for_update().get(pk=account.pk)
    changed = _changes(stored, changes)
    _require_account_manager(user, {f: True for f in changed & SUPERUSER_FIELDS}, stored)
    if not changed:
        return changed
    for name, value in changes.items():
        setattr(account, name, value)
    account.save(update_fields=sorted(changed))
    _log_account(
        user, account, CHANGE, reason or _("修改账号：%(fields)s") % {"fields": "、".join(sorted(changed))}
    )
    _send_on_commit(account_changed, User, account=account, changed=changed, created=False, user=user)
    return changed


def deactivate_account(*, user, account, reason: str = "") -> bool:
    """Stop an account signing in; its memberships, reminders and history stay. Never deleted. Nobody
    deactivates their own account."""
    if user is not None and account.pk == user.pk:
        raise PermissionDenied(_("不能停用自己的账号。"))
    return bool(
        change_account(
            user=user, account=account, changes={"is_active": False}, reason=reason or _("停用账号")
        )
    )
