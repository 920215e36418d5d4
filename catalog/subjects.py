"""Map the wording of 公开主体 to the unit kinds that carry the obligation."""

from organizations.models import UnitKind

# (word, kind), checked in order; a wording may name several subjects ("区民政局、各街道").
SUBJECT_WORDS = [
    ("社区", UnitKind.COMMUNITY),
    ("居委会", UnitKind.COMMUNITY),
    ("居民委员会", UnitKind.COMMUNITY),
    ("村委会", UnitKind.VILLAGE),
    ("村民委员会", UnitKind.VILLAGE),
    ("街道", UnitKind.STREET),
    ("乡镇", UnitKind.TOWNSHIP),
    ("镇人民政府", UnitKind.TOWNSHIP),
    ("镇级人民政府", UnitKind.TOWNSHIP),
    ("镇政府", UnitKind.TOWNSHIP),
    ("区人民政府", UnitKind.GOVERNMENT),
    ("县人民政府", UnitKind.GOVERNMENT),
    ("区政府", UnitKind.GOVERNMENT),
    ("学校", UnitKind.INSTITUTION),
    ("中心", UnitKind.INSTITUTION),
    ("局", UnitKind.DEPARTMENT),
    ("办", UnitKind.DEPARTMENT),
    ("委", UnitKind.DEPARTMENT),
    ("分局", UnitKind.DEPARTMENT),
    ("部门", UnitKind.DEPARTMENT),
]

SEPARATORS = "、，,；;/和及与\n"


def subject_kinds(text: str) -> list[str]:
    """The unit kinds a 公开主体 wording names, in the order they appear; [] when none is recognised."""
    parts = [text or ""]
    for sep in SEPARATORS:
        parts = [piece for part in parts for piece in part.split(sep)]
    kinds: list[str] = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        for word, kind in SUBJECT_WORDS:
            if word in part:
                if kind.value not in kinds:
                    kinds.append(kind.value)
                break
    return kinds
