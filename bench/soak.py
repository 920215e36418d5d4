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

Hostile clients (issue 28), for the whole run next to that traffic (``Hostile``):

* control characters (NUL, U+0001–U+001F, U+007F) in paths, query strings and form fields of the public pages,
  the forms, the API's details and the sign-in: 400 or 404, never 5xx;
* sign-ins and a public page with a forged ``X-Forwarded-For`` (``unknown``, ``host:port``, garbage);
* double submits: the FOI application, 网站纠错, a subscription and a 好差评 rating, each form read as a browser
  reads it (GET: csrftoken cookie, hidden fields) and POSTed twice at once from one address; after the run the
  rows carrying the pair's marker are counted: one per pair, a duplicate fails the run;
* wrong passwords for ``office`` from many addresses (X-Forwarded-For: the soak trusts one proxy,
  NUM_PROXIES=1), then the right one from its usual address (must sign in) and from a new address (may be
  held back by the account's delay, ``Retry-After``; must sign in after it);
* signed in as the office: ``/admin/foi/disclosurerequest/abc/`` (and its change/history/delete pages);
* five uploads through the admin's catalog import of a workbook whose zip declares 1 KB / 70 MB for a sheet
  that unpacks to 1 GiB: refused, never 5xx; the gunicorn workers' VmRSS is sampled every 0.25 s.

Printed at the end: requests by status, 5xx inside/outside the outage window (expected: 0 outside), connection
errors (a killed worker's in-flight requests), publications created = published, Celery work kept while the
broker was down and sent after, reminders handed over and mails delivered (each reminder in one mail), and the
``hostile`` section (requests and statuses per kind, 5xx with the request, double submits and duplicates, the
office's sign-ins, the uploads with the workers' RSS); the exit status is 1 when an expectation fails, a
hostile 5xx (at any time) or a duplicate included.
"""

from __future__ import annotations

import argparse
import base64
import collections
import datetime
import html.parser
import http.client
import http.cookies
import io
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import zipfile
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

    def run(self, *args, **env):
        """``manage.py *args`` with the stack's environment (``env`` overrides some of it)."""
        subprocess.run(
            [PY, "manage.py", *args], cwd=REPO, env={**self.env, **env}, check=True, stdout=subprocess.DEVNULL
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
            stdout=open(self.root / "web.log", "ab"),  # the app's log (server errors: server_errors())
            stderr=subprocess.STDOUT,
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


# -- hostile clients (issue 28) --------------------------------------------------------------------------------
DEMO_PASSWORD = "demo2025"  # demo/fixtures/demo_district.json: every demo account's password
#: The office's usual desk: it signs in from here before the attack starts (an address it signed in from).
DESK_IP = "10.77.0.1"

#: GETs with a control character in the path or the query string: 400 (core.middleware) or 404, never 5xx.
CONTROL_PATHS = [
    "/search/?q=%00",
    "/search/?q=a%01b",
    "/search/?q=%E5%85%AC%1B%E5%BC%80",
    "/units/a%00b/",
    "/units/a%1Fb/",
    "/units/GS/feed/?q=%00",
    "/items/%00/",
    "/items/a%7Fb/",
    "/publications/%00/",
    "/publications/a%08b/",
    "/gk/catalog/?field=%00",
    "/foi/helper/?q=%00",
    "/foi/status/%00/",
    "/participation/correction/status/?code=%00",
    "/channels/subscribe/?item=%00",
    "/channels/subscribe/?unit=%0B",
    "/api/v1/units/%00/",
    "/api/v1/publications/%00/",
    "/api/v1/catalog/items/%00/",
    "/api/v1/fields/%00/",
    "/api/v1/service-points/%00/",
    "/api/v1/obligations/%00/",
    "/api/v1/foi/reports/%00/",
    "/api/v1/publications/?search=%00",
]
#: POSTs of the public forms (and the sign-in) with a control character in one field.
CONTROL_FORMS = [
    ("/participation/correction/", {"kind": "wrong", "description": "错\x00字", "page_url": "/"}),
    ("/participation/rate/", {"target_kind": "unit", "target_code": "GS\x00", "value": "good", "next": "/"}),
    ("/channels/subscribe/", {"email": "a\x00@example.org", "unit": "GS"}),
    ("/channels/subscribe/", {"email": "a@example.org", "item": "\x00"}),
    (
        "/foi/apply/",
        {
            "applicant_type": "natural",
            "name": "张\x08三",
            "id_type": "id_card",
            "id_number": "330105199001011234",
            "phone": "13800000000",
            "description": "请公开\x7f预算",
            "form": "electronic",
            "delivery": "online",
        },
    ),
    ("/foi/status/", {"code": "ABCD\x00", "secret": "x"}),
    ("/admin/login/", {"username": "office\x00", "password": "x"}),
]
#: X-Forwarded-For values that are not an address (the soak's NUM_PROXIES=1 trusts the right-most entry).
GARBAGE_XFF = [
    "unknown",
    "garbage",
    "unknown, unknown",
    "203.0.113.7, unknown",
    "1.2.3.4:8080",
    "[::1]:443",
    "999.999.999.999",
    "::ffff:not-an-ip",
    "",
    "a" * 400,
    "%00",
]
#: Signed in as the office: a primary key that is not a number.
ADMIN_BAD_PK = [
    "/admin/foi/disclosurerequest/abc/",
    "/admin/foi/disclosurerequest/abc/change/",
    "/admin/foi/disclosurerequest/abc/history/",
    "/admin/foi/disclosurerequest/abc/delete/",
]
IMPORT_PAGE = "/admin/catalog/disclosureitem/import/"
#: The lying workbook: one member really unpacks to LIE_REAL_BYTES; the zip declares each of these sizes.
LIE_REAL_BYTES = 1 << 30
LIE_DECLARED = [1000, 70 * 1024 * 1024]
#: A worker may hold one member within the app's limit (80 MB) while it reads it; more is not "bounded".
RSS_GROWTH_LIMIT_MB = 240


class FormReader(html.parser.HTMLParser):
    """The forms of a page as a browser sees them: action, method, the values it would send (hidden fields,
    text, selected options, checked boxes, textareas) and the options of each select / radio group."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.forms.append(
                {
                    "action": a.get("action", ""),
                    "method": a.get("method", "get").lower(),
                    "fields": {},
                    "options": {},
                }
            )
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                form["options"].setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    form["fields"][name] = a.get("value", "on")
            else:
                form["fields"][name] = a.get("value", "")
        elif tag == "select" and name:
            self._select = name
            form["options"].setdefault(name, [])
        elif tag == "option" and self._select:
            form["options"][self._select].append(a.get("value", ""))
            if "selected" in a or self._select not in form["fields"]:  # a browser sends the first one
                form["fields"][self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            form["fields"][name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def find_form(page: bytes, action: str) -> dict | None:
    """The POST form of ``page`` that posts to ``action`` (or to the page itself)."""
    reader = FormReader()
    reader.feed(page.decode("utf-8", "replace"))
    posts = [f for f in reader.forms if f["method"] == "post"]
    for form in posts:
        if form["action"] and urllib.parse.urlsplit(form["action"]).path == action:
            return form
    return next((f for f in posts if not f["action"]), None)


def first_choice(form: dict, name: str) -> str:
    return next((v for v in form["options"].get(name, []) if v), "")


def error_text(page: bytes) -> str:
    """The form's errors (or the page's first message), for a report."""
    text = page.decode("utf-8", "replace")
    found = re.findall(r'<ul class="errorlist[^"]*">(.*?)</ul>', text, re.S)
    found = found or re.findall(r'<div class="module import-errors">(.*?)</div>', text, re.S)
    found = found or re.findall(r'<li class="(?:error|warning)">(.*?)</li>', text, re.S)
    found = found or re.findall(
        r'<(?:span|div|p) class="(?:field-error|errornote)"[^>]*>(.*?)</(?:span|div|p)>', text, re.S
    )
    return re.sub(r"<[^>]+>|\s+", " ", " ".join(found))[:200].strip()


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = "----soak" + secrets.token_hex(12)
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(str(value).encode() + b"\r\n")
    for name, (filename, data, content_type) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
        )
        out.write(data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def lying_workbook(real: int, declared: int) -> bytes:
    """An xlsx whose one sheet really unpacks to ``real`` bytes while the zip (central directory and local
    header) declares ``declared`` (issue 28.2's probe file). Written as a stream: ``real`` bytes are never held."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    member = "xl/worksheets/sheet1.xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{rels}"><sheets>'
            f'<sheet name="义务教育" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        head, tail = f'<worksheet xmlns="{main}"><sheetData/><!--'.encode(), b"--></worksheet>"
        with archive.open(member, "w") as out:
            out.write(head)
            left, chunk = real - len(head) - len(tail), b" " * (1 << 20)
            while left > 0:
                out.write(chunk[:left])
                left -= len(chunk)
            out.write(tail)
    data = bytearray(buffer.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(member)
    struct.pack_into("<I", data, info.header_offset + 22, declared)  # local header: uncompressed size
    central = data.find(b"PK\x01\x02")
    while central != -1:
        (name_len,) = struct.unpack_from("<H", data, central + 28)
        if data[central + 46 : central + 46 + name_len] == member.encode():
            struct.pack_into("<I", data, central + 24, declared)  # central directory: uncompressed size
            break
        central = data.find(b"PK\x01\x02", central + 4)
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(member).file_size == declared
    return bytes(data)


def id_number(seq: int) -> str:
    """A well-formed resident ID number: a real birth date (1990-01-01 plus ``seq`` days) and the GB 11643 check
    digit. (Its earlier form put the sequence in the day of birth, 19900100: refused by the form, and counted lost.)"""
    born = datetime.date(1990, 1, 1) + datetime.timedelta(days=seq % 10000)
    body = f"330105{born:%Y%m%d}{seq % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def vm_rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Browser:
    """One visitor: an address (sent as X-Forwarded-For, which the soak's NUM_PROXIES=1 trusts) and a cookie
    jar; it reads a form as a browser does (GET: the csrftoken cookie, the hidden fields) and posts it back."""

    def __init__(self, port: int, ip: str | None):
        self.port, self.ip, self.cookies = port, ip, {}

    def headers(self, extra: dict | None = None) -> dict:
        headers = {"Host": "127.0.0.1", "User-Agent": "soak-hostile"}
        if self.ip is not None:
            headers["X-Forwarded-For"] = self.ip
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {**headers, **(extra or {})}

    def keep(self, headers) -> None:
        for name, value in headers:
            if name.lower() != "set-cookie":
                continue
            jar = http.cookies.SimpleCookie()
            jar.load(value)
            for key, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = morsel.value

    def send(self, method: str, path: str, body=None, content_type: str | None = None):
        extra = {"Content-Type": content_type} if content_type else {}
        status, headers, data = request(self.port, method, path, self.headers(extra), body)
        self.keep(headers)
        return status, {k.lower(): v for k, v in headers}, data


class Hostile:
    """The hostile loops of issue 28, run for the whole soak next to the ordinary traffic; what they sent and
    got back, per kind, is the summary's ``hostile`` section."""

    def __init__(self, stack: Stack, stop: threading.Event, targets: dict, duration: float):
        self.stack, self.port, self.stop, self.targets = stack, stack.web_port, stop, targets
        self.t0, self.duration = time.monotonic(), duration  # t0: set again when the traffic starts
        self.run_id = secrets.token_hex(3)
        self.lock = threading.Lock()
        self.sent: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        self.bad: list[dict] = []  # 5xx and connection errors: the request and the response
        self.pairs: list[dict] = []
        self.logins: dict[str, list] = collections.defaultdict(list)
        self.uploads: list[dict] = []
        self.rss_max = (0, 0, 0.0)  # kB, pid, seconds into the run
        self.uploading: dict | None = None
        self.ips = iter(range(1, 10**6))
        self.workbooks = [(declared, lying_workbook(LIE_REAL_BYTES, declared)) for declared in LIE_DECLARED]

    # -- bookkeeping ------------------------------------------------------------------------------------------
    def at(self) -> float:
        return round(time.monotonic() - self.t0, 1)

    def fresh_ip(self, net: str) -> str:
        with self.lock:
            n = next(self.ips)
        return f"{net}.{n // 250 % 250}.{n % 250 + 1}"

    def record(self, kind: str, method: str, path: str, status, data: bytes = b"", **more) -> None:
        with self.lock:
            self.sent[kind][f"{method} {status}"] += 1
            if isinstance(status, str) or status >= 500:
                self.bad.append(
                    {
                        "kind": kind,
                        "method": method,
                        "path": path,
                        "status": status,
                        "at_s": self.at(),
                        "t": time.monotonic(),
                        "body": data[:300].decode("utf-8", "replace"),
                        **more,
                    }
                )

    def call(self, kind: str, browser: Browser, method: str, path: str, body=None, content_type=None):
        try:
            status, headers, data = browser.send(method, path, body, content_type)
        except (OSError, http.client.HTTPException) as exc:
            status, headers, data = f"conn:{type(exc).__name__}", {}, b""
        shown = (
            path if body is None or isinstance(body, bytes) and len(body) > 2000 else f"{path} {body!r:.200}"
        )
        self.record(kind, method, shown, status, data, xff=browser.ip)
        return status, headers, data

    # -- forms --------------------------------------------------------------------------------------------------
    def post_form(self, kind: str, browser: Browser, page: str, action: str, values: dict):
        """GET ``page``, fill its form with ``values`` and POST it, as a browser does."""
        status, _, data = self.call(kind, browser, "GET", page)
        form = find_form(data, action) if status == 200 else None
        if form is None:
            return status, {}, b""
        fields = {**form["fields"], **values}
        body = urllib.parse.urlencode(fields)
        return self.call(kind, browser, "POST", action, body, "application/x-www-form-urlencoded")

    def sign_in(self, kind: str, browser: Browser, username: str, password: str):
        """(status, headers, signed in?)"""
        status, headers, _ = self.post_form(
            kind, browser, "/admin/login/", "/admin/login/", {"username": username, "password": password}
        )
        ok = (
            status == 302
            and "sessionid" in browser.cookies
            and "/admin/login/" not in headers.get("location", "")
        )
        return status, headers, ok

    def office(self) -> Browser:
        browser = Browser(self.port, DESK_IP)
        status, _, ok = self.sign_in(
            "sign-in: office at its usual address (setup)", browser, "office", DEMO_PASSWORD
        )
        if not ok:
            raise RuntimeError(f"the office could not sign in before the attack: {status}")
        return browser

    # -- 1. control characters, forged addresses, a non-numeric primary key in the admin ------------------------
    def probe_loop(self, office: Browser):
        rng = random.Random(28)
        probes = [("GET", p) for p in CONTROL_PATHS] + [("POST", f) for f in CONTROL_FORMS]
        probes += [("XFF", x) for x in GARBAGE_XFF] + [("ADMIN", p) for p in ADMIN_BAD_PK]
        while not self.stop.is_set():
            for what, arg in rng.sample(probes, len(probes)):
                if self.stop.is_set():
                    return
                if what == "GET":
                    self.call(
                        "control characters: GET path/query",
                        Browser(self.port, self.fresh_ip("198.51")),
                        "GET",
                        arg,
                    )
                elif what == "POST":
                    path, fields = arg
                    token = secrets.token_hex(16)
                    browser = Browser(self.port, self.fresh_ip("198.51"))
                    browser.cookies["csrftoken"] = token
                    body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token})
                    self.call(
                        "control characters: POST form field",
                        browser,
                        "POST",
                        path,
                        body,
                        "application/x-www-form-urlencoded",
                    )
                elif what == "XFF":
                    browser = Browser(self.port, arg)
                    self.sign_in(
                        "sign-in: forged X-Forwarded-For", browser, "admin", "wrong-" + secrets.token_hex(4)
                    )
                    self.call(
                        "forged X-Forwarded-For: public page",
                        Browser(self.port, arg),
                        "GET",
                        "/search/?q=%E5%85%AC%E5%BC%80",
                    )
                else:
                    status, headers, _ = self.call(
                        "admin as office: /admin/foi/disclosurerequest/abc/…", office, "GET", arg
                    )
                    if "/admin/login/" in headers.get("location", ""):
                        self.record("admin as office: session lost, signed in again", "GET", arg, status)
                        office = self.office()
                self.stop.wait(rng.uniform(0.1, 0.35))

    # -- 2. double submits: two identical POSTs at once ------------------------------------------------------
    def pair_values(self, kind: str, form: dict, marker: str, seq: int) -> dict:
        email = f"{marker.lower()}@example.org"
        if kind == "FOI application":
            return {
                "unit": first_choice(form, "unit"),
                "applicant_type": "natural",
                "name": "浸泡测试申请人",
                "id_type": "id_card",
                "id_number": id_number(seq),
                "phone": "13800000000",
                "email": email,
                "description": f"{marker} 请公开本单位2025年部门预算及其说明",
                "website": "",
            }
        if kind == "网站纠错":
            return {
                "kind": first_choice(form, "kind"),
                "description": f"{marker} 页面上的办公电话有误",
                "contact": "",
            }
        if kind == "subscription":
            return {"email": email, "phone": "", "domain": "", "item": "", "unit": first_choice(form, "unit")}
        return {"value": "good", "reason": "", "contact": "", "comment": f"{marker} 信息公开及时"}

    def pages(self, kind: str) -> tuple[str, str] | None:
        if kind == "FOI application":
            return "/foi/apply/", "/foi/apply/"
        if kind == "网站纠错":
            return "/participation/correction/?next=/units/", "/participation/correction/"
        if kind == "subscription":
            return "/channels/subscribe/", "/channels/subscribe/"
        with self.targets["lock"]:
            pubs = list(self.targets["publications"])
        if not pubs:
            return None
        return f"/publications/{urllib.parse.quote(random.choice(pubs))}/", "/participation/rate/"

    def double_submit(self, kind: str, seq: int) -> None:
        pages = self.pages(kind)
        if pages is None:
            return
        page, action = pages
        label = f"double submit: {kind}"
        browser = Browser(self.port, self.fresh_ip("198.18"))
        status, _, data = self.call(label, browser, "GET", page)
        form = find_form(data, action) if status == 200 else None
        if form is None:
            self.pairs.append({"kind": kind, "marker": None, "page": page, "get": status, "sent": False})
            return
        marker = f"SOAKDUP-{self.run_id}-{seq:04d}"
        body = urllib.parse.urlencode({**form["fields"], **self.pair_values(kind, form, marker, seq)})
        headers = browser.headers({"Content-Type": "application/x-www-form-urlencoded"})
        barrier, answers = threading.Barrier(2), [None, None]

        def post(i: int) -> None:
            barrier.wait(10)
            try:
                st, hd, dt = request(self.port, "POST", action, headers, body)
                hd = {k.lower(): v for k, v in hd}
                answers[i] = (st, hd.get("location", ""), error_text(dt) if st != 302 else "")
                self.record(label, "POST", f"{action} [{marker}]", st, dt, xff=browser.ip)
            except (OSError, http.client.HTTPException) as exc:
                answers[i] = (f"conn:{type(exc).__name__}", "", "")
                self.record(label, "POST", f"{action} [{marker}]", answers[i][0], xff=browser.ip)

        both = [threading.Thread(target=post, args=(i,)) for i in (0, 1)]
        for t in both:
            t.start()
        for t in both:
            t.join(90)
        self.pairs.append(
            {
                "kind": kind,
                "marker": marker,
                "page": page,
                "action": action,
                "xff": browser.ip,
                "sent": True,
                "at_s": self.at(),
                "responses": answers,
            }
        )

    def double_submit_loop(self):
        kinds = ["FOI application", "网站纠错", "subscription", "好差评 rating"]
        seq = 0
        while not self.stop.wait(random.uniform(3, 6)):
            seq += 1
            self.double_submit(kinds[seq % len(kinds)], seq)

    # -- 3. wrong passwords for the office from many addresses, then the right one ----------------------------
    def right_password(self, kind: str, browser: Browser):
        """The office's right password; sent again once if the connection broke (a killed worker)."""
        status, headers, ok = self.sign_in(kind, browser, "office", DEMO_PASSWORD)
        if isinstance(status, str):
            status, headers, ok = self.sign_in(
                kind + " (again: the connection broke)", browser, "office", DEMO_PASSWORD
            )
        return status, headers, ok

    def login_loop(self):
        rounds = 0
        while not self.stop.is_set():
            rounds += 1
            for i in range(12):
                if self.stop.is_set():
                    return
                ip = self.fresh_ip("100.64") if i % 4 else self.fresh_ip("192.0")
                self.sign_in(
                    "sign-in: office, wrong password, many addresses",
                    Browser(self.port, ip),
                    "office",
                    f"wrong-{i}",
                )
                self.stop.wait(0.3)
            usual = Browser(self.port, DESK_IP)
            status, headers, ok = self.right_password(
                "sign-in: office, right password, its usual address", usual
            )
            self.logins["usual"].append({"round": rounds, "at_s": self.at(), "status": status, "ok": ok})
            new = Browser(self.port, self.fresh_ip("172.16"))
            kind = "sign-in: office, right password, a new address"
            status, headers, ok = self.right_password(kind, new)
            entry = {"round": rounds, "at_s": self.at(), "xff": new.ip, "first": status, "ok": ok}
            if not ok and status == 429:
                wait = int(headers.get("retry-after", "0") or 0)
                entry["retry_after_s"] = wait
                if wait + 2 < self.t0 + self.duration - time.monotonic():
                    time.sleep(wait + 1)  # it fits in the soak (the threads are joined after the end)
                    status, headers, ok = self.right_password(kind + " (after Retry-After)", new)
                    entry.update(after_wait=status, ok=ok)
                else:
                    entry["after_wait"] = "not tried: the soak ends first"
            self.logins["new"].append(entry)
            self.stop.wait(3)

    # -- 4. a workbook that lies about its zip sizes, through the admin's import page -------------------------
    def rss_loop(self):
        while not self.stop.wait(0.25):
            self.sample_rss()

    def sample_rss(self) -> int:
        try:
            workers = self.stack.web_workers()
        except Exception:  # noqa: BLE001 - the master may be between workers
            return 0
        top = max(((vm_rss_kb(pid), pid) for pid in workers), default=(0, 0))
        with self.lock:
            if top[0] > self.rss_max[0]:
                self.rss_max = (top[0], top[1], self.at())
            if self.uploading is not None and top[0] > self.uploading["rss_peak_kb"]:
                self.uploading["rss_peak_kb"] = top[0]
        return top[0]

    def upload_loop(self, office: Browser):
        fractions = [0.08, 0.3, 0.5, 0.66, 0.85]  # 0.3: Redis is down; 0.66: after a web worker was killed
        for n, fraction in enumerate(fractions):
            if self.stop.wait(max(0.0, self.t0 + fraction * self.duration - time.monotonic())):
                return
            declared, workbook = self.workbooks[n % len(self.workbooks)]
            kind = "catalog import: a workbook whose zip lies about its sizes"
            entry = {
                "at_s": self.at(),
                "declared_bytes": declared,
                "real_bytes": LIE_REAL_BYTES,
                "file_bytes": len(workbook),
            }
            entry["t"] = time.monotonic()
            entry["rss_before_kb"] = self.sample_rss()
            entry["rss_peak_kb"] = entry["rss_before_kb"]
            self.uploading = entry
            started = time.monotonic()
            status, _, data = self.call(kind, office, "GET", IMPORT_PAGE)
            form = find_form(data, IMPORT_PAGE) if status == 200 else None
            if form is None:
                entry["refused"] = False
                entry["note"] = f"no upload form (GET {status})"
            else:
                fields = {**form["fields"], "tier": "district"}
                body, content_type = multipart(
                    fields, {"file": ("目录-浸泡测试.xlsx", workbook, "application/octet-stream")}
                )
                status, headers, data = self.call(kind, office, "POST", IMPORT_PAGE, body, content_type)
                entry["post"] = status
                page = data
                if status == 302:
                    location = urllib.parse.urlsplit(headers.get("location", "")).path
                    entry["then"] = location
                    # the upload only stores the file: the Celery worker reads it (never the web worker); the
                    # preview page shows progress until the task has refused or read it
                    for _poll in range(60):
                        polled, _, body = self.call(kind, office, "GET", location.rstrip("/") + "/status/")
                        if polled != 200 or b'"finished": true' in body or b'"finished":true' in body:
                            break
                        time.sleep(0.5)
                    status, _, page = self.call(kind, office, "GET", location)
                    entry["preview"] = status
                entry["message"] = error_text(page)
                entry["refused"] = (
                    isinstance(status, int)
                    and status < 500
                    and any(
                        word in page.decode("utf-8", "replace")
                        for word in ("解压后过大", "无法读取工作簿", "文件已损坏", "读取文件时出错")
                    )
                )
                self.call(
                    kind,
                    office,
                    "POST",
                    IMPORT_PAGE.replace("import/", "import/cancel/"),
                    urllib.parse.urlencode({"csrfmiddlewaretoken": office.cookies.get("csrftoken", "")}),
                    "application/x-www-form-urlencoded",
                )
            entry["seconds"] = round(time.monotonic() - started, 2)
            self.stop.wait(2)
            entry["rss_after_kb"] = self.sample_rss()
            self.uploading = None
            self.uploads.append(entry)

    def threads(self) -> list[threading.Thread]:
        office = [
            self.office() for _ in range(2)
        ]  # before the attack: the usual address is one it signed in from
        return [
            threading.Thread(target=self.probe_loop, args=(office[0],), daemon=True),
            threading.Thread(target=self.double_submit_loop, daemon=True),
            threading.Thread(target=self.login_loop, daemon=True),
            threading.Thread(target=self.rss_loop, daemon=True),
            threading.Thread(target=self.upload_loop, args=(office[1],), daemon=True),
        ]

    # -- the summary ----------------------------------------------------------------------------------------------
    def rows(self, kind: str, marker: str) -> int:
        from foi.models import DisclosureRequest
        from participation.models import Correction, Rating
        from publishing.models import Subscription

        if kind == "FOI application":
            return DisclosureRequest.objects.filter(description__startswith=marker + " ").count()
        if kind == "网站纠错":
            return Correction.objects.filter(description__startswith=marker + " ").count()
        if kind == "subscription":
            return Subscription.objects.filter(email=f"{marker.lower()}@example.org").count()
        return Rating.objects.filter(comment__startswith=marker + " ").count()

    def summary(self, in_outage, near_kill) -> tuple[dict, dict]:
        mb = lambda kb: round(kb / 1024, 1)  # noqa: E731
        per_kind = {}
        for kind, counts in sorted(self.sent.items()):
            per_kind[kind] = {
                "sent": sum(counts.values()),
                "statuses": dict(sorted(counts.items())),
                "5xx": sum(
                    n for s, n in counts.items() if s.split()[-1].isdigit() and int(s.split()[-1]) >= 500
                ),
            }
        fives = [b for b in self.bad if isinstance(b["status"], int)]
        conns = [b for b in self.bad if isinstance(b["status"], str)]
        conn_unexplained = [b for b in conns if not near_kill(b["t"])]
        pairs, duplicates, missing = collections.defaultdict(collections.Counter), [], []
        for pair in self.pairs:
            tally = pairs[pair["kind"]]
            if not pair["sent"]:
                tally["form page not read (pair not sent)"] += 1
                continue
            tally["pairs sent"] += 1
            n = self.rows(pair["kind"], pair["marker"])
            pair["rows"] = n
            tally["responses " + " + ".join(str(r[0]) if r else "none" for r in pair["responses"])] += 1
            if n == 1:
                tally["exactly one row"] += 1
            elif n > 1:
                tally["DUPLICATED"] += 1
                duplicates.append(pair)
            else:
                tally["no row"] += 1
                missing.append(pair)
        # a pair with no row is a loss only if one of its POSTs was answered as a success
        lost = [
            p
            for p in missing
            if any(
                r and isinstance(r[0], int) and (r[0] in (301, 302, 303) or (r[0] == 200 and not r[2]))
                for r in p["responses"]
            )
        ]
        refused = [
            p for p in missing if p not in lost and any(r and r[0] == 200 and r[2] for r in p["responses"])
        ]
        usual, new = self.logins["usual"], self.logins["new"]
        retry = [e["retry_after_s"] for e in new if "retry_after_s" in e]
        growth = [u["rss_peak_kb"] - u["rss_before_kb"] for u in self.uploads]
        uploads = [
            {
                **{k: v for k, v in u.items() if not k.endswith("_kb")},
                "rss_before_mb": mb(u["rss_before_kb"]),
                "rss_peak_mb": mb(u["rss_peak_kb"]),
                "rss_after_mb": mb(u["rss_after_kb"]),
            }
            for u in self.uploads
        ]
        result = {
            "requests": sum(v["sent"] for v in per_kind.values()),
            "by_kind": per_kind,
            "5xx": len(fives),
            "5xx_in_redis_outage": sum(1 for b in fives if in_outage(b["t"])),
            "5xx_requests": [{k: v for k, v in b.items() if k != "t"} for b in fives[:20]],
            "connection_errors": len(conns),
            "connection_errors_not_at_the_worker_kill": [
                {k: v for k, v in b.items() if k != "t"} for b in conn_unexplained[:10]
            ],
            "double_submits": {kind: dict(t) for kind, t in sorted(pairs.items())},
            "duplicates": len(duplicates),
            "duplicated_pairs": duplicates[:20],
            "pairs_without_a_row": missing[:20],
            "pairs_refused_by_the_form": len(refused),
            "sign_in_right_password_usual_address": {
                "tries": len(usual),
                "signed_in": sum(1 for e in usual if e["ok"]),
                "refused": [e for e in usual if not e["ok"]][:10],
            },
            "sign_in_right_password_new_address": {
                "tries": len(new),
                "signed_in_first_try": sum(1 for e in new if e["ok"] and "retry_after_s" not in e),
                "delayed_then_signed_in": sum(1 for e in new if e["ok"] and "retry_after_s" in e),
                "retry_after_s": {"min": min(retry, default=None), "max": max(retry, default=None)},
                "not_signed_in": [e for e in new if not e["ok"]][:10],
            },
            "lying_workbook_uploads": uploads,
            "max_worker_rss_mb": mb(self.rss_max[0]),
            "max_worker_rss_at_s": self.rss_max[2],
            "max_worker_rss_growth_during_an_upload_mb": mb(max(growth, default=0)),
        }
        checks = {
            "hostile: no 5xx (any time, the Redis outage included)": not fives,
            "hostile: no connection errors except at the worker kill": not conn_unexplained,
            "hostile: every double submit made exactly one row (no duplicate, none lost)": not duplicates
            and not lost,
            # a form that refused both POSTs tested nothing: the soak's own input is wrong (as its ID numbers were)
            "hostile: no double submit refused by the form (the soak's input is valid)": not refused,
            "hostile: the office signs in from its usual address after wrong passwords from many addresses": bool(
                usual
            )
            and all(e["ok"] for e in usual),
            "hostile: the office signs in from a new address (at once or after Retry-After)": bool(new)
            and all(e["ok"] or e.get("after_wait") == "not tried: the soak ends first" for e in new),
            f"hostile: the lying workbook refused each time (or waiting while Redis is down), a worker's RSS grew "
            f"< {RSS_GROWTH_LIMIT_MB} MB": bool(self.uploads)
            # refused; or, sent while Redis was down, its preview (kept in the cache) still waiting: nothing read
            # into the catalog, no 5xx — it is refused once the cache is back
            and all(
                u.get("refused") or (in_outage(u["t"]) and u.get("preview") == 200 and not u.get("message"))
                for u in self.uploads
            )
            and max(growth) < RSS_GROWTH_LIMIT_MB * 1024,
        }
        return result, checks


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
        CATALOG_IMPORT_DIR=str(stack.root / "imports"),
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
    # the demo app is not installed in production: its loader runs with the development settings (DEBUG off),
    # on the same database, media and broker
    stack.run("load_demo", PORTAL_ENV="development", DEBUG="0")
    log("set up; starting gunicorn and the Celery worker")
    import django

    django.setup()
    stack.start_web(args.workers)
    stack.start_worker()
    duration = args.minutes * 60
    rec, counts, errors = Recorder(), collections.Counter(), []
    targets = {"lock": threading.Lock(), "publications": [], "attachments": []}
    stop = threading.Event()
    log("hostile clients: building the lying workbooks, the office signs in at its usual address")
    hostile = Hostile(stack, stop, targets, duration)
    threads = hostile.threads()
    threads += [
        threading.Thread(target=officers_loop, args=(stop, targets, counts, errors), daemon=True),
        threading.Thread(target=reminders_loop, args=(stop, counts, errors), daemon=True),
    ]
    threads += [
        threading.Thread(target=client_loop, args=(stack.web_port, stop, rec, i, targets), daemon=True)
        for i in range(args.clients)
    ]
    t0 = time.monotonic()
    hostile.t0 = t0
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
    return account(stack, rec, counts, errors, outage, kill_at, hostile)


def server_errors(root: Path) -> list[dict]:
    """The web tier's logged server errors: path, the exception (a traceback's last line), how many."""
    log_file = root / "web.log"
    text = log_file.read_text(errors="replace") if log_file.exists() else ""
    found = collections.Counter()
    for block in re.split(r"^(?=Internal Server Error: )", text, flags=re.M)[1:]:
        lines = block.splitlines()
        path = lines[0].removeprefix("Internal Server Error: ")
        exception = next(
            (ln for ln in reversed(lines) if re.match(r"^[A-Za-z_][\w.]*(Error|Exception)\b", ln)), ""
        )
        found[(path, exception[:300])] += 1
    return [{"path": p, "exception": e, "count": n} for (p, e), n in found.most_common(20)]


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


def account(stack, rec, counts, errors, outage, kill_at, hostile) -> int:
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
        "server_errors_logged": server_errors(stack.root),
    }
    result["hostile"], hostile_checks = hostile.summary(in_outage, near_kill)
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
        **hostile_checks,
    }
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
