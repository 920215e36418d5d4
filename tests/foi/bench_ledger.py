"""Not a test (not collected): timings of the ledger import and the annual report, printed.

Run: .venv/bin/python -m pytest -q -s -p no:cacheprovider tests/foi/bench_ledger.py
"""

import io
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from foi import exports, ledger, report

from .ledgers import make_rows, workbook_bytes


@pytest.mark.django_db
def test_bench_ledger_and_report(d, office):
    for n in (1000, 5000):
        rows = make_rows(n, seed=n)
        for r in rows:
            r["ref"] = f"{r['ref']}-{n}"
        content = workbook_bytes(rows)
        t0 = time.perf_counter()
        result = ledger.import_ledger(user=office, unit=d["dept"], fileobj=io.BytesIO(content))
        t1 = time.perf_counter()
        again = ledger.import_ledger(user=office, unit=d["dept"], fileobj=io.BytesIO(content))
        t2 = time.perf_counter()
        print(
            f"\nledger {n} rows: import {t1 - t0:.2f} s ({result.created} created), "
            f"re-import {t2 - t1:.2f} s ({again.unchanged} unchanged)"
        )
    with CaptureQueriesContext(connection) as queries:
        t0 = time.perf_counter()
        data = report.build(unit=d["gov"], year=2025, district=True)
        t1 = time.perf_counter()
    xlsx = exports.render(data, "xlsx")
    t2 = time.perf_counter()
    pdf = exports.render(data, "pdf")
    t3 = time.perf_counter()
    print(
        f"district report over {sum(data.table3['new'][-1:]) + data.table3['carried'][-1]} requests: "
        f"build {t1 - t0:.3f} s in {len(queries)} queries; xlsx {t2 - t1:.2f} s ({len(xlsx)} B); "
        f"pdf {t3 - t2:.2f} s ({len(pdf)} B)"
    )
