"""Benchmark the portal's search at scale (not a test): a generated corpus, EXPLAIN, requests per second.

    DATABASE_URL=postgres://portal:portal@127.0.0.1:5444/portal \\
        .venv/bin/python bench/bench_search.py --records 200000 --seconds 20

1. Migrates the database, then tops the index up to ``--records`` generated publication documents (keys
   ``BENCH-…``) built the way real ones are (``portal.search.documents.row``: jieba search-mode segmentation
   of title, 文号, item and body), with realistic titles (城乡低保对象名单公示, 房屋征收补偿方案, 公共租赁住房
   轮候名单 …), units, fields, genres, years and validity. Re-running reuses what is there.
2. Prints EXPLAIN (ANALYZE, BUFFERS) of the match and the ranked query for a two-character word (低保) and
   says whether any sequential scan of portal_searchdocument is left (there must be none on PostgreSQL).
3. Runs a fixed mix of citizens' queries for ``--seconds`` each: through ``portal.search.search`` (count,
   ranked page, facets: what the search page needs) and through the whole view (``GET /search/``, page cache
   emptied before each request, rate limit lifted), and prints requests/s with p50/p95 latencies.

Use a scratch database: the generated documents stay in it.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

QUERIES = [
    "低保",
    "最低生活保障",
    "拆迁补偿",
    "公租房",
    "dibao",
    "拆遷補償",
    "低保 公示",
    "临时救助",
    "医保",
    "招生",
]

UNITS = [
    (f"BU-{n:03d}", f"{name}")
    for n, name in enumerate(
        [
            "区民政局",
            "区住建局",
            "区教育局",
            "区财政局",
            "区医保局",
            "区人社局",
            "湖墅街道办事处",
            "小河街道办事处",
            "米市巷街道办事处",
            "大关街道办事处",
            "上塘街道办事处",
            "和睦街道办事处",
            "拱宸桥街道办事处",
            "祥符街道办事处",
            "康桥街道办事处",
            "半山街道办事处",
        ]
        + [f"第{k}社区居民委员会" for k in range(1, 25)]
    )
]
FIELDS = [
    (
        "social-assistance",
        "社会救助",
        ["城乡低保对象", "最低生活保障资金", "特困人员救助供养", "临时救助", "残疾人两项补贴"],
    ),
    ("housing", "保障性住房", ["公共租赁住房分配", "公租房轮候", "廉租住房保障", "保障性安居工程"]),
    (
        "expropriation",
        "国有土地上房屋征收与补偿",
        ["房屋征收决定", "房屋征收补偿方案", "征收补偿安置", "旧城区改建"],
    ),
    ("education", "义务教育", ["义务教育招生", "学区划分", "学生资助"]),
    ("social-insurance", "社会保险", ["城乡居民医保缴费", "基本养老保险", "社会保险基金"]),
    ("budget", "财政预决算", ["部门预算", "部门决算", "三公经费"]),
    ("procurement", "公共资源交易", ["政府采购项目", "工程招标"]),
]
FORMS = [
    ("名单公示", "notice"),
    ("结果公示", "notice"),
    ("的通知", "circular"),
    ("实施办法", "policy"),
    ("工作方案", "plan"),
    ("情况通报", "circular"),
    ("政策解读", "interpretation"),
    ("公告", "notice"),
    ("工作动态", "other"),
    ("年度报告", "report"),
]
BODY = [
    "根据有关规定，现将{t}情况予以公示，公示期为7个工作日。",
    "如有异议，请在公示期内向{u}反映。",
    "本次共涉及{n}户家庭，资金已按时足额发放到位。",
    "申请人应当如实提供家庭收入、财产状况等材料。",
    "街道和社区对申请家庭进行入户调查并张榜公示。",
    "联系电话：0571-8800{n:04d}。",
    "特此公告。",
]


def setup(database_url: str | None) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def generated_docs(start: int, count: int, seed: int = 1):
    from portal.search.documents import Doc

    rnd = random.Random(seed + start)
    base = datetime(2026, 11, 30, 9, 0)
    for i in range(start, start + count):
        code, unit = rnd.choice(UNITS)
        field_code, field_name, topics = rnd.choice(FIELDS)
        topic = rnd.choice(topics)
        form, genre = rnd.choice(FORMS)
        when = base - timedelta(days=rnd.randrange(0, 3 * 365), minutes=rnd.randrange(0, 600))
        title = f"{unit}{SEP}{when.year}年{when.month}月{SEP}{topic}{form}"
        body = "".join(rnd.choice(BODY).format(t=topic, u=unit, n=rnd.randrange(1, 9999)) for _ in range(5))
        yield Doc(
            key=f"BENCH-{i:07d}",
            url=f"/publications/BENCH-{i:07d}/",
            title=title,
            doc_number=f"拱{unit[1:3]}〔{when.year}〕{rnd.randrange(1, 200)}号" if genre == "policy" else "",
            items=[topic, field_name],
            body=body,
            field_code=field_code,
            field_name=field_name,
            unit_code=code,
            unit_name=unit,
            tiers=["community" if "社区" in unit else "street" if "街道" in unit else "district"],
            year=when.year,
            genre=genre,
            validity=rnd.choices(["valid", "invalid", "repealed"], [90, 7, 3])[0],
            date=when.replace(tzinfo=None),
        )


SEP = "\x1f"


def _memo_segment():
    """jieba segments each run of text between punctuation on its own, so segmenting a generated text phrase
    by phrase (memoized: the phrases repeat) gives the tokens of segmenting it whole, at a fraction of the cost
    on a shared machine. Titles are cut at SEP (unit | date | topic)."""
    from functools import lru_cache

    from portal.search import text

    one = lru_cache(maxsize=200_000)(text.segment)

    def segment(value: str) -> str:
        parts = re.split(r"(?<=[。，；：])|" + SEP, value or "")
        return " ".join(p for p in (one(part) for part in parts if part) if p)

    return segment


def _rows(span: tuple[int, int]) -> list:
    """Segmented rows for generated documents [start, start + count) (runs in a worker process)."""
    from django.utils import timezone

    from portal.search import documents

    documents.text.segment = _SEGMENT
    tz = timezone.get_current_timezone()
    rows = []
    for doc in generated_docs(*span):
        doc.date = timezone.make_aware(doc.date, tz)
        row = documents.row("publication", doc)
        row.title = row.title.replace(SEP, "")
        rows.append(row)
    return rows


_SEGMENT = None


def build_corpus(records: int, workers: int) -> None:
    import multiprocessing

    from django.db import connection

    from portal.models import SearchDocument
    from portal.search import synonyms

    have = SearchDocument.objects.filter(key__startswith="BENCH-").count()
    if have >= records:
        print(f"corpus: {have} generated documents already indexed")
        return
    synonyms.current()  # teach the dictionary before the workers fork
    global _SEGMENT
    _SEGMENT = _memo_segment()
    connection.close()
    t0 = time.perf_counter()
    spans = [(start, min(2000, records - start)) for start in range(have, records, 2000)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for rows in pool.imap(_rows, spans):
            SearchDocument.objects.bulk_create(rows)
            have += len(rows)
            if have % 20000 == 0:
                print(f"  {have} documents, {time.perf_counter() - t0:.0f} s", flush=True)
    print(f"corpus: {have} documents indexed in {time.perf_counter() - t0:.0f} s (segmentation included)")


def explain(word: str) -> None:
    from django.db import connection

    from portal.search import Filters, engine

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE portal_searchdocument")
    parsed = engine.parse(word)
    plans = {
        "match (count)": engine.matching(parsed, Filters()).explain(analyze=True, buffers=True)
        if connection.vendor == "postgresql"
        else engine.matching(parsed, Filters()).explain(),
    }
    be = engine.backend()
    if connection.vendor == "postgresql":
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            engine.facet_rows(engine.matching(parsed, Filters()))
            be.page(engine.SearchDocument.objects.all(), be.expression(parsed.groups), 0, 20)
        names = ["facets and total (one read of the matches)", "ranked page (ts_rank × recency, top 20)"]
        for name, query in zip(names, ctx.captured_queries[-2:], strict=True):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                plans[name] = "\n".join(r[0] for r in cursor.fetchall())
    print(f"\nquery {word!r} → groups {parsed.groups}")
    seq = False
    for name, plan in plans.items():
        print(f"\n--- EXPLAIN {name} ---\n{plan}")
        seq |= "Seq Scan on portal_searchdocument" in plan
    print(f"\nsequential scan of portal_searchdocument: {'YES' if seq else 'no'}")


def timed(label: str, seconds: float, call) -> None:
    latencies, n, end = [], 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        q = QUERIES[n % len(QUERIES)]
        t = time.perf_counter()
        call(q)
        latencies.append(time.perf_counter() - t)
        n += 1
    total = sum(latencies)
    lat = sorted(latencies)
    print(
        f"{label}: {n} requests in {total:.1f} s = {n / total:.1f} requests/s; "
        f"p50 {statistics.median(lat) * 1000:.0f} ms, p95 {lat[int(len(lat) * 0.95) - 1] * 1000:.0f} ms"
    )


def bench(seconds: float) -> None:
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from portal.models import SearchDocument
    from portal.search import engine, search

    print(f"\nindex: {SearchDocument.objects.count()} documents; queries: {', '.join(QUERIES)}")
    for q in QUERIES:
        r = search(q)
        print(f"  {q}: {r.total} matches, top: {r.hits[0].doc.title if r.hits else '—'}")
    timed("portal.search.search (count + ranked page + facets)", seconds, lambda q: search(q))
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": (10**9, 60)}
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()

    def get(q):
        cache.clear()
        response = client.get("/search/", {"q": q})
        assert response.status_code == 200, response.status_code

    timed("GET /search/ (whole view, page cache emptied each time)", seconds, get)
    del engine


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--database-url")
    parser.add_argument("--word", default="低保", help="the two-character word to EXPLAIN")
    parser.add_argument("--workers", type=int, default=2, help="processes segmenting the generated corpus")
    args = parser.parse_args()
    setup(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    build_corpus(args.records, args.workers)
    explain(args.word)
    bench(args.seconds)


if __name__ == "__main__":
    main()
