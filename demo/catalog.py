"""Demo catalog loader: the 拱墅区 standard catalog of the 8 active fields, the 救灾 service guides, the 低保 and
临时救助 service guides written for the demo (modelled on the public documents listed in the guides file's
``_sources``), and the first approved edition (idempotent).

Reads ``demo/fixtures/demo_catalog.json`` and ``demo/fixtures/demo_guides.json`` (see their ``_about``). Items are
matched by their stable code, so a re-run updates what changed and leaves the rest (and its history)
alone. When no approved edition exists yet, edition 1 is drafted and submitted by the office user
``office`` and approved by a second office-role account, ``joint_meeting`` (联席会议), which this loader
creates through :mod:`organizations.services` (the system actor): the submitter may not approve his own edition.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.guides import GuideData, MaterialData, StepData, write_guide
from catalog.models import CatalogEdition, Channel, DisclosureItem, EditionStatus, FivePublic, PublishedItem
from catalog.services import BasisRef, ItemData, approve_edition, draft_edition, submit_edition, write_item
from catalog.snapshot import item_data, items_for_snapshot
from domains.models import Domain
from organizations import services as organizations_services
from organizations.models import Membership, Role, Unit

from .loader import FIXTURES

CATALOG_FILE = FIXTURES / "demo_catalog.json"
GUIDES_FILE = FIXTURES / "demo_guides.json"

OFFICE_USERNAME = "office"
JOINT_MEETING_USERNAME = "joint_meeting"
JOINT_MEETING_UNIT = "GS-ZFB"
JOINT_MEETING_TITLE = "区政务公开工作联席会议（目录审核）"
REASON = "演示数据"

TIER_FLAGS = {"区级": "tier_district", "街道级": "tier_street", "社区级": "tier_community"}
AUDIENCE_FLAGS = {"全社会": "audience_public", "特定群体": "audience_specific"}
MODE_FLAGS = {"主动": "mode_proactive", "依申请": "mode_on_request"}
CHANNEL_BY_LABEL = {str(label): value for value, label in Channel.choices}
FIVE_PUBLIC_BY_LABEL = {str(label): value for value, label in FivePublic.choices}
_CHANNEL_RE = re.compile(r"([■□])\s*([^■□]+)")


def read_json(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


# -- rows -> ItemData ----------------------------------------------------------------------------------


def _flags(text: str, names: dict[str, str], code: str, what: str) -> dict[str, bool]:
    chosen = [w.strip() for w in re.split(r"[、，,\s]+", text or "") if w.strip()]
    unknown = [w for w in chosen if w not in names]
    if unknown:
        raise ValueError(f"{code}: unknown {what} {unknown}")
    return {attr: word in chosen for word, attr in names.items()}


def parse_channels(text: str, code: str = "") -> list[tuple[str, bool]]:
    """ "■政府网站 □公开查阅点" -> [("website", True), ("reading_point", False)]."""
    channels = []
    for mark, label in _CHANNEL_RE.findall(text or ""):
        label = label.strip()
        if label not in CHANNEL_BY_LABEL:
            raise ValueError(f"{code}: unknown channel {label!r}")
        channels.append((CHANNEL_BY_LABEL[label], mark == "■"))
    return channels


def _basis_text(refs: list[BasisRef]) -> str:
    return "；".join(
        f"《{r.name}》" + (f"（{r.doc_number}）" if r.doc_number else "") + r.article for r in refs
    )


def row_to_item_data(row: dict, documents: dict, order: int) -> ItemData:
    """One leaf row of demo_catalog.json (its parent's defaults already merged) as ItemData."""
    code = row["code"]
    refs = []
    for key, *article in row.get("bases", []):
        doc = documents[key]
        refs.append(
            BasisRef(
                name=doc["name"],
                issuer=doc.get("issuer", ""),
                doc_number=doc.get("doc_number", ""),
                article=article[0] if article else "",
            )
        )
    negative = bool(row.get("negative_ground"))
    five_public = row.get("five_public", "")
    if five_public and five_public not in FIVE_PUBLIC_BY_LABEL:
        raise ValueError(
            _("%(code)s: unknown 五公开 %(five_public)r") % {"code": code, "five_public": five_public}
        )
    elements = list(row.get("elements", []))
    return ItemData(
        name=row["name"],
        code=code,
        elements=elements,
        content="\n".join(f"●{e}" for e in elements),
        basis_text=row.get("basis_text") or _basis_text(refs),
        bases=refs,
        time_limit_text=row.get("time_limit", ""),
        subject_text=row.get("subject", ""),
        channels=parse_channels(row.get("channels", ""), code),
        **_flags(row.get("audience", "全社会"), AUDIENCE_FLAGS, code, "audience"),
        **_flags(row.get("mode", "" if negative else "主动"), MODE_FLAGS, code, "mode"),
        **_flags(row.get("tiers", ""), TIER_FLAGS, code, "tier"),
        five_public=FIVE_PUBLIC_BY_LABEL.get(five_public, ""),
        form=row.get("form", ""),
        duration=row.get("duration", ""),
        responsible_office=row.get("office", ""),
        is_negative=negative,
        negative_ground=row.get("negative_ground", ""),
        order=order,
    )


def heading_data(row: dict, order: int) -> ItemData:
    """A 一级事项 that groups 二级事项: a heading with no elements of its own."""
    return ItemData(
        name=row["name"], code=row["code"], order=order, audience_public=True, mode_proactive=True, group=True
    )


def catalog_rows(catalog: dict):
    """(domain code, parent code or None, ItemData) for every item, parents before their children."""
    documents = catalog["basis_documents"]
    for field_ in catalog["fields"]:
        for i, top in enumerate(field_["items"], start=1):
            yield field_["domain"], None, heading_data(top, i)
            defaults = top.get("defaults", {})
            for j, child in enumerate(top.get("children", []), start=1):
                yield field_["domain"], top["code"], row_to_item_data({**defaults, **child}, documents, j)


def free_form_codes(catalog: dict) -> set[str]:
    """Items whose time limit is deliberately left as free wording for the office to set by hand."""
    return {
        child["code"]
        for f in catalog["fields"]
        for top in f["items"]
        for child in top.get("children", [])
        if child.get("_free_form")
    }


# -- writing -------------------------------------------------------------------------------------------

_WANTED_KEYS = {
    "name",
    "code",
    "domain_code",
    "parent_code",
    "elements",
    "content",
    "basis_text",
    "bases",
    "time_limit_text",
    "subject_text",
    "channels",
    "audience",
    "mode",
    "tiers",
    "five_public",
    "form",
    "duration",
    "responsible_office",
    "is_negative",
    "negative_ground",
}


def _wanted(domain: Domain, parent_code: str | None, data: ItemData) -> dict:
    """The snapshot fields ``data`` would give, to compare with a stored item."""
    return {
        "name": data.name,
        "code": data.code,
        "domain_code": domain.code,
        "parent_code": parent_code or "",
        "elements": list(data.elements),
        "content": data.content,
        "basis_text": data.basis_text,
        "bases": [(b.name, b.article) for b in data.bases],
        "time_limit_text": data.time_limit_text,
        "subject_text": data.subject_text,
        "channels": [(c, r) for c, r in data.channels],
        "audience": [
            label
            for label, on in (("全社会", data.audience_public), ("特定群体", data.audience_specific))
            if on
        ],
        "mode": [
            label for label, on in (("主动", data.mode_proactive), ("依申请", data.mode_on_request)) if on
        ],
        "tiers": [
            t
            for t, on in (
                ("district", data.tier_district),
                ("street", data.tier_street),
                ("community", data.tier_community),
            )
            if on
        ],
        "five_public": data.five_public,
        "form": data.form,
        "duration": data.duration,
        "responsible_office": data.responsible_office,
        "is_negative": data.is_negative,
        "negative_ground": data.negative_ground,
    }


def _stored(item: DisclosureItem) -> dict:
    data = item_data(item)
    data["bases"] = [(b["name"], b["article"]) for b in data["bases"]]
    data["channels"] = [(c["channel"], c["required"]) for c in data["channels"]]
    return {key: data[key] for key in data if key in _WANTED_KEYS}


def load_items(catalog: dict) -> dict:
    domains = {d.code: d for d in Domain.objects.all()}
    rows = list(catalog_rows(catalog))
    active = {item.code: item for item in items_for_snapshot().filter(code__in=[r[2].code for r in rows])}
    others = {
        item.code: item
        for item in DisclosureItem.objects.filter(code__in=[r[2].code for r in rows]).exclude(code__in=active)
    }
    written: dict[str, DisclosureItem] = {}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for domain_code, parent_code, data in rows:
        domain = domains[domain_code]
        parent = written[parent_code] if parent_code else None
        existing = active.get(data.code)
        if (
            existing is not None
            and existing.order == data.order
            and _stored(existing) == _wanted(domain, parent_code, data)
        ):
            written[data.code] = existing
            counts["unchanged"] += 1
            continue
        item = existing or others.get(data.code)
        if item is not None:
            item._change_reason = "载入演示目录"
        written[data.code] = write_item(domain=domain, parent=parent, data=data, item=item)
        counts["updated" if item is not None else "created"] += 1
    counts["items"] = len(written)
    return counts


def policy_year(today: date) -> int:
    """The year of the demo story's policy documents (their 文号, e.g. 拱民〔year〕5号): the current year from July on,
    the previous one before (the story's documents are published some 160 days before today)."""
    return today.year if today.month > 6 else today.year - 1


def _dated(text: str, today: date) -> str:
    """A guide's text with ``{policy_year}`` (in a 文号 it cites) replaced by the story's year."""
    return text.replace("{policy_year}", str(policy_year(today)))


def load_guides(guides: dict, today: date | None = None) -> dict:
    """Write the guides of ``guides``; a 文号 they cite of the demo's own policies is dated by ``today``."""
    today = today or timezone.localdate()
    defaults = guides.get("defaults", {})
    items = {i.code: i for i in DisclosureItem.objects.filter(code__in=[g["item"] for g in guides["guides"]])}
    steps = 0
    for row in guides["guides"]:
        row = {k: _dated(v, today) if isinstance(v, str) else v for k, v in {**defaults, **row}.items()}
        data = GuideData(
            code=row["code"],
            title=row["title"],
            applicants=row.get("applicants", ""),
            conditions=row.get("conditions", ""),
            basis=row.get("basis", ""),
            fee=row.get("fee", "不收费"),
            total_time_limit=row.get("total_time_limit", ""),
            place=row.get("place", ""),
            contact=row.get("contact", ""),
            supervision=row.get("supervision", ""),
            materials=[
                MaterialData(name=m["name"], copies=m.get("copies", ""), note=m.get("note", ""))
                for m in row["materials"]
            ],
            steps=[
                StepData(
                    name=s["name"],
                    actor=s.get("actor", ""),
                    description=s.get("description", ""),
                    time_limit_text=s.get("time_limit", ""),
                )
                for s in row["steps"]
            ],
        )
        write_guide(item=items[row["item"]], data=data)
        steps += len(data.steps)
    return {"guides": len(guides["guides"]), "steps": steps}


def joint_meeting_user(password: str):
    """The second office-role account that approves editions on behalf of the joint meeting (联席会议), written
    through :mod:`organizations.services` as the system actor (``user=None``)."""
    user = get_user_model().objects.filter(username=JOINT_MEETING_USERNAME).first()
    if user is None:
        user = organizations_services.create_account(
            user=None,
            username=JOINT_MEETING_USERNAME,
            password=password,
            first_name="联席会议",
            email="joint-meeting@gongshu.example.gov.cn",
            reason=REASON,
        )
    unit = Unit.objects.get(code=JOINT_MEETING_UNIT)
    membership = Membership.objects.filter(user=user, unit=unit, role=Role.OFFICE).first()
    if membership is None:
        organizations_services.add_membership(
            user=None, account=user, unit=unit, role=Role.OFFICE, title=JOINT_MEETING_TITLE, reason=REASON
        )
    elif membership.title != JOINT_MEETING_TITLE:
        organizations_services.change_membership(
            user=None, membership=membership, changes={"title": JOINT_MEETING_TITLE}, reason=REASON
        )
    return user


def ensure_edition(meta: dict, office, reviewer) -> tuple[CatalogEdition, bool]:
    """The approved edition in force; edition 1 is drafted, submitted and approved when there is none."""
    current = CatalogEdition.objects.current()
    if current is not None:
        return current, False
    edition = CatalogEdition.objects.exclude(status=EditionStatus.APPROVED).order_by("-number").first()
    if edition is None:
        edition = draft_edition(user=office, title=meta["title"], summary=meta.get("summary", ""))
    if edition.status in (EditionStatus.DRAFT, EditionStatus.RETURNED):
        edition = submit_edition(user=office, edition=edition)
    approver = reviewer if edition.submitted_by_id != reviewer.pk else office
    edition = approve_edition(
        user=approver, edition=edition, comment="经区政务公开工作联席会议审核，同意发布。"
    )
    return edition, True


@transaction.atomic
def load(data: dict) -> dict:
    catalog = read_json(CATALOG_FILE)
    guides = read_json(GUIDES_FILE)
    office = get_user_model().objects.get(username=OFFICE_USERNAME)
    reviewer = joint_meeting_user(data["password"])
    summary = load_items(catalog)
    summary.update(load_guides(guides))
    edition, approved_now = ensure_edition(catalog["edition"], office, reviewer)
    summary["edition"] = edition.number
    summary["edition_approved_now"] = approved_now
    summary["published"] = PublishedItem.objects.filter(edition=edition).count()
    return summary
