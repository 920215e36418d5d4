"""Build a district (or province) worth of data to measure the portal at scale: ``generate_scale_data``.

    manage.py generate_scale_data --units 1000 --publications 200000 [--years 3] [--seed 1]

On top of the demo district (loaded first when no catalog edition is in force) it adds, deterministically
for a given seed and ``--today``:

* ``--units`` units under the district government: district departments (≈4 %), streets (≈10 %) and their
  communities (the rest), each with a disclosure officer (user + membership) who gets the reminders;
* the 三级清单 of the edition in force for every unit, through the real generator
  (``publishing.services.generate_obligations``);
* ``--publications`` publications spread over ``--years`` years, each fulfilling one obligation of its unit
  (some a second one: 一次上传，多方复用), with due dates from the obligation's time-limit rule, 文号, a few
  政策解读, attachment metadata (no files on disk), publication events, 96 % published, the rest withdrawn,
  drafts or awaiting review; the units' 索引号 counters are advanced past the generated numbers;
* ratings (好差评) on items and publications, and disclosure requests (依申请公开) when the foi app is there.

Bulk paths: the big tables (publications, fulfilments, events, attachments) are written with ``COPY`` on
PostgreSQL and ``executemany`` elsewhere, with ids assigned here, and the sequences reset afterwards; no
``save()``, no signals, no history rows for them (the generator writes its own obligation history). The run
refuses to add a second set of scale units (codes ``SC-…``); start from a fresh database to regenerate.
"""

from __future__ import annotations

import json
import random
import time
from collections import defaultdict
from datetime import date, datetime, timedelta
from datetime import time as dtime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import CatalogEdition, PublishedItem
from organizations.models import KIND_TIER, Membership, Role, Unit, UnitKind
from participation.models import Rating
from publishing import selectors as publishing_selectors
from publishing import services as publishing_services
from publishing.models import (
    Attachment,
    Fulfilment,
    IndexCounter,
    Obligation,
    ObligationStatus,
    Publication,
    PublicationEvent,
    PublicationStatus,
)

PREFIX = "SC"
CHUNK = 5000
SYLLABLES = (
    "米市 和睦 大关 小河 湖墅 拱宸 上塘 半山 康桥 祥符 文晖 潮鸣 天水 武林 长庆 朝晖 石桥 东新 "
    "丁桥 笕桥 九堡 彭埠 四季青 闸弄口 凯旋 采荷 南星 紫阳 清波 湖滨 北山 西溪 翠苑 古荡 蒋村 转塘 "
    "留下 三墩 双浦 袁浦 塘栖 良渚 仁和 径山 瓶窑 崇贤 乔司 星桥 运河 临平 东湖 南苑"
).split()
SUFFIXES = ("东", "西", "南", "北", "新村", "花园", "苑", "里", "坊", "湾")
DEPARTMENTS = (
    "民政局 教育局 卫生健康局 人力资源和社会保障局 住房和城乡建设局 市场监督管理局 财政局 "
    "退役军人事务局 生态环境分局 城市管理局 应急管理局 医疗保障分局 农业农村局 文化和旅游局 "
    "交通运输局 统计局 审计局 司法局 商务局 体育局 水利局 林业局 残疾人联合会 供销合作社"
).split()
SENTENCES = (
    "根据《中华人民共和国政府信息公开条例》和上级有关文件精神，现将有关情况公开如下。",
    "本年度共审核城乡最低生活保障对象{n}户，发放低保金{m}万元，所有资金均通过社会化发放渠道直接打卡到户。",
    "按照“谁制作、谁公开，谁保存、谁公开”的原则，本单位对相关信息进行了保密审查。",
    "如对公示内容有异议，请于公示之日起7个工作日内向{unit}反映，联系电话0571-8825{n:04d}。",
    "特困人员救助供养、临时救助和残疾人两项补贴的申请条件、办理流程和办理时限见办事指南。",
    "征收范围内房屋{n}户，补偿标准按照评估结果确定，安置方式包括货币补偿和产权调换。",
    "本期共完成老旧小区改造{n}个，惠及居民{m}户，涉及加装电梯、雨污分流和停车设施改造。",
    "项目资金来源为区级财政预算安排，实施主体为{unit}，监督电话已在社区公开栏同步公示。",
    "为进一步优化营商环境，{unit}梳理形成了行政许可事项清单，并在政务服务网同步公布。",
    "拆迁补偿安置、公共租赁住房分配和住房保障资格审核结果接受社会监督。",
    "社区居务公开栏每月更新一次，重大事项随时公开，并通过微信公众号同步推送。",
    "本信息自发布之日起施行，有效期{n}年，原有相关规定与本通知不一致的，以本通知为准。",
)
TITLES = (
    "关于{year}年{month}月{item}的公告",
    "{unit}{year}年第{q}季度{item}情况",
    "{item}公示（{year}年第{n}批）",
    "关于印发《{unit}{item}实施办法》的通知",
    "{unit}关于{item}的通知",
)


def _rng_name(rng: random.Random, used: set[str], suffix: str) -> str:
    for _attempt in range(50):
        name = rng.choice(SYLLABLES) + rng.choice(SUFFIXES) + suffix
        if name not in used:
            used.add(name)
            return name
    name = f"{rng.choice(SYLLABLES)}{len(used)}{suffix}"
    used.add(name)
    return name


# -- bulk insert --------------------------------------------------------------------------------------------
def _cell(value) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _sqlite_value(value):
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return value.isoformat()
    return _cell(value) if isinstance(value, dict | list) else value


def insert_rows(model, columns: list[str], rows) -> int:
    """Insert raw rows (tuples in ``columns`` order) in chunks: COPY on PostgreSQL, executemany elsewhere."""
    # Columns not given and not nullable (fields added since this was written) take the field's default.
    extra = [
        (f.column, _cell(f.get_default()))
        for f in model._meta.concrete_fields
        if f.column not in columns and not f.primary_key and not f.null
    ]
    if extra:
        tail = tuple(value for _column, value in extra)
        rows = (tuple(row) + tail for row in rows)
        columns = list(columns) + [column for column, _value in extra]
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    total = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    total += 1
            return total
        sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(columns))})"
        batch = []
        for row in rows:
            batch.append([_sqlite_value(v) for v in row])
            if len(batch) >= CHUNK:
                cursor.executemany(sql, batch)
                total += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            total += len(batch)
    return total


class GinIndexesDeferred:
    """PostgreSQL: drop the GIN indexes of ``models``' tables during a bulk load and build them again after
    (one index build is far cheaper than maintaining a trigram index row by row)."""

    def __init__(self, *models):
        self.tables = [m._meta.db_table for m in models]
        self.definitions: list[tuple[str, str]] = []

    def __enter__(self):
        if connection.vendor != "postgresql":
            return self
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND indexdef ILIKE %s",
                [self.tables, "% USING gin %"],
            )
            self.definitions = cursor.fetchall()
            for name, _definition in self.definitions:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        return self

    def __exit__(self, *exc):
        if not self.definitions:
            return False
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred FK checks first
            for _name, definition in self.definitions:
                cursor.execute(definition)
        return False


def next_id(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def reset_sequences(*models) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


# -- units and officers -------------------------------------------------------------------------------------
def unit_plan(n: int, rng: random.Random, root: Unit, prefix: str = PREFIX) -> list[Unit]:
    """``n`` new units under ``root``: departments (≈4 %), streets (≈10 %) and communities (the rest)."""
    departments = max(1, n * 4 // 100) if n >= 10 else 0
    streets = max(1, n // 10)
    communities = max(0, n - departments - streets)
    used: set[str] = set(Unit.objects.values_list("name", flat=True))
    units = []
    for i in range(departments):
        name = f"区{DEPARTMENTS[i % len(DEPARTMENTS)]}" + (
            f"（{i // len(DEPARTMENTS) + 1}）" if i >= 24 else ""
        )
        units.append(
            Unit(name=name, code=f"{prefix}-D{i:03d}", kind=UnitKind.DEPARTMENT, parent=root, order=i)
        )
    street_units = []
    for i in range(streets):
        kind = UnitKind.STREET if i % 4 else UnitKind.TOWNSHIP
        suffix = "街道办事处" if kind == UnitKind.STREET else "镇人民政府"
        street = Unit(name=_rng_name(rng, used, suffix), code=f"{prefix}-S{i:03d}", kind=kind, parent=root)
        street.order = 100 + i
        street_units.append(street)
    units += street_units
    for i in range(communities):
        street = street_units[i % streets]
        kind = UnitKind.VILLAGE if street.kind == UnitKind.TOWNSHIP else UnitKind.COMMUNITY
        suffix = "村委会" if kind == UnitKind.VILLAGE else "社区居委会"
        units.append(
            Unit(name=_rng_name(rng, used, suffix), code=f"{street.code}-C{i:04d}", kind=kind, parent=street)
        )
    for k, unit in enumerate(units):
        unit.tier = KIND_TIER[UnitKind(unit.kind)]
        unit.short_name = unit.name.replace("街道办事处", "街道").replace("社区居委会", "社区")[:50]
        unit.phone = f"0571-8{k:07d}"[:50]
        unit.latitude = round(30.25 + rng.random() * 0.15, 6)
        unit.longitude = round(120.05 + rng.random() * 0.2, 6)
        unit.lft = unit.rght = unit.level = 0
        unit.tree_id = root.tree_id
    return units


def create_units(n: int, rng: random.Random, prefix: str = PREFIX) -> list[Unit]:
    root = Unit.objects.filter(parent__isnull=True).order_by("tree_id").first()
    if root is None:
        raise CommandError(_("没有区政府单位：请先运行 load_demo。"))
    units = unit_plan(n, rng, root, prefix)
    streets = [u for u in units if u.parent_id == root.pk]
    Unit.objects.bulk_create(streets, batch_size=CHUNK)
    for u in units:
        if u.parent is not None and u.parent in streets:
            u.parent_id = u.parent.pk
    Unit.objects.bulk_create([u for u in units if u.pk is None], batch_size=CHUNK)
    Unit.objects.partial_rebuild(root.tree_id)
    User = get_user_model()
    users = [
        User(
            username=f"scale_{u.code.lower()}", first_name="公开专员", email=f"{u.code.lower()}@scale.example"
        )
        for u in units
    ]
    for user in users:
        user.set_unusable_password()
    User.objects.bulk_create(users, batch_size=CHUNK)
    users = {x.username: x for x in User.objects.filter(username__startswith="scale_")}
    Membership.objects.bulk_create(
        [
            Membership(user=users[f"scale_{u.code.lower()}"], unit=u, role=Role.OFFICER, title="公开专员")
            for u in units
        ],
        batch_size=CHUNK,
    )
    return units


# -- publications -------------------------------------------------------------------------------------------
class Context:
    """What the publication rows are drawn from: obligations by unit, item names, rules."""

    def __init__(self, rng: random.Random, today: date, years: int):
        self.rng, self.today, self.days = rng, today, max(1, years) * 365
        self.names = dict(PublishedItem.objects.current().values_list("item_id", "name"))
        rows = Obligation.objects.filter(status=ObligationStatus.ACTIVE).order_by("pk")
        self.by_unit: dict[int, list[tuple[int, int, dict]]] = defaultdict(list)
        for pk, unit_id, item_id, rule in rows.values_list("pk", "unit_id", "item_id", "rule"):
            self.by_unit[unit_id].append((pk, item_id, rule))
        units = Unit.objects.filter(pk__in=list(self.by_unit)).order_by("pk")
        self.units = {u.pk: u for u in units.only("pk", "code", "name", "short_name", "tier")}
        # Departments publish more than communities: weight by tier.
        weight = {"district": 12, "street": 4, "community": 1}
        self.unit_ids = sorted(self.by_unit)
        self.weights = [weight[self.units[pk].tier] for pk in self.unit_ids]
        self.rules: dict[str, object] = {}
        self.due_cache: dict[tuple[str, date], tuple] = {}

    def periods(self, rule: dict, formed_on: date):
        key = json.dumps(rule, sort_keys=True)
        if (key, formed_on) not in self.due_cache:
            parsed = self.rules.setdefault(key, publishing_selectors.rule_of(rule))
            start = end = None
            if publishing_selectors.is_periodic(parsed):
                start, end = publishing_selectors.period_covered(parsed, formed_on)
            due = publishing_selectors.due_date(parsed, formed_on=formed_on, period_end=end)
            self.due_cache[(key, formed_on)] = (start, end, due)
        return self.due_cache[(key, formed_on)]


def _text(ctx: Context, unit: Unit, item: str, formed_on: date) -> tuple[str, str]:
    rng = ctx.rng
    title = rng.choice(TITLES).format(
        year=formed_on.year,
        month=formed_on.month,
        q=(formed_on.month - 1) // 3 + 1,
        n=rng.randint(1, 12),
        item=item,
        unit=unit.short_name or unit.name,
    )
    paragraphs = []
    for _paragraph in range(rng.randint(2, 5)):
        parts = [
            s.format(n=rng.randint(1, 9999), m=rng.randint(10, 999), unit=unit.name)
            for s in rng.sample(SENTENCES, 3)
        ]
        paragraphs.append("<p>" + "".join(parts) + "</p>")
    return title[:300], f"<p>{item}</p>" + "".join(paragraphs)


def _status(rng: random.Random) -> str:
    """Plain strings (psycopg would write an Enum member by its name)."""
    x = rng.random()
    if x < 0.96:
        return PublicationStatus.PUBLISHED.value
    if x < 0.98:
        return PublicationStatus.WITHDRAWN.value
    return (PublicationStatus.SUBMITTED if x < 0.99 else PublicationStatus.DRAFT).value


class Batch:
    """The rows of one chunk of publications, by table."""

    def __init__(self):
        self.publications, self.fulfilments, self.attachments, self.events = [], [], [], []


PUB_COLS = [
    "id",
    "unit_id",
    "title",
    "body",
    "doc_number",
    "index_number",
    "formed_on",
    "validity",
    "status",
    "publish_at",
    "published_at",
    "superseded_by_id",
    "interprets_id",
    "created_by_id",
    "created_at",
    "updated_at",
]
FUL_COLS = [
    "publication_id",
    "obligation_id",
    "period_start",
    "period_end",
    "due_date",
    "on_time",
    "late_workdays",
]
ATT_COLS = ["publication_id", "file", "original_name", "size", "content_type", "uploaded_at"]
EVT_COLS = ["publication_id", "action", "actor_id", "at", "comment"]


def _fulfil(ctx: Context, batch: Batch, pub_id: int, obligation, formed_on: date, published: datetime | None):
    ob_id, _item, rule = obligation
    start, end, due = ctx.periods(rule, formed_on)
    on_time, late = None, 0
    if due is not None and published is not None:
        day = timezone.localdate(published)
        on_time = day <= due
        late = 0 if on_time else (day - due).days * 5 // 7
    batch.fulfilments.append((pub_id, ob_id, start, end, due, on_time, late))


def publication_rows(ctx: Context, pub_id: int, batch: Batch, counters: dict, recent: dict) -> None:
    """Append one publication (and its fulfilments, attachments, events) to ``batch``."""
    rng = ctx.rng
    unit_id = rng.choices(ctx.unit_ids, ctx.weights)[0]
    unit, obligations = ctx.units[unit_id], ctx.by_unit[unit_id]
    obligation = rng.choice(obligations)
    formed_on = ctx.today - timedelta(days=int(ctx.days * rng.random() ** 1.3))
    status = _status(rng)
    published = None
    if status in (PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN):
        day = min(ctx.today, formed_on + timedelta(days=rng.randint(0, 25)))
        clock = dtime(rng.randint(8, 18), rng.randint(0, 59), rng.randint(0, 59))
        published = timezone.make_aware(datetime.combine(day, clock))
    created = published or timezone.make_aware(datetime.combine(formed_on, dtime(9)))
    counters[(unit_id, formed_on.year)] += 1
    index = f"{unit.code}-{formed_on.year}-{counters[(unit_id, formed_on.year)]:06d}"
    title, body = _text(ctx, unit, ctx.names.get(obligation[1], "公开信息"), formed_on)
    doc = (
        f"{(unit.short_name or unit.name)[:10]}〔{formed_on.year}〕{rng.randint(1, 300)}号"
        if rng.random() < 0.4
        else ""
    )
    interprets = recent.get(unit_id) if rng.random() < 0.03 else None
    if interprets is not None:
        title = "《" + title[:280] + "》政策解读"
    validity = "valid" if rng.random() < 0.9 else rng.choice(("invalid", "repealed"))
    batch.publications.append(
        (pub_id, unit_id, title, body, doc, index, formed_on, validity, status, None, published, None,
         interprets, None, created, published or created)
    )  # fmt: skip
    if status == PublicationStatus.PUBLISHED and interprets is None:
        recent[unit_id] = pub_id
    _fulfil(ctx, batch, pub_id, obligation, formed_on, published)
    if len(obligations) > 1 and rng.random() < 0.15:
        other = rng.choice(obligations)
        if other[0] != obligation[0]:
            _fulfil(ctx, batch, pub_id, other, formed_on, published)
    for k in range(rng.choice((0, 0, 0, 1, 1, 2))):
        name = f"附件{k + 1}.{rng.choice(('pdf', 'pdf', 'docx', 'xlsx'))}"
        batch.attachments.append(
            (pub_id, f"publishing/{unit.code}/{pub_id}/{name}", name, rng.randint(20_000, 3_000_000),
             "application/pdf" if name.endswith("pdf") else "application/octet-stream", created)
        )  # fmt: skip
    batch.events.append((pub_id, "create", None, created - timedelta(days=1), ""))
    if published is not None:
        batch.events.append((pub_id, "publish", None, published, ""))
    if status == PublicationStatus.WITHDRAWN:
        batch.events.append((pub_id, "withdraw", None, published + timedelta(days=30), "信息有误，撤回更正"))


def create_publications(ctx: Context, total: int, report) -> int:
    counters: dict[tuple[int, int], int] = defaultdict(int)
    for unit_id, year, last in IndexCounter.objects.values_list("unit_id", "year", "last"):
        counters[(unit_id, year)] = last
    recent: dict[int, int] = {}
    first = pub_id = next_id(Publication)
    while pub_id < first + total:
        batch = Batch()
        for _row in range(min(CHUNK * 4, first + total - pub_id)):
            publication_rows(ctx, pub_id, batch, counters, recent)
            pub_id += 1
        insert_rows(Publication, PUB_COLS, batch.publications)
        insert_rows(Fulfilment, FUL_COLS, batch.fulfilments)
        insert_rows(Attachment, ATT_COLS, batch.attachments)
        insert_rows(PublicationEvent, EVT_COLS, batch.events)
        report(f"  publications: {pub_id - first:,}/{total:,}")
    IndexCounter.objects.bulk_create(
        [IndexCounter(unit_id=u, year=y, last=n) for (u, y), n in counters.items()],
        update_conflicts=True,
        unique_fields=["unit", "year"],
        update_fields=["last"],
        batch_size=CHUNK,
    )
    reset_sequences(Publication, Fulfilment, Attachment, PublicationEvent)
    return pub_id - first


# -- ratings and requests -----------------------------------------------------------------------------------
def create_ratings(ctx: Context, n: int) -> int:
    rng = ctx.rng
    items = list(PublishedItem.objects.current().values_list("code", "name"))
    pubs = list(
        Publication.objects.published().order_by("-pk").values_list("index_number", "title")[: max(1, n // 2)]
    )
    rows = []
    for k in range(n):
        kind, (code, label) = (
            ("item", rng.choice(items)) if k % 2 or not pubs else ("publication", rng.choice(pubs))
        )
        rows.append(
            Rating(
                target_kind=kind,
                target_code=code,
                target_label=label[:300],
                value="good" if rng.random() < 0.85 else "bad",
                comment="" if rng.random() < 0.8 else "办事指南清楚，材料一次说明白。",
                ip_hash=f"{rng.getrandbits(128):032x}",
            )
        )
    Rating.objects.bulk_create(rows, batch_size=CHUNK)
    return n


def create_requests(ctx: Context, n: int) -> int:
    """Disclosure requests (依申请公开), received and mostly answered; 0 when the foi app is absent."""
    try:
        from foi.models import DisclosureRequest
    except ImportError:
        return 0
    rng, rows = ctx.rng, []
    for k in range(n):
        received = ctx.today - timedelta(days=rng.randint(0, ctx.days))
        replied = received + timedelta(days=rng.randint(3, 28)) if rng.random() < 0.9 else None
        rows.append(
            DisclosureRequest(
                unit_id=rng.choices(ctx.unit_ids, ctx.weights)[0],
                reference=f"SC-{received.year}-{k:06d}",
                tracking_code=f"SC{k:010d}",
                status="closed" if replied else "received",
                channel="online",
                applicant_type="natural",
                applicant_name=f"申请人{k}",
                description="申请公开本社区2023年度低保金发放名单及标准。",
                received_on=received,
                due_date=received + timedelta(days=28),
                result="public" if replied else "",
                replied_on=replied,
            )
        )
    DisclosureRequest.objects.bulk_create(rows, batch_size=CHUNK)
    return n


def refresh_derived(today: date, say=print) -> None:
    """What the services keep up to date on each write, for the rows written in bulk: the obligations'
    stored deadline summary and the search index (each when the project has it)."""
    refresh = getattr(publishing_services, "refresh_deadlines", None)
    if refresh is not None:
        t = time.perf_counter()
        changed = refresh(today=today)
        say(f"deadline summaries: {changed:,} in {time.perf_counter() - t:.1f}s")
    try:
        from portal.search import documents
    except ImportError:
        return
    t = time.perf_counter()
    counts = documents.rebuild()
    say(f"search index: {counts} in {time.perf_counter() - t:.1f}s")


class Command(BaseCommand):
    help = "生成规模测试数据：单位树、三级清单、公开信息（含附件元数据）、好差评和依申请公开申请；可复现。"

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, required=True, help="新增单位数（街道、社区、部门）")
        parser.add_argument("--publications", type=int, required=True, help="公开信息条数")
        parser.add_argument("--years", type=int, default=3, help="公开信息分布的年数（默认 3）")
        parser.add_argument("--seed", type=int, default=1, help="随机种子（默认 1）")
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="基准日期 YYYY-MM-DD")
        parser.add_argument("--ratings", type=int, default=None, help="好差评条数（默认 公开信息数/10）")
        parser.add_argument(
            "--requests", type=int, default=None, help="依申请公开件数（默认 公开信息数/100）"
        )

    def handle(self, *args, **opts):
        if opts["units"] < 0 or opts["publications"] < 0:
            raise CommandError(_("--units 和 --publications 不能为负数。"))
        if Unit.objects.filter(code__startswith=f"{PREFIX}-").exists():
            raise CommandError(_("数据库中已有规模测试单位（SC-…）：请在新数据库上运行。"))
        rng = random.Random(opts["seed"])
        today = opts["today"] or timezone.localdate()
        say = self.stdout.write
        started = time.perf_counter()
        if CatalogEdition.objects.current() is None:
            from demo.loader import load_all

            load_all(report=say)
        t = time.perf_counter()
        with transaction.atomic():
            # The bulk path, not organizations.services (speed: this is a benchmark); bulk_create sends no
            # unit_changed, so the obligations are regenerated explicitly (self.generate, below).
            units = create_units(opts["units"], rng)
        say(f"units: {len(units):,} in {time.perf_counter() - t:.1f}s")
        self.generate(CatalogEdition.objects.current(), today)
        ctx = Context(rng, today, opts["years"])
        t = time.perf_counter()
        with transaction.atomic(), GinIndexesDeferred(Publication):
            made = create_publications(ctx, opts["publications"], say)
        elapsed = time.perf_counter() - t
        say(f"publications: {made:,} in {elapsed:.1f}s ({made / max(elapsed, 1e-9):,.0f}/s)")
        t = time.perf_counter()
        with transaction.atomic():
            ratings = create_ratings(ctx, opts["ratings"] if opts["ratings"] is not None else made // 10)
            requests = create_requests(ctx, opts["requests"] if opts["requests"] is not None else made // 100)
        say(f"ratings: {ratings:,}, requests: {requests:,} in {time.perf_counter() - t:.1f}s")
        refresh_derived(today, say)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        say(self.style.SUCCESS(f"done in {time.perf_counter() - started:.1f}s"))

    def generate(self, edition, today) -> None:
        t = time.perf_counter()
        result = publishing_services.generate_obligations(edition=edition, today=today)
        elapsed = time.perf_counter() - t
        total = Obligation.objects.filter(status=ObligationStatus.ACTIVE).count()
        self.stdout.write(
            f"obligations: {result.created:,} created ({total:,} active) in {elapsed:.1f}s "
            f"({result.created / max(elapsed, 1e-9):,.0f}/s)"
        )
