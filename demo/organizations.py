"""Demo district loader: units, service points and one user per role (idempotent).

Every write goes through :mod:`organizations.services` as the *system actor* (``user=None``): the loader
runs from a management command, with no request and no person behind it.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from organizations import services
from organizations.models import Membership, ServicePoint, Unit

UNIT_FIELDS = (
    "name",
    "short_name",
    "kind",
    "order",
    "phone",
    "email",
    "address",
    "latitude",
    "longitude",
    "office_hours",
    "sectors",
    "aliases",
)
SYSTEM = None  # the system actor of organizations.services (no request involved)


def _decimal(value):
    """Coordinates as the JSON has them (a float) → the decimal the model stores, digit for digit."""
    return Decimal(str(value)) if isinstance(value, float) else value


def _load_units(rows) -> dict[str, Unit]:
    units_by_code: dict[str, Unit] = {}
    stored = {u.code: u for u in Unit.objects.filter(code__in=[row["code"] for row in rows])}
    with Unit.objects.delay_mptt_updates():
        for row in rows:
            values = {field: _decimal(row[field]) for field in UNIT_FIELDS if field in row}
            values["parent"] = units_by_code.get(row["parent"]) if row["parent"] else None
            unit = stored.get(row["code"])
            if unit is None:
                unit = services.create_unit(
                    user=SYSTEM, data={**values, "code": row["code"]}, reason="演示数据"
                )
            else:
                services.change_unit(user=SYSTEM, unit=unit, changes=values, reason="演示数据")
            units_by_code[unit.code] = unit
    return units_by_code


def _load_service_points(rows, units_by_code: dict[str, Unit]) -> None:
    for row in rows:
        unit = units_by_code[row["unit"]]
        values = {k: _decimal(v) for k, v in row.items() if k not in {"unit", "name"}}
        point = ServicePoint.objects.filter(unit=unit, name=row["name"]).first()
        if point is None:
            data = {**values, "unit": unit, "name": row["name"]}
            services.create_service_point(user=SYSTEM, data=data, reason="演示数据")
        else:
            services.change_service_point(user=SYSTEM, point=point, changes=values, reason="演示数据")


def _load_account(row, password: str, hashed: list):
    account = get_user_model().objects.filter(username=row["username"]).first()
    # The whole name in first_name: the admin greets "欢迎，联席会议", not a name cut after its first
    # character (which suits neither 联席会议 nor a two-character surname such as 欧阳).
    if account is None:
        if not hashed:  # every demo account has the demo password: hashed once (PBKDF2 is slow on purpose)
            hashed.append(make_password(password))
        return services.create_account(
            user=SYSTEM,
            username=row["username"],
            password_hash=hashed[0],
            first_name=row["name"],
            email=row["email"],
            reason="演示数据",
        )
    services.change_account(
        user=SYSTEM, account=account, changes={"first_name": row["name"], "last_name": ""}, reason="演示数据"
    )
    return account


@transaction.atomic
def load(data: dict) -> dict:
    units_by_code = _load_units(data["units"])
    _load_service_points(data["service_points"], units_by_code)
    hashed: list[str] = []
    for row in data["users"]:
        account = _load_account(row, data["password"], hashed)
        unit = units_by_code[row["unit"]]
        values = {
            "title": row.get("title", ""),
            "is_public_contact": row.get("public", False),
            "phone": unit.phone,
        }
        membership = Membership.objects.filter(user=account, unit=unit, role=row["role"]).first()
        if membership is None:
            services.add_membership(
                user=SYSTEM, account=account, unit=unit, role=row["role"], reason="演示数据", **values
            )
        else:
            services.change_membership(user=SYSTEM, membership=membership, changes=values, reason="演示数据")
    return {"units": len(units_by_code), "users": len(data["users"])}
