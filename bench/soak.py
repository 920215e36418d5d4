"""Soak and fault test (issue 15): mixed traffic against gunicorn + PostgreSQL + Redis + a Celery worker, with
Redis stopped and started and a web worker and the Celery worker killed during the run. Bounded in time.

    .venv/bin/python bench/soak.py                 # 10 minutes
    .venv/bin/python bench/soak.py --minutes 3     # shorter, on a busy machine

Everything runs on free loopback ports in a throwaway directory (removed at the end): a PostgreSQL 15
cluster (or SOAK_DATABASE_URL, e.g. the one .ci/run started), Redis, gunicorn (2 workers, production
settings: PORTAL_ENV=production, fail-open Redis cache, sessions in the database) and a Celery worker.
Traffic: public pages, search, the API (lists and details), attachments (media served by the web tier through
the permission-checked view), ratings (POST, with CSRF), health checks; officers publish records (through the
publishing services, in this process: the draft → review → publish workflow; their Celery follow-up work goes
through the broker, or the database queue while Redis is down) and reminders are sent every 20 s.

Timeline (fractions of the run): 0.25 Redis stopped · 0.45 Redis started · 0.60 one gunicorn worker SIGKILLed
· 0.70 the Celery worker SIGKILLed and started again. The outage window is Redis-down + 10 s.

Printed at the end: requests by status, 5xx inside/outside the outage window (expected: 0 outside), connection
errors (a killed worker's in-flight requests), publications created = published, Celery work kept while the
broker was down and sent after, reminders handed over and mails delivered (each reminder in one mail), the
exit status is 1 when an expectation fails.
"""

from __future__ import annotations

import argparse
import base64
import collections
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the driver configures Django with the stack's settings
PY = sys.executable
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port}")


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# -- services -------------------------------------------------------------------------------------------------
class Stack:
    def __init__(self, root: Path):
        self.root = root
        self.procs: dict[str, subprocess.Popen] = {}
        self.pg_data = root / "pg"
        self.redis_port = free_port()
        self.web_port = free_port()
        self.env: dict[str, str] = {}

    def as_postgres(self, *cmd):
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *map(str, cmd)],
            check=True,
            cwd="/",
            capture_output=True,
            text=True,
        )

    def start_postgres(self) -> str:
        if os.environ.get("SOAK_DATABASE_URL"):
            return os.environ["SOAK_DATABASE_URL"]
        port = free_port()
        self.pg_data.mkdir()
        shutil.chown(self.root, "postgres")
        shutil.chown(self.pg_data, "postgres", "postgres")
        self.pg_data.chmod(0o700)
        self.as_postgres(
            PG_BIN / "initdb",
            "-D",
            self.pg_data,
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "-U",
            "postgres",
            "--auth-local=trust",
            "--auth-host=trust",
        )
        self.as_postgres(
            PG_BIN / "pg_ctl",
            "-D",
            self.pg_data,
            "-l",
            self.pg_data / "log",
            "-w",
            "-o",
            f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={self.pg_data}"
            " -c fsync=off -c synchronous_commit=off",
            "start",
        )
        psql = [PG_BIN / "psql", "-X", "-q", "-h", "127.0.0.1", "-p", port, "-U", "postgres"]
        self.as_postgres(*psql, "-d", "template1", "-c", "CREATE EXTENSION IF NOT EXISTS pg_trgm")
        self.as_postgres(*psql, "-d", "postgres", "-c", "CREATE DATABASE soak")
        self.pg_port = port
        return f"postgres://postgres@127.0.0.1:{port}/soak"

    def stop_postgres(self):
        if (self.pg_data / "postmaster.pid").exists():
            self.as_postgres(PG_BIN / "pg_ctl", "-D", self.pg_data, "-m", "immediate", "stop")

    def start_redis(self):
        self.procs["redis"] = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.redis_port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.root),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_port(self.redis_port)

    def stop_redis(self):
        proc = self.procs.pop("redis", None)
        if proc:
            proc.kill()
            proc.wait()

    def run(self, *args):
        subprocess.run(
            [PY, "manage.py", *args], cwd=REPO, env=self.env, check=True, stdout=subprocess.DEVNULL
        )

    def start_web(self, workers: int):
        self.procs["web"] = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                "config.wsgi",
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{self.web_port}",
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
                "--error-logfile",
                str(self.root / "gunicorn.log"),
            ],
            cwd=REPO,
            env=self.env,
        )
        wait_port(self.web_port)

    def web_workers(self) -> list[int]:
        master = self.procs["web"].pid
        out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]

    def start_worker(self):
        self.procs["worker"] = subprocess.Popen(
            [
                str(Path(PY).parent / "celery"),
                "-A",
                "config",
                "worker",
                "-l",
                "warning",
                "--concurrency",
                "1",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=REPO,
            env=self.env,
            stdout=open(self.root / "worker.log", "ab"),
            stderr=subprocess.STDOUT,
        )

    def kill_worker(self):
        proc = self.procs.pop("worker")
        for child in subprocess.run(
            ["pgrep", "-P", str(proc.pid)], capture_output=True, text=True
        ).stdout.split():
            os.kill(int(child), signal.SIGKILL)
        proc.kill()
        proc.wait()

    def stop(self):
        for name in ("web", "worker"):
            proc = self.procs.pop(name, None)
            if proc:
                proc.terminate()
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    proc.kill()
        self.stop_redis()
        self.stop_postgres()


# -- traffic --------------------------------------------------------------------------------------------------
class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.rows: list[tuple[float, str, int | str]] = []
        self.latency: list[tuple[float, float]] = []

    def add(self, path: str, status, seconds: float = 0.0):
        with self.lock:
            self.rows.append((time.monotonic(), path, status))
            self.latency.append((time.monotonic(), seconds))


def request(port: int, method: str, path: str, headers=None, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, response.getheaders(), data
    finally:
        conn.close()


def client_loop(port: int, stop: threading.Event, rec: Recorder, seed: int, targets: dict):
    rng = random.Random(seed)
    ip = f"203.0.{seed % 250}.{rng.randint(1, 250)}"
    base = {"X-Forwarded-For": ip, "Host": "127.0.0.1"}
    pages = [
        "/",
        "/units/",
        "/search/?q=" + urllib.parse.quote("公开"),
        "/search/?q=" + urllib.parse.quote("学校"),
        "/api/v1/units/",
        "/api/v1/publications/?page_size=50",
        "/api/v1/obligations/?page_size=100",
        "/api/v1/catalog/items/",
        "/healthz",
    ]
    while not stop.is_set():
        roll = rng.random()
        with targets["lock"]:
            pubs = list(targets["publications"])
            atts = list(targets["attachments"])
        if roll < 0.55 or not pubs:
            path, method, body, headers = rng.choice(pages), "GET", None, dict(base)
        elif roll < 0.75:
            path, method, body, headers = (
                f"/publications/{urllib.parse.quote(rng.choice(pubs))}/",
                "GET",
                None,
                dict(base),
            )
        elif roll < 0.9 and atts:
            path, method, body, headers = f"/attachments/{rng.choice(atts)}/", "GET", None, dict(base)
        else:
            token = secrets.token_hex(16)
            path, method = "/participation/rate/", "POST"
            body = urllib.parse.urlencode(
                {
                    "target_kind": "publication",
                    "target_code": rng.choice(pubs),
                    "value": rng.choice(["good", "bad"]),
                    "next": "/",
                    "csrfmiddlewaretoken": token,
                }
            )
            headers = dict(
                base, Cookie=f"csrftoken={token}", **{"Content-Type": "application/x-www-form-urlencoded"}
            )
        started = time.monotonic()
        try:
            status, _, _ = request(port, method, path, headers, body)
        except (OSError, http.client.HTTPException) as exc:
            status = f"conn:{type(exc).__name__}"
        label = path.split("?")[0] if not path.startswith("/publications/") else "/publications/<idx>/"
        rec.add(label, status, time.monotonic() - started)
        time.sleep(rng.uniform(0.02, 0.15))


# -- the officers and reminders (this process, Django configured with the stack's settings) -------------------
def officers_loop(stop: threading.Event, targets: dict, counts: collections.Counter, errors: list):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import close_old_connections
    from django.utils import timezone

    from organizations.models import Membership, Role
    from publishing import services

    officer = (
        Membership.objects.filter(role=Role.OFFICER, user__is_active=True)
        .select_related("user", "unit")
        .first()
    )
    reviewer = (
        Membership.objects.filter(role__in=[Role.REVIEWER, Role.OFFICE], user__is_active=True)
        .exclude(user=officer.user)
        .select_related("user")
        .first()
    )
    pdf = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    n = 0
    while not stop.is_set():
        n += 1
        try:
            pub = services.create_publication(
                user=officer.user,
                unit=officer.unit,
                title=f"浸泡测试公告{n}",
                body=f"<p>第{n}条</p>",
                formed_on=timezone.localdate(),
            )
            counts["created"] += 1
            att = services.add_attachment(
                user=officer.user, publication=pub, upload=SimpleUploadedFile(f"附件{n}.pdf", pdf)
            )
            pub = services.submit(user=officer.user, publication=pub)
            pub = services.approve(user=reviewer.user, publication=pub)
            pub = services.publish(user=reviewer.user, publication=pub)
            counts["published"] += 1
            with targets["lock"]:
                targets["publications"].append(pub.index_number)
                targets["attachments"].append(att.pk)
        except Exception as exc:  # noqa: BLE001 - counted: publishing must not fail while Redis is down
            errors.append(f"publish {n}: {type(exc).__name__}: {exc}")
        close_old_connections()
        stop.wait(2)


def reminders_loop(stop: threading.Event, counts: collections.Counter, errors: list):
    from django.db import close_old_connections

    from publishing import reminders

    while not stop.wait(20):
        try:
            counts["reminders_handed_over"] += reminders.send_reminders()
        except Exception as exc:  # noqa: BLE001
            errors.append(f"reminders: {type(exc).__name__}: {exc}")
        close_old_connections()


# -- the run --------------------------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="portal-soak-"))
    root.chmod(0o755)
    stack = Stack(root)
    try:
        return run(stack, args)
    finally:
        stack.stop()
        shutil.rmtree(root, ignore_errors=True)


def configure(stack: Stack, database_url: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        PORTAL_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        FIELD_ENCRYPTION_KEYS=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        DATABASE_URL=database_url,
        REDIS_URL=f"redis://127.0.0.1:{stack.redis_port}/0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PORTAL_BASE_URL=f"http://127.0.0.1:{stack.web_port}",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        NUM_PROXIES="1",
        CELERY_TASK_ALWAYS_EAGER="0",
        MEDIA_ROOT=str(stack.root / "media"),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(stack.root / "mail"),
        API_ANON_RATE="100000/min",
        API_HEAVY_RATE="100000/min",
        RATE_SEARCH="100000",
        RATE_RATING="1000",
        RATE_RATING_ANY="100000",
        LOG_LEVEL="ERROR",
    )
    stack.env = env
    os.environ.update(env)
    for key in [k for k in os.environ if k.startswith("PYTEST")]:
        del os.environ[key]


def run(stack: Stack, args) -> int:
    log(f"state in {stack.root}; PostgreSQL, Redis :{stack.redis_port}, gunicorn :{stack.web_port}")
    database_url = stack.start_postgres()
    stack.start_redis()
    configure(stack, database_url)
    log("migrate, collectstatic, load_demo")
    stack.run("migrate", "--noinput")
    stack.run("collectstatic", "--noinput", "-v", "0")
    stack.run("load_demo")
    log("set up; starting gunicorn and the Celery worker")
    import django

    django.setup()
    stack.start_web(args.workers)
    stack.start_worker()
    duration = args.minutes * 60
    rec, counts, errors = Recorder(), collections.Counter(), []
    targets = {"lock": threading.Lock(), "publications": [], "attachments": []}
    stop = threading.Event()
    threads = [
        threading.Thread(target=officers_loop, args=(stop, targets, counts, errors), daemon=True),
        threading.Thread(target=reminders_loop, args=(stop, counts, errors), daemon=True),
    ]
    threads += [
        threading.Thread(target=client_loop, args=(stack.web_port, stop, rec, i, targets), daemon=True)
        for i in range(args.clients)
    ]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    events = [
        (0.25, "redis stop"),
        (0.45, "redis start"),
        (0.60, "kill web worker"),
        (0.70, "kill celery worker"),
    ]
    outage = [None, None]
    kill_at = None
    for fraction, what in events:
        time.sleep(max(0.0, t0 + fraction * duration - time.monotonic()))
        log(what)
        if what == "redis stop":
            stack.stop_redis()
            outage[0] = time.monotonic()
        elif what == "redis start":
            stack.start_redis()
            outage[1] = time.monotonic() + 10
        elif what == "kill web worker":
            workers = stack.web_workers()
            if workers:
                os.kill(workers[0], signal.SIGKILL)
            kill_at = time.monotonic()
        else:
            stack.kill_worker()
            stack.start_worker()
    time.sleep(max(0.0, t0 + duration - time.monotonic()))
    stop.set()
    for t in threads:
        t.join(60)
    log("traffic stopped; draining the queues")
    return account(stack, rec, counts, errors, outage, kill_at)


def drain() -> dict:
    from core.models import OutgoingMail, PendingTask
    from core.tasks import deliver_pending_mail, dispatch_pending
    from publishing import reminders

    dispatched = dispatch_pending.run()
    reminders.send_reminders()
    deliver_pending_mail.run()
    end = time.monotonic() + 60
    while time.monotonic() < end and OutgoingMail.objects.filter(sent_at__isnull=True).exists():
        deliver_pending_mail.run()
        time.sleep(2)
    return {
        "dispatched_after": dispatched,
        "pending_tasks_total": PendingTask.objects.count(),
        "pending_tasks_undispatched": PendingTask.objects.filter(dispatched_at__isnull=True).count(),
    }


def _pick(times: list[float], q: float) -> float | None:
    return round(times[min(len(times) - 1, int(q * len(times)))], 2) if times else None


def phases(rec, outage) -> dict:
    """Requests, errors and latency (median, 95th percentile, max) before, during and after the outage."""
    out = {}
    bounds = {
        "before": (0, outage[0] or float("inf")),
        "redis_down": (outage[0] or 0, outage[1] or 0),
        "after": (outage[1] or float("inf"), float("inf")),
    }
    for name, (lo, hi) in bounds.items():
        rows = [(r, lat) for r, (_, lat) in zip(rec.rows, rec.latency, strict=True) if lo <= r[0] < hi]
        times = sorted(lat for _, lat in rows)
        out[name] = {
            "requests": len(rows),
            "errors": sum(1 for r, _ in rows if isinstance(r[2], str)),
            "5xx": sum(1 for r, _ in rows if isinstance(r[2], int) and r[2] >= 500),
            "p50_s": _pick(times, 0.5),
            "p95_s": _pick(times, 0.95),
            "max_s": times[-1] if times else None,
        }
    return out


def account(stack, rec, counts, errors, outage, kill_at) -> int:
    from core.mail import message_id
    from core.models import OutgoingMail
    from publishing.models import Publication, PublicationStatus, Reminder

    queues = drain()
    by_status = collections.Counter(str(s) for _, _, s in rec.rows)
    in_outage = lambda t: outage[0] is not None and outage[0] <= t <= (outage[1] or t)  # noqa: E731
    near_kill = lambda t: kill_at is not None and kill_at - 1 <= t <= kill_at + 5  # noqa: E731
    five_in = [(p, s) for t, p, s in rec.rows if isinstance(s, int) and s >= 500 and in_outage(t)]
    five_out = [(p, s) for t, p, s in rec.rows if isinstance(s, int) and s >= 500 and not in_outage(t)]
    conn_err = [(p, s) for t, p, s in rec.rows if isinstance(s, str)]
    conn_unexplained = [(p, s) for t, p, s in rec.rows if isinstance(s, str) and not near_kill(t)]
    published = Publication.objects.filter(
        title__startswith="浸泡测试公告", status=PublicationStatus.PUBLISHED
    ).count()
    mails = {m.key: m for m in OutgoingMail.objects.all()}
    files = list((stack.root / "mail").glob("*")) if (stack.root / "mail").exists() else []
    delivered_ids = set()
    for f in files:
        delivered_ids.update(re.findall(r"^Message-ID: (<[^>]+>)", f.read_text(errors="replace"), re.M))
    in_mail = collections.Counter()
    for m in mails.values():
        if m.key.startswith("reminders:"):
            for rid in re.findall(r"R(\d+)", m.body.rsplit("提醒编号", 1)[-1]):
                in_mail[int(rid)] += 1
    emailed = Reminder.objects.filter(emailed=True).count()
    result = {
        "requests": len(rec.rows),
        "by_status": dict(by_status),
        "5xx_in_outage": len(five_in),
        "5xx_outside_outage": len(five_out),
        "connection_errors": len(conn_err),
        "connection_errors_not_at_the_worker_kill": len(conn_unexplained),
        "publications_created": counts["created"],
        "publications_published": published,
        "publishing_errors": errors[:10],
        **queues,
        "reminders_total": Reminder.objects.count(),
        "reminders_unsent": Reminder.objects.filter(sent_at__isnull=True).count(),
        "reminders_emailed": emailed,
        "reminders_in_exactly_one_mail": sum(1 for v in in_mail.values() if v == 1),
        "mails_total": len(mails),
        "mails_unsent": sum(1 for m in mails.values() if m.sent_at is None),
        "mails_delivered_distinct_message_ids": len(delivered_ids & {message_id(k) for k in mails}),
        "mail_files": len(files),
        "outage_seconds": round((outage[1] - 10 - outage[0]), 1) if outage[0] and outage[1] else None,
        "by_phase": phases(rec, outage),
        "5xx_samples": (five_out + five_in)[:10],
        "connection_error_samples": conn_err[:5],
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    checks = {
        "no 5xx outside the outage window": not five_out,
        "no connection errors except at the worker kill (client timeout 60 s)": not conn_unexplained,
        "every publication created was published": counts["created"] == published and not errors,
        "Celery work kept during the outage was sent": queues["pending_tasks_undispatched"] == 0,
        "every reminder handed over": result["reminders_unsent"] == 0,
        "every emailed reminder in exactly one mail": result["reminders_in_exactly_one_mail"] == emailed,
        "every mail delivered": result["mails_unsent"] == 0
        and result["mails_delivered_distinct_message_ids"] == len(mails),
    }
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
