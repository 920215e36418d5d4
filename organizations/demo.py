"""Demo district loader: units, service points and one user per role (idempotent)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from .models import Membership, ServicePoint, Unit

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


@transaction.atomic
def load(data: dict) -> dict:
    units_by_code: dict[str, Unit] = {}
    with Unit.objects.delay_mptt_updates():
        for row in data["units"]:
            defaults = {field: row[field] for field in UNIT_FIELDS if field in row}
            defaults["parent"] = units_by_code.get(row["parent"]) if row["parent"] else None
            unit, _ = Unit.objects.update_or_create(code=row["code"], defaults=defaults)
            units_by_code[unit.code] = unit
    for row in data["service_points"]:
        ServicePoint.objects.update_or_create(
            unit=units_by_code[row["unit"]],
            name=row["name"],
            defaults={k: v for k, v in row.items() if k not in {"unit", "name"}},
        )
    User = get_user_model()
    hashed = None  # every demo account has the demo password: hashed once (PBKDF2 is slow on purpose)
    for row in data["users"]:
        user, created = User.objects.get_or_create(
            username=row["username"],
            defaults={"first_name": row["name"], "last_name": "", "email": row["email"]},
        )
        if (user.first_name, user.last_name) != (row["name"], ""):
            # The whole name in first_name: the admin greets "欢迎，联席会议", not a name cut after its first
            # character (which suits neither 联席会议 nor a two-character surname such as 欧阳).
            user.first_name, user.last_name = row["name"], ""
            user.save(update_fields=["first_name", "last_name"])
        if created:
            hashed = hashed or make_password(data["password"])
            user.password = hashed
            user.save()
        Membership.objects.update_or_create(
            user=user,
            unit=units_by_code[row["unit"]],
            role=row["role"],
            defaults={
                "title": row.get("title", ""),
                "is_public_contact": row.get("public", False),
                "phone": units_by_code[row["unit"]].phone,
            },
        )
    return {"units": len(units_by_code), "users": len(data["users"])}
