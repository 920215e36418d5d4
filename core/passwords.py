"""Password rules beyond Django's own: a staff password mixes letters and digits (GB/T 22239-2019 level 3)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class LettersAndDigitsValidator:
    def validate(self, password: str | None, user: object = None) -> None:
        if not (re.search(r"[A-Za-z]", password or "") and re.search(r"\d", password or "")):
            raise ValidationError(_("密码须同时包含字母和数字。"), code="password_letters_and_digits")

    def get_help_text(self) -> str:

        return _("密码须同时包含字母和数字。")
