"""``manage.py field_keys``: the keys of the personal data encrypted at rest (core/crypto.py).

* ``--new`` prints a new Fernet key (put it first in FIELD_ENCRYPTION_KEYS to start a rotation);
* ``--rotate`` re-encrypts every encrypted value of every model with the first key, in batches, and prints how
  many; afterwards the old keys may be dropped from FIELD_ENCRYPTION_KEYS;
* ``--check`` decrypts every value with the keys configured and prints how many were read (a dropped key fails).
"""

from collections.abc import Iterator
from typing import Any

from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from core import crypto


def encrypted_fields() -> Iterator[tuple[Any, list[str]]]:
    """(model, [field names]) of every installed model with encrypted fields."""
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, crypto.EncryptedCharField)]
        if names:
            yield model, names


class Command(BaseCommand):
    help = "加密存储的个人信息的密钥：生成新密钥、按首个密钥重新加密（轮换）、检查可否解密。"

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--new", action="store_true", help="打印一个新密钥")
        group.add_argument("--rotate", action="store_true", help="用首个密钥重新加密全部个人信息")
        group.add_argument("--check", action="store_true", help="检查全部个人信息可否用已配置的密钥解密")

    def handle(self, *args: Any, new: bool, rotate: bool, check: bool, **options: Any) -> None:

        if new:
            self.stdout.write(Fernet.generate_key().decode())
            return
        for model, names in encrypted_fields():
            done = 0
            pk = model._meta.pk.name
            for chunk_start in range(0, model.objects.count(), 500):
                with transaction.atomic():
                    rows = list(model.objects.order_by(pk).only(pk, *names)[chunk_start : chunk_start + 500])
                    if rotate:
                        # the value as read is plain text: saving it encrypts it with the first key
                        model.objects.bulk_update(rows, names)
                done += len(rows)
            label = _("已重新加密") if rotate else _("可解密")
            self.stdout.write(f"{model._meta.label}: {label} {done} 行（{'、'.join(names)}）")
