"""The one place that answers "may this user see / change this?".

Views, the admin, the API, tasks and search all ask here; nothing filters by role by hand elsewhere.

A user's power comes from memberships (user, unit, role). Each role grants actions per *area* (an app's
data), and a *scope*: global roles act on every unit, unit roles act on their unit and the units below it
(a street officer on the street and its communities; a community officer on the community alone).

A request made with a unit's API token is *confined* to that unit's subtree, whatever roles the account
holds: :mod:`core.auth` puts the token's unit on the user as ``portal_token_unit`` and every answer here
(grants, scopes, "is this the office?") is cut down to that subtree. Session logins keep full rights.

Citizens' personal data (:data:`PERSONAL_FIELDS`) is seen whole only by the office and by the roles of
:data:`PERSONAL_DATA_ROLES` on the unit that handles the record (or a unit above it); everyone else who may
see the record gets it masked or hidden (:func:`may_see_personal_data`, :func:`masked`, :func:`redact_text`).
The admin (``ScopedAdmin``), the API serializers and the pages all ask here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Membership, Role, Unit

VIEW, ADD, CHANGE, DELETE, REVIEW = "view", "add", "change", "delete", "review"
ALL = frozenset({VIEW, ADD, CHANGE, DELETE, REVIEW})
READ = frozenset({VIEW})

AREAS = (
    "organizations",  # units, service points, memberships
    "domains",  # the policy fields and their division of work
    "workdays",  # the working-day calendar
    "catalog",  # the standard catalog and its editions
    "publishing",  # obligations, publications, channels
    "foi",  # disclosure requests
    "assessment",  # indicators, rounds, scores
    "participation",  # ratings and supervisors' reports
    "opinion",  # the 政务舆情回应 ledger (internal: the office and the unit's officers only)
    "interaction",  # 互动交流 messages (the office routes; the unit's officers answer)
    "consultation",  # 征求意见 (the office opens; the drafting unit's officers enter and answer comments)
    "pilot",  # 试点台账 (the office plans; lead and cooperating units' officers report progress and evidence)
    "translations",  # 藏文/彝文 translations of guides, items and notices (officers translate; reviewers approve)
)

# role -> area -> actions. Read it as the district's rule book.
GRANTS: dict[str, dict[str, frozenset[str]]] = {
    Role.OFFICE: {area: ALL for area in AREAS},
    Role.OFFICER: {
        "organizations": frozenset({VIEW, CHANGE}),  # own unit's contact data and service points
        "domains": READ,
        "workdays": READ,
        "catalog": READ,
        "publishing": frozenset({VIEW, ADD, CHANGE}),
        "foi": frozenset({VIEW, ADD, CHANGE}),
        "assessment": READ,
        "participation": READ,
        "opinion": frozenset({VIEW, CHANGE}),  # its own unit's 舆情: answer, hand over, close
        "interaction": frozenset({VIEW, CHANGE}),  # its own unit's messages: answer
        "consultation": frozenset({VIEW, CHANGE}),  # its own unit's consultations: comments, answers
        "pilot": frozenset({VIEW, CHANGE}),  # the pilot tasks its unit leads or cooperates on
        "translations": frozenset({VIEW, CHANGE}),  # enter and correct translations (a reviewer approves)
    },
    Role.REVIEWER: {
        "organizations": READ,
        "domains": READ,
        "workdays": READ,
        "catalog": READ,
        "publishing": frozenset({VIEW, REVIEW}),
        "foi": frozenset({VIEW, REVIEW}),
        "assessment": READ,
        "participation": READ,
        "translations": frozenset({VIEW, REVIEW}),
    },
    # the 舆情 ledger is internal: auditors and supervisors read it only through assessment's figures
    Role.AUDITOR: {area: READ for area in AREAS if area != "opinion"}
    | {"assessment": frozenset({VIEW, ADD, CHANGE})},
    Role.SUPERVISOR: {area: READ for area in AREAS if area not in ("foi", "opinion")}
    | {"participation": frozenset({VIEW, ADD})},
}

# Roles whose power covers every unit; the others act on their own subtree only.
GLOBAL_ROLES = frozenset({Role.OFFICE, Role.AUDITOR, Role.SUPERVISOR})
# Which roles reach the admin site.
STAFF_ROLES = frozenset({Role.OFFICE, Role.OFFICER, Role.REVIEWER, Role.AUDITOR, Role.SUPERVISOR})


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int
    tree_id: int
    lft: int
    rght: int
    #: True for a global role (every unit), unless a token confines it to a subtree.
    everywhere: bool = False

    def covers(self, unit: Unit) -> bool:
        if self.everywhere:
            return True
        return unit.tree_id == self.tree_id and self.lft <= unit.lft and unit.rght <= self.rght


#: The attribute :mod:`core.auth` sets on a token's account: the token's unit (the request is confined to it).
TOKEN_UNIT_ATTR = "portal_token_unit"


def token_unit(user) -> Unit | None:
    """The unit whose API token this request authenticated with, or None (a session or anonymous)."""
    return getattr(user, TOKEN_UNIT_ATTR, None)


def _confine(grants: list[Grant], scope: Unit) -> list[Grant]:
    """The grants cut down to ``scope``'s subtree: a grant over the scope (global, or on a unit above it)
    acts on the scope's subtree only; a grant inside the scope stays; a grant elsewhere is dropped."""
    out = []
    for g in grants:
        if g.covers(scope):
            out.append(Grant(g.role, scope.pk, scope.tree_id, scope.lft, scope.rght))
        elif g.tree_id == scope.tree_id and scope.lft <= g.lft and g.rght <= scope.rght:
            out.append(Grant(g.role, g.unit_id, g.tree_id, g.lft, g.rght))
    return out


def _grants(user) -> list[Grant]:
    """The user's memberships, read once per request and kept on the user object; confined to the token's
    unit when the request came with a unit's API token."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_portal_grants", None)
    if cached is None:
        rows = Membership.objects.filter(user=user, unit__is_active=True).values_list(
            "role", "unit_id", "unit__tree_id", "unit__lft", "unit__rght"
        )
        cached = [Grant(*row, everywhere=row[0] in GLOBAL_ROLES) for row in rows]
        scope = token_unit(user)
        if scope is not None:
            cached = _confine(cached, scope)
        user._portal_grants = cached
    return cached


def forget(user) -> None:
    """Drop the cached grants (after memberships change)."""
    if hasattr(user, "_portal_grants"):
        del user._portal_grants


def roles_of(user) -> set[str]:
    return {g.role for g in _grants(user)}


def is_superuser(user) -> bool:
    """A superuser's unlimited power, never through a unit's token."""
    return bool(getattr(user, "is_superuser", False) and user.is_active and token_unit(user) is None)


def is_office(user) -> bool:
    """The district office acting district-wide (a token confines the account to one subtree: not that)."""
    return is_superuser(user) or any(g.role == Role.OFFICE and g.everywhere for g in _grants(user))


def _granting(user, area: str, action: str) -> list[Grant]:
    return [g for g in _grants(user) if action in GRANTS.get(g.role, {}).get(area, ())]


def can(user, action: str, area: str, unit: Unit | None = None) -> bool:
    """May ``user`` do ``action`` in ``area``, on ``unit`` if given (else on some unit)?"""
    if area not in AREAS:
        raise ValueError(f"unknown area {area!r}")
    if is_superuser(user):
        return True
    grants = _granting(user, area, action)
    if unit is None:
        return bool(grants)
    return any(g.covers(unit) for g in grants)


def has_global(user, action: str, area: str) -> bool:
    """Does the user hold ``action`` in ``area`` for every unit (not just a subtree)?"""
    if is_superuser(user):
        return True
    return any(g.everywhere for g in _granting(user, area, action))


def unit_filter(user, action: str, area: str, prefix: str = "") -> Q:
    """A Q over a unit path (``prefix`` like ``"unit__"``, or ``""`` for Unit itself) that keeps the units
    the user may act on. Use it in query-set scopes: ``Publication.objects.filter(unit_filter(u, VIEW,
    "publishing", "unit__"))``."""
    if has_global(user, action, area):
        return Q()
    q = Q(pk__in=[])
    for g in _granting(user, area, action):
        q |= Q(**{f"{prefix}tree_id": g.tree_id, f"{prefix}lft__gte": g.lft, f"{prefix}rght__lte": g.rght})
    return q


def units_for(user, action: str, area: str):
    """The units the user may do ``action`` on in ``area``."""
    return Unit.objects.filter(unit_filter(user, action, area))


def require(user, action: str, area: str, unit: Unit | None = None) -> None:
    """Raise PermissionDenied unless :func:`can`; services call this before every write."""
    from django.core.exceptions import PermissionDenied

    if not can(user, action, area, unit):
        where = f"「{unit}」" if unit is not None else ""
        raise PermissionDenied(
            _("无权对{where}执行此操作（{area}:{action}）。").format(where=where, area=area, action=action)
        )


# -- citizens' personal data ----------------------------------------------------------------------------------
#: Every field that holds a citizen's personal data: model label -> (area, fields). A model with such a field
#: and no entry here (or in :data:`NOT_PERSONAL_FIELDS`) fails tests/security/test_personal_data.py.
PERSONAL_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "foi.DisclosureRequest": (
        "foi",
        ("applicant_name", "contact_person", "id_number", "phone", "email", "address"),
    ),
    "participation.Rating": ("participation", ("contact",)),
    "participation.Correction": ("participation", ("contact",)),
    "interaction.Message": ("interaction", ("name", "phone", "email")),
    "consultation.Comment": ("consultation", ("name", "contact")),
    "publishing.Subscription": ("publishing", ("email", "phone")),
    # the SMS outbox: a subscriber's or an officer's number; no page shows it (the task sends it)
    "publishing.OutgoingSMS": ("publishing", ("to",)),
}

#: Fields whose names look personal but are not a citizen's personal data, each with the reason.
NOT_PERSONAL_FIELDS: dict[str, str] = {
    "organizations.Unit.contact_person": "单位对外公布的联系人（机构信息，门户公开）",
    "organizations.Unit.phone": "单位对外办公电话（门户公开）",
    "organizations.Unit.email": "单位对外电子邮箱（门户公开）",
    "organizations.Unit.address": "单位办公地址（门户公开）",
    "organizations.ServicePoint.address": "服务点地址（门户公开）",
    "organizations.ServicePoint.phone": "服务点电话（门户公开）",
    "organizations.Membership.phone": "工作人员办公电话（标为公开联系人的在门户公开；后台按单位范围）",
    "catalog.ServiceGuide.contact": "办事指南的咨询电话（门户公开）",
    "catalog.ServiceGuide.supervision": "监督投诉电话（门户公开）",
    "auth.User.email": "工作人员账号邮箱（账号管理仅限政务公开办）",
    "publishing.NoticePreference.mobile": "工作人员本人接收短信的号码（仅本人设置，不在后台列出）",
    "publishing.NoticePreference.email_kinds": "邮件提醒的类型（设置项，不是邮箱）",
    "publishing.NoticePreference.email_mode": "邮件方式（设置项，不是邮箱）",
    "axes.AccessAttempt.ip_address": "登录失败记录的IP（安全日志，仅限政务公开办）",
    "axes.AccessLog.ip_address": "登录记录的IP（安全日志，仅限政务公开办）",
    "axes.AccessFailureLog.ip_address": "登录失败记录的IP（安全日志，仅限政务公开办）",
    "portal.SearchDocument.url": "页面地址（URL），不是通信地址",
    "organizations.PersonalDataRetention.contact_days": "联系方式的保存天数（设置项，不是联系方式）",
    "organizations.HistoricalPersonalDataRetention.contact_days": "保存天数设置的历史（设置项）",
}

#: Besides superusers, who sees the personal data of a record whole: these roles on the unit that handles
#: the record or on a unit above it. The office's role covers every unit (a unit's token: its subtree).
#: Reviewers of the handling unit read a request whole for 保密审查 (third-party and own-information checks);
#: a rating's or a correction's contact is for the follow-up, by the office and the unit's officers. Auditors
#: and supervisors never: their work needs figures and timeliness, not identities.
PERSONAL_DATA_ROLES: dict[str, frozenset[str]] = {
    "foi": frozenset({Role.OFFICE, Role.OFFICER, Role.REVIEWER}),
    "participation": frozenset({Role.OFFICE, Role.OFFICER}),
    # a message's asker is answered by the unit it was routed to and the office
    "interaction": frozenset({Role.OFFICE, Role.OFFICER}),
    # a commenter is known only to the drafting unit's officers and the office
    "consultation": frozenset({Role.OFFICE, Role.OFFICER}),
    "publishing": frozenset({Role.OFFICE}),
}


def _label(model) -> str:
    return model if isinstance(model, str) else model._meta.label


def personal_fields(model) -> tuple[str, ...]:
    """The personal fields of ``model`` (a model, an instance or ``"app.Model"``), () if it holds none."""
    return PERSONAL_FIELDS.get(_label(model), ("", ()))[1]


def may_see_personal_data(user, model, unit: Unit | None = None) -> bool:
    """May ``user`` see the personal data of a ``model`` record handled by ``unit`` whole? With ``unit``
    None: of every record (a list over all units, or a record no unit handles: the office's own)."""
    label = _label(model)
    if label not in PERSONAL_FIELDS:
        return True
    if is_superuser(user):
        return True
    area = PERSONAL_FIELDS[label][0]
    roles = PERSONAL_DATA_ROLES.get(area, frozenset())
    grants = [g for g in _granting(user, area, VIEW) if g.role in roles]
    if unit is None:
        return any(g.everywhere for g in grants)
    return any(g.covers(unit) for g in grants)


def masked(field: str, value) -> str:
    """``value`` of the personal ``field`` as someone without the right sees it: 证件号 330105********1234,
    电话 138****5678, 邮箱 z***@example.cn, 姓名 张*, an address or a free-form contact hidden."""
    value = "" if value is None else str(value).strip()
    if not value:
        return ""
    if field == "id_number":
        return value[:6] + "*" * max(len(value) - 10, 4) + value[-4:] if len(value) > 10 else "*" * len(value)
    if field == "phone":
        return _mask_phone(value)
    if field == "email":
        local, _at, domain = value.partition("@")
        return f"{local[:1]}***@{domain}" if domain else _("（已隐藏）")
    if field in ("applicant_name", "contact_person"):
        return value[:1] + "*" * max(len(value) - 1, 1)
    return _("（已隐藏）")


def _mask_phone(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if len(digits) < 7:
        return "*" * len(value)
    return f"{digits[:3]}****{digits[-4:]}"


_ID_NUMBER = re.compile(r"(?<!\d)\d{6}(?:19|20)\d{2}[01]\d[0-3]\d\d{3}[\dXx](?!\d)")
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}[ -]?\d{7,8}(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def redact_text(text) -> str:
    """A citizen's free text (a comment, a description) with the ID numbers, phone numbers and e-mail
    addresses in it masked, for those who may see the record but not its personal data."""
    text = "" if text is None else str(text)
    text = _ID_NUMBER.sub(lambda m: masked("id_number", m.group()), text)
    text = _MOBILE.sub(lambda m: _mask_phone(m.group()), text)
    text = _LANDLINE.sub(lambda m: _mask_phone(m.group()), text)
    return _EMAIL.sub(lambda m: masked("email", m.group()), text)


def personal_view(user, obj, unit: Unit | None) -> dict[str, str]:
    """The personal fields of ``obj`` as ``user`` may see them: whole, or masked."""
    fields = personal_fields(obj)
    if may_see_personal_data(user, obj, unit):
        return {name: getattr(obj, name) for name in fields}
    return {name: masked(name, getattr(obj, name)) for name in fields}
