"""The two minority languages the ethnic townships serve in, and teaching Django about them.

Django ships no locale data for Tibetan (``bo``) or Yi (``ii``); :func:`register` adds them to
``django.conf.locale.LANG_INFO`` at start-up (``TranslationsConfig.ready``) so ``get_language_info``, the
language switch and ``LocaleMiddleware`` accept them. Both have one plural form (``nplurals=1``).
"""

from __future__ import annotations

#: code -> (name in Chinese, name in the language itself)
MINORITY = {
    "bo": ("藏文", "བོད་ཡིག"),
    "ii": ("彝文", "ꆈꌠꉙ"),
}

LANG_INFO = {
    "bo": {"bidi": False, "code": "bo", "name": "Tibetan", "name_local": "བོད་ཡིག"},
    "ii": {"bidi": False, "code": "ii", "name": "Sichuan Yi", "name_local": "ꆈꌠꉙ"},
}


def register() -> None:
    """Add ``bo`` and ``ii`` to Django's table of languages (idempotent)."""
    from django.conf import locale

    for code, info in LANG_INFO.items():
        locale.LANG_INFO.setdefault(code, info)
