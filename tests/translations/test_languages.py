"""Django learns bo and ii at start-up; the compiled catalogs say what their .po files say."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]


def po_entries(path: Path) -> dict[str, str]:
    """msgid → msgstr of a .po file (single-line entries, as these catalogs are written)."""
    text = path.read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"$', text, flags=re.M)
    return {mid: mstr for mid, mstr in pairs if mid}


@pytest.mark.parametrize("code", ["bo", "ii"])
def test_the_languages_are_known_to_django(code):
    assert code in dict(settings.LANGUAGES)
    info = translation.get_language_info(code)
    assert info["code"] == code and info["bidi"] is False
    assert translation.check_for_language(code)


@pytest.mark.parametrize("code", ["bo", "ii"])
def test_the_compiled_catalog_matches_its_source_and_has_one_plural_form(code):
    folder = ROOT / "locale" / code / "LC_MESSAGES"
    source = po_entries(folder / "django.po")
    assert source, "the catalog lists the public pages' strings"
    with (folder / "django.mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    assert compiled.info()["plural-forms"].replace(" ", "") == "nplurals=1;plural=0;"
    for msgid, msgstr in source.items():
        assert compiled.gettext(msgid) == (msgstr or msgid), msgid


def test_the_interface_speaks_tibetan_where_the_catalog_has_it():
    source = po_entries(ROOT / "locale" / "bo" / "LC_MESSAGES" / "django.po")
    with translation.override("bo"):
        assert translation.gettext("服务地图") == source["服务地图"]
        assert "\u0f00" <= translation.gettext("搜索")[0] <= "\u0fff"
        assert translation.ngettext("条", "条", 3) == "条"  # one plural form; unknown strings stay Chinese
    with translation.override("zh-hans"):
        assert translation.gettext("服务地图") == "服务地图"
