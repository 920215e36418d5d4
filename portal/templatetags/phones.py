"""Phone numbers in free text as ``tel:`` links (a service guide's 咨询电话 and 监督投诉, written as sentences).

``{{ text|tel_links }}`` escapes the text and links each phone number it finds — its own ``<a href="tel:…">``
whose href holds only the number's digits and dashes — leaving the words around it plain text. Recognised: a
landline with its area code (0571-88259135, 0571 8825 9135, （0571）88259135), a 400/800 line (400-800-1234),
a mobile number (13812345678, 138-1234-5678), a local number of 7 or 8 digits (88259135) and the 5-digit public
hotlines (12345, 12315, 96345 …). Digits that are part of a longer run, a code (GS-2026-000001), an amount, a
date or a count (12000元, 2024年, 30个工作日) are not phone numbers.
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

_SEP = r"[-－ ]?"
PHONE = re.compile(
    r"(?<![0-9A-Za-z\-－])(?<!\d[.．])(?:"
    rf"(?:[(（]0\d{{2,3}}[)）]|0\d{{2,3}}){_SEP}\d{{3,4}}{_SEP}\d{{4}}"  # landline with its area code
    rf"|[48]00{_SEP}\d{{3}}{_SEP}\d{{4}}"  # 400 / 800
    rf"|1[3-9]\d{_SEP}\d{{4}}{_SEP}\d{{4}}"  # mobile
    r"|[2-9]\d{6,7}"  # local number
    r"|(?:12|9[56])\d{3}"  # public hotlines (12345, 12315, 95598, 96345 …)
    r")(?![0-9A-Za-z]|[.．]\d|\s?[元年月日号条个人户次万千百亿%％岁天名平米吨])"
)


def tel_href(number: str) -> str:
    """The number as a ``tel:`` href keeps: its digits and dashes (full-width dashes as ``-``)."""
    return re.sub(r"[^0-9-]", "", number.replace("－", "-"))


@register.filter(needs_autoescape=True)
def tel_links(value, autoescape=True):
    """The text, escaped, with each phone number in it a ``tel:`` link of its own."""
    text = "" if value is None else str(value)
    esc = conditional_escape if autoescape else (lambda s: s)
    parts, last = [], 0
    for match in PHONE.finditer(text):
        parts.append(esc(text[last : match.start()]))
        parts.append(format_html('<a href="tel:{}">{}</a>', tel_href(match.group()), match.group()))
        last = match.end()
    parts.append(esc(text[last:]))
    return mark_safe("".join(str(p) for p in parts))
