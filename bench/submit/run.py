"""Submission benchmark and crash test: public comments, letters and information requests sent by
concurrent clients to the site as `make run` serves it, then checked row by row against the database.

    .venv/bin/python bench/submit/run.py                                  # SQLite, 5,000 submissions, 32 clients
    .venv/bin/python bench/submit/run.py --submissions 1000 --clients 16
    .venv/bin/python bench/submit/run.py --pg-url postgres://USER@127.0.0.1:5432/postgres
    .venv/bin/python bench/submit/run.py --crash                          # kill -9 the servers mid-run

The site runs from a scratch folder (GONGKAI_VAR_DIR: SQLite file, Huey queue, static files, secret
key); on PostgreSQL in a new database `gongkai_submit_bench` beside the one named (dropped at the end
unless --keep). It is prepared like `make run` (migrate, seed_demo, collectstatic) and started with
bin/serve (gunicorn + the Huey worker). All clients share 127.0.0.1, so the rate limits of public
POSTs are raised for the run only, through the environment: GONGKAI_RATELIMIT_SCALE and
GONGKAI_DECISIONS_COMMENTS_PER_IP_HOUR (settings.py); the defaults are never changed.

Each submission goes through the JSON API (85 %) or the HTML form (15 %: GET the page, take the CSRF
token and the form's own hidden idempotency key, POST). Most are sent once; some are sent again with
the same key after the answer (a retry: the same receipt must come back), some twice at the same
moment on two connections (concurrent duplicates), some again with the same key and another body
(must be refused with 422). A request that gets no answer (connection reset, server down) is sent
again with the same key until it is answered.

With --crash, once 40 % of the submissions are answered every server process (bin/serve's process
group: gunicorn master and workers, the Huey consumer) is killed with SIGKILL and started again;
meanwhile a publisher publishes disclosure items through the staff API so the publication ledger is
written during the run. Afterwards: every acknowledged submission is in the database with exactly
the content that was sent, no key made two rows, no 5xx, and `manage.py verify_ledger` passes.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
MARK = "压测"  # every content sent carries 〔压测NNNNN〕, so rows are found and counted per submission
SCOPE_OF = {"comment": "decisions.comment", "letter": "letters.letter", "request": "info_requests.request"}
NO_ANSWER = 0  # status recorded for a request that got no HTTP answer
RETRY_DEADLINE = 300.0  # seconds a client keeps resending an unanswered submission
PG_TEMPLATE = "gongkai_submit_template"  # with --cache on PostgreSQL: the prepared demo database
PG_SCRATCH = "gongkai_submit_bench"


# --- the site ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _with_db(url: str, db: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + db))


def _pg_admin(url: str):
    import psycopg

    return psycopg.connect(_with_db(url, "postgres").replace("postgres://", "postgresql://", 1), autocommit=True)


class Site:
    """The site as `make run` starts it, in a scratch folder: bin/serve in its own process group."""

    def __init__(self, *, work: Path, db_url: str, port: int, workers: int, threads: int):
        self.work, self.port = work, port
        self.env = {
            **os.environ,
            "GONGKAI_VAR_DIR": str(work / "var"),
            "DATABASE_URL": db_url,
            "PORT": str(port),
            "SITE_URL": f"http://127.0.0.1:{port}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SETTINGS_MODULE": "gongkai.config.settings",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_THREADS": str(threads),
            "LOG_LEVEL": "ERROR",
            # one client address sends thousands of submissions: raise the public POST limits for this run
            "GONGKAI_RATELIMIT_SCALE": "100000",
            "GONGKAI_DECISIONS_COMMENTS_PER_IP_HOUR": "100000000",
        }
        for name in ("GONGKAI_TESTING", "DEBUG"):
            self.env.pop(name, None)
        self.proc: subprocess.Popen | None = None
        self.starts = 0

    def manage(self, *args: str) -> str:
        done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
        return done.stdout

    def prepare(self) -> float:
        t0 = time.perf_counter()
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("seed_demo")
        self.manage("collectstatic", "--noinput", "-v", "0")
        return time.perf_counter() - t0

    def prepare_from(self, cache: Path | None, pg: tuple[str, str] | None) -> tuple[float, str]:
        """Prepare the site, or copy a demo site prepared by an earlier run (--cache DIR)."""
        t0 = time.perf_counter()
        var = self.work / "var"
        if cache is None:
            return self.prepare(), "prepared"
        kept = cache / ("var-postgresql" if pg else "var-sqlite")
        ready = kept.with_name(kept.name + ".ready")
        if not ready.exists():
            self.prepare()
            shutil.rmtree(kept, ignore_errors=True)
            shutil.copytree(var, kept, ignore=shutil.ignore_patterns("huey.sqlite3*"))
            if pg:
                with _pg_admin(pg[0]) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{PG_TEMPLATE}" WITH (FORCE)')
                    conn.execute(f'CREATE DATABASE "{PG_TEMPLATE}" TEMPLATE "{pg[1]}"')
            ready.touch()
            return time.perf_counter() - t0, f"prepared (kept in {cache})"
        shutil.rmtree(var, ignore_errors=True)
        shutil.copytree(kept, var)
        if pg:
            with _pg_admin(pg[0]) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{pg[1]}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{pg[1]}" TEMPLATE "{PG_TEMPLATE}"')
        return time.perf_counter() - t0, f"copied from {cache}"

    def start(self) -> float:
        t0 = time.perf_counter()
        self.starts += 1
        log = open(self.work / f"serve-{self.starts}.log", "wb")  # noqa: SIM115 - lives as long as the server
        self.proc = subprocess.Popen(
            ["bin/serve"], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"bin/serve exited with {self.proc.returncode}; see {log.name}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/robots.txt")
                if conn.getresponse().status == 200:
                    conn.close()
                    return time.perf_counter() - t0
            except OSError:
                time.sleep(0.2)
        raise SystemExit("the site did not answer within 120 s")

    def processes(self) -> list[tuple[int, str]]:
        """(pid, command line) of every process in bin/serve's process group."""
        if self.proc is None:
            return []
        found = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                pgrp = int(stat.rsplit(")", 1)[1].split()[2])
                cmd = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
            except (OSError, ValueError, IndexError):
                continue
            if pgrp == self.proc.pid and stat.rsplit(")", 1)[1].split()[0] != "Z":
                found.append((int(entry), cmd))
        return found

    def kill9(self) -> list[tuple[int, str]]:
        """SIGKILL every server process at once (gunicorn master and workers, Huey, the shell)."""
        victims = self.processes()
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        deadline = time.time() + 10
        while self.processes() and time.time() < deadline:
            time.sleep(0.05)
        return victims

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


# --- what the clients send -------------------------------------------------------------------------


@dataclass
class Sub:
    n: int
    kind: str  # comment | letter | request
    via: str  # api | form
    mode: str  # once | retry | twin | conflict
    key: str
    fields: dict
    text: str  # the content that must be stored as sent
    answers: list = field(default_factory=list)  # (status, tracking code or None, seconds, what)
    code: str | None = None
    acked_at: float | None = None
    resent: int = 0  # sends after a request got no answer


class Targets:
    """What the demo site offers to submit to (read from the database before the run)."""

    def __init__(self):
        from gongkai.core.models import Agency
        from gongkai.decisions import selectors as decisions

        self.decisions = [(d.pk, d.paragraphs.count()) for d in decisions.consultations() if d.period_state() == "open"]
        if not self.decisions:
            raise SystemExit("the demo data has no decision open for comment")
        from gongkai.disclosures.models import ItemVersion

        # the publisher files its items where the demo office already publishes (a column and a topic it uses)
        self.column, self.topic = (
            ItemVersion.objects.filter(item__agency__slug="nongfa", state="published")
            .exclude(column__slug="annual-reports").order_by("id").values_list("column__slug", "topic__code").first()
        )
        agencies = list(Agency.objects.order_by("id").values_list("pk", "slug"))
        self.agency_pks = [pk for pk, _ in agencies]
        self.agency_slugs = [slug for _, slug in agencies]


def _phone(rng: random.Random) -> str:
    return "13" + str(rng.randint(5, 9)) + f"{rng.randrange(10**8):08d}"


def plan(total: int, targets: Targets, seed: int) -> list[Sub]:
    rng = random.Random(seed)
    subs = []
    for n in range(total):
        kind = ("comment", "letter", "request")[n % 3]
        via = "form" if rng.random() < 0.15 else "api"
        r = rng.random()
        mode = "retry" if r < 0.10 else "twin" if r < 0.14 else "conflict" if r < 0.16 else "once"
        marker = f"〔{MARK}{n:05d}〕"
        name = rng.choice(["张", "王", "李", "赵", "刘", "陈"]) + rng.choice(["建国", "秀英", "志强", "丽华", "海涛", "春梅"])
        phone = _phone(rng)
        if kind == "comment":
            decision, paragraphs = rng.choice(targets.decisions)
            text = f"建议在第{rng.randint(1, 9)}条中明确管护责任和经费来源，便于村集体落实。{marker}"
            paragraph = rng.randint(1, paragraphs) if paragraphs and rng.random() < 0.5 else None
            fields = {"decision": decision, "content": text, "name": name, "phone": phone, "paragraph": paragraph}
        elif kind == "letter":
            text = f"关于高标准农田建后管护的建议：请公开各村管护经费的使用情况。{marker}"
            fields = {
                "agency": rng.randrange(len(targets.agency_pks)), "subject": "关于农田管护的建议", "topic": "高标准农田",
                "content": text, "name": name, "phone": phone, "publish_consent": rng.random() < 0.5,
            }
        else:
            text = f"申请公开2025年度农业综合开发项目资金分配文件。{marker}"
            fields = {
                "agency": rng.randrange(len(targets.agency_pks)), "applicant_type": "natural_person", "name": name,
                "id_number": f"370704{rng.randint(1960, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randrange(10000):04d}",
                "phone": phone, "description": text, "delivery": "online",
            }
        subs.append(Sub(n=n, kind=kind, via=via, mode=mode, key=str(uuid.uuid4()), fields=fields, text=text))
    return subs


CODE_IN = {
    "comment": re.compile(r"code=(YJ[A-Z0-9]+)"),
    "letter": re.compile(r"/receipt/(XJ[0-9]{8}-[A-Z0-9]+)/"),
    "request": re.compile(r"(YS[0-9]{4}-[A-Z0-9]{8})"),
}
FORM_PATHS = {"comment": "/decisions/{decision}/", "letter": "/interaction/letters/new/", "request": "/yisq/"}
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY_FIELD = re.compile(r'name="idem" value="([^"]+)"')


class Client:
    """One keep-alive connection and its cookies; sends a submission through the API or its form."""

    def __init__(self, port: int, targets: Targets):
        self.port, self.targets = port, targets
        self.conn: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}

    def _request(self, method: str, path: str, body: bytes | None, headers: dict) -> tuple[int, dict, bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        if self.cookies:
            headers = {**headers, "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                k, _, v = value.split(";", 1)[0].partition("=")
                self.cookies[k.strip()] = v.strip()
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    # The API ------------------------------------------------------------------------------------

    def api(self, sub: Sub, fields: dict) -> tuple[int, str | None]:
        t = self.targets
        if sub.kind == "comment":
            path = f"/api/v1/decisions/{fields['decision']}/comments"
            body = {k: fields[k] for k in ("content", "name", "phone")}
            if fields["paragraph"]:
                body["paragraph"] = fields["paragraph"]
        elif sub.kind == "letter":
            path = "/api/v1/letters"
            body = {k: fields[k] for k in ("subject", "topic", "content", "name", "phone", "publish_consent")}
            body["agency"] = t.agency_slugs[fields["agency"]]
        else:
            path = "/api/v1/requests"
            body = {k: fields[k] for k in ("applicant_type", "name", "id_number", "phone", "description", "delivery")}
            body["agency_id"] = t.agency_pks[fields["agency"]]
        status, _, data = self._request(
            "POST", path, json.dumps(body, ensure_ascii=False).encode(),
            {"Content-Type": "application/json", "Idempotency-Key": sub.key, "Accept": "application/json"},
        )
        code = None
        if 200 <= status < 300:
            code = json.loads(data)["tracking_code"]
        return status, code

    # The HTML forms -----------------------------------------------------------------------------

    def form_page(self, sub: Sub) -> tuple[str, str]:
        """GET the form; returns the action path and the CSRF token; the form's own key becomes the submission's key."""
        path = FORM_PATHS[sub.kind].format(**sub.fields)
        status, _, data = self._request("GET", path, None, {})
        page = data.decode()
        if status != 200 or not CSRF_FIELD.search(page) or not KEY_FIELD.search(page):
            raise RuntimeError(f"form page {path} answered {status} without the form")
        sub.key = KEY_FIELD.search(page).group(1)
        action = f"/decisions/{sub.fields['decision']}/comment/" if sub.kind == "comment" else path
        return action, CSRF_FIELD.search(page).group(1)

    def form(self, sub: Sub, fields: dict, action: str, token: str) -> tuple[int, str | None]:
        t = self.targets
        if sub.kind == "comment":
            data = {k: fields[k] for k in ("content", "name", "phone")}
            data["paragraph"] = fields["paragraph"] or ""
        elif sub.kind == "letter":
            data = {k: fields[k] for k in ("subject", "topic", "content", "name", "phone")}
            data.update(agency=t.agency_pks[fields["agency"]], box="suggestion", topic_kind="free")
            if fields["publish_consent"]:
                data["publish_consent"] = "on"
        else:
            data = {k: fields[k] for k in ("applicant_type", "name", "id_number", "phone", "description", "delivery")}
            data.update(agency=t.agency_pks[fields["agency"]], form_wanted="electronic")
        data.update(csrfmiddlewaretoken=token, idem=sub.key)
        status, headers, body = self._request(
            "POST", action, urllib.parse.urlencode(data).encode(), {"Content-Type": "application/x-www-form-urlencoded"}
        )
        code = None
        if status == 302:
            found = CODE_IN[sub.kind].search(urllib.parse.unquote(headers.get("location", "")))
            code = found.group(1) if found else None
        elif status == 200 and sub.kind == "request":
            found = CODE_IN["request"].search(body.decode())
            code = found.group(1) if found and "申请回执" in body.decode() else None
        return status, code


def ok(status: int) -> bool:
    return 200 <= status < 300 or status == 302


class Run:
    """The clients, the optional crash and the publisher, and what they saw."""

    def __init__(self, *, site: Site, targets: Targets, subs: list[Sub], clients: int, crash: bool, publish_every: float, tokens: dict):
        self.site, self.targets, self.subs = site, targets, subs
        self.clients, self.crash = clients, crash
        self.publish_every, self.tokens = publish_every, tokens
        self.lock = threading.Lock()
        self.next = 0
        self.done = 0
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.statuses: Counter = Counter()
        self.no_answer = 0
        self.crash_at = int(len(subs) * 0.4) if crash else None
        self.crash_info: dict = {}
        self.server_up = threading.Event()
        self.server_up.set()
        self.published: list[int] = []
        self.publish_failures: Counter = Counter()
        self.stop = threading.Event()

    # one send, resent with the same key (and body) until it is answered --------------------------

    def send(self, client: Client, sub: Sub, fields: dict, what: str, form: tuple[str, str] | None = None) -> tuple[int, str | None]:
        started = time.time()
        while True:
            self.server_up.wait(timeout=30)
            t0 = time.perf_counter()
            try:
                if sub.via == "form":
                    status, code = client.form(sub, fields, *form)
                else:
                    status, code = client.api(sub, fields)
            except (OSError, http.client.HTTPException):
                with self.lock:
                    self.no_answer += 1
                sub.answers.append((NO_ANSWER, None, time.perf_counter() - t0, what))
                sub.resent += 1
                if time.time() - started > RETRY_DEADLINE:
                    return NO_ANSWER, None
                time.sleep(min(1.0, 0.05 * sub.resent))
                continue
            elapsed = time.perf_counter() - t0
            with self.lock:
                self.latencies[sub.kind].append(elapsed)
                self.statuses[status] += 1
            sub.answers.append((status, code, elapsed, what))
            return status, code

    def form_page(self, client: Client, sub: Sub) -> tuple[str, str]:
        """Load the form, again while the server is down (a browser would too: nothing was sent yet)."""
        started = time.time()
        while True:
            self.server_up.wait(timeout=30)
            try:
                return client.form_page(sub)
            except (OSError, http.client.HTTPException):
                if time.time() - started > RETRY_DEADLINE:
                    raise
                time.sleep(0.2)

    def one(self, client: Client, sub: Sub) -> None:
        form = self.form_page(client, sub) if sub.via == "form" else None
        if sub.mode == "twin":
            twin = Client(client.port, self.targets)
            twin.cookies = dict(client.cookies)
            barrier = threading.Barrier(2)
            seen: list = []

            def other():
                barrier.wait()
                seen.append(self.send(twin, sub, sub.fields, "twin", form))

            helper = threading.Thread(target=other)
            helper.start()
            barrier.wait()
            status, code = self.send(client, sub, sub.fields, "first", form)
            helper.join()
            twin.close()
        else:
            status, code = self.send(client, sub, sub.fields, "first", form)
        if ok(status) and code:
            sub.code, sub.acked_at = code, time.time()
        if sub.mode == "retry":
            self.send(client, sub, sub.fields, "retry", form)
        elif sub.mode == "conflict":
            changed = {**sub.fields, **({"description": sub.text + "（改）"} if sub.kind == "request" else {"content": sub.text + "（改）"})}
            self.send(client, sub, changed, "conflict", form)
        with self.lock:
            self.done += 1

    def worker(self) -> None:
        client = Client(self.site.port, self.targets)
        while True:
            with self.lock:
                if self.next >= len(self.subs):
                    break
                sub = self.subs[self.next]
                self.next += 1
            try:
                self.one(client, sub)
            except Exception as exc:  # noqa: BLE001 - reported, the run goes on
                sub.answers.append((-1, None, 0.0, f"client error: {exc}"))
                with self.lock:
                    self.done += 1
        client.close()

    # the crash ------------------------------------------------------------------------------------

    def crasher(self) -> None:
        while not self.stop.is_set():
            with self.lock:
                reached = self.done >= self.crash_at
            if reached:
                break
            time.sleep(0.02)
        if self.stop.is_set():
            return
        with self.lock:
            answered_before = sum(1 for s in self.subs if s.acked_at is not None)
        self.server_up.clear()
        t0 = time.perf_counter()
        victims = self.site.kill9()
        killed_at = time.time()
        time.sleep(1.0)  # down for a moment: clients keep trying and get refused connections
        restart = self.site.start()
        self.server_up.set()
        self.crash_info = {
            "killed": victims, "answered_before": answered_before, "down_seconds": time.perf_counter() - t0,
            "restart_seconds": restart, "killed_at": killed_at,
        }

    # the publisher: items through the staff API, so the ledger is written during the run --------------

    def publisher(self) -> None:
        client = Client(self.site.port, self.targets)
        n = 0
        while not self.stop.is_set():
            n += 1
            try:
                self._publish_one(client, n)
            except (OSError, http.client.HTTPException, RuntimeError, KeyError, ValueError) as exc:
                self.publish_failures[f"{type(exc).__name__}: {str(exc)[:200]}"] += 1
            client.close()  # the staff API calls carry no key: never send one on a keep-alive connection the server may have dropped
            self.stop.wait(self.publish_every)
        client.close()

    def _staff(self, client: Client, role: str, path: str, body: dict | None = None) -> dict:
        self.server_up.wait(timeout=60)
        status, _, data = client._request(
            "POST", path, json.dumps(body or {}, ensure_ascii=False).encode(),
            {"Authorization": f"Bearer {self.tokens[role]}", "Content-Type": "application/json"},
        )
        if status not in (200, 201):
            raise RuntimeError(f"{path} answered {status}: {data[:200]!r}")
        return json.loads(data)

    def _publish_one(self, client: Client, n: int) -> None:
        item = self._staff(client, "editor", "/api/v1/staff/items", {
            "title": f"关于2026年第{n}批高标准农田建设项目的公示（压测）", "body": f"<p>第{n}批项目清单及资金安排。</p>",
            "column": self.targets.column, "topic": self.targets.topic, "doc_number": f"坊农发〔2026〕{100 + n}号", "written_on": time.strftime("%Y-%m-%d"),
            "validity": "valid", "keywords": "农田", "summary": "项目公示",
        })
        version = item["id"]
        self._staff(client, "editor", f"/api/v1/staff/versions/{version}/submit")
        self._staff(client, "reviewer", f"/api/v1/staff/versions/{version}/approve")
        signed = self._staff(client, "signer", f"/api/v1/staff/versions/{version}/sign")
        if signed.get("state") != "published":
            raise RuntimeError(f"signed version {version} is {signed.get('state')}")
        self.published.append(version)

    def warm_up(self) -> None:
        """Every gunicorn worker imports the site lazily: load each form and the API once per thread first."""
        def visit():
            client = Client(self.site.port, self.targets)
            for path in (FORM_PATHS["comment"].format(decision=self.targets.decisions[0][0]), FORM_PATHS["letter"],
                         FORM_PATHS["request"], "/api/v1/openapi.json"):
                client._request("GET", path, None, {})
            client.close()

        helpers = [threading.Thread(target=visit) for _ in range(min(self.clients, 16))]
        for t in helpers:
            t.start()
        for t in helpers:
            t.join()

    def go(self) -> float:
        self.warm_up()
        threads = [threading.Thread(target=self.worker) for _ in range(self.clients)]
        extra = []
        if self.crash:
            extra.append(threading.Thread(target=self.crasher))
        if self.publish_every > 0:
            extra.append(threading.Thread(target=self.publisher))
        t0 = time.perf_counter()
        for t in threads + extra:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
        self.stop.set()
        for t in extra:
            t.join()
        return elapsed


# --- checks against the database -------------------------------------------------------------------


def staff_tokens() -> dict[str, str]:
    from gongkai.core.models import User
    from gongkai.publishing.services import api_token_create

    tokens = {}
    for role in ("editor", "reviewer", "signer"):
        user = User.objects.get(username=f"nongfa_{role}")
        _token, raw = api_token_create(by=user, name=f"bench-submit-{uuid.uuid4().hex[:8]}")
        tokens[role] = raw
    return tokens


def stored_rows() -> dict[str, dict[str, dict]]:
    """kind → tracking code → what is stored, for every row carrying the benchmark's mark."""
    from gongkai.decisions.models import Comment
    from gongkai.info_requests.models import InfoRequest
    from gongkai.letters.models import Letter

    rows: dict[str, dict[str, dict]] = {}
    rows["comment"] = {
        r["tracking_code"]: {"text": r["content"], "name": r["name"], "phone": r["phone"], "decision": r["decision_id"]}
        for r in Comment.objects.filter(content__contains=MARK).values("tracking_code", "content", "name", "phone", "decision_id")
    }
    rows["letter"] = {
        r["tracking_code"]: {"text": r["content"], "name": r["name"], "phone": r["phone"]}
        for r in Letter.objects.filter(content__contains=MARK).values("tracking_code", "content", "name", "phone")
    }
    rows["request"] = {
        r["tracking_code"]: {"text": r["description"], "name": r["name"], "phone": r["phone"]}
        for r in InfoRequest.objects.filter(description__contains=MARK).values("tracking_code", "description", "name", "phone")
    }
    return rows


MARK_RE = re.compile(rf"〔{MARK}(\d{{5}})〕")


def verify(subs: list[Sub]) -> dict:
    from gongkai.core.models import IdempotencyKey

    rows = stored_rows()
    by_marker: Counter = Counter()
    for kind_rows in rows.values():
        for row in kind_rows.values():
            found = MARK_RE.search(row["text"])
            by_marker[int(found.group(1)) if found else -1] += 1
    acked = [s for s in subs if s.acked_at is not None]
    missing, altered, inconsistent, refused_wrong = [], [], [], []
    for s in acked:
        row = rows[s.kind].get(s.code)
        if row is None:
            missing.append(s.n)
            continue
        if (row["text"], row["name"], row["phone"]) != (s.text, s.fields["name"], s.fields["phone"]) or (
            s.kind == "comment" and row["decision"] != s.fields["decision"]
        ):
            altered.append(s.n)
        codes = {code for status, code, _, what in s.answers if ok(status) and what != "conflict"}
        if codes != {s.code}:
            inconsistent.append(s.n)
    for s in subs:
        if s.mode == "conflict" and s.acked_at is not None:
            last = [status for status, _, _, what in s.answers if what == "conflict" and status != NO_ANSWER]
            if last != [422]:
                refused_wrong.append((s.n, last))
    duplicates = sorted(n for n, count in by_marker.items() if count > 1)
    unacked_stored = sorted(s.n for s in subs if s.acked_at is None and by_marker.get(s.n))
    keys = Counter(
        IdempotencyKey.objects.filter(scope__in=SCOPE_OF.values(), key__in=[s.key for s in subs]).values_list("scope", "key")
    )
    return {
        "acknowledged": len(acked),
        "unacknowledged": len(subs) - len(acked),
        "rows": sum(len(r) for r in rows.values()),
        "missing": missing,
        "altered": altered,
        "duplicates": duplicates,
        "inconsistent_answers": inconsistent,
        "conflict_not_422": refused_wrong,
        "stored_but_unacknowledged": unacked_stored,
        "key_rows": sum(keys.values()),
        "key_rows_duplicated": [k for k, c in keys.items() if c > 1],
    }


def ledger_broken() -> tuple[int, dict[int, str]]:
    """Every entry of the publication ledger checked as `verify_ledger` does, without stopping at the
    first broken one: (entries, {position: reason})."""
    from gongkai.publishing import ledger
    from gongkai.publishing.models import LedgerEntry

    prev, count, broken = ledger.GENESIS, 0, {}
    for entry in LedgerEntry.objects.order_by("position").iterator(chunk_size=500):
        count += 1
        reason = ledger.check_entry(entry, prev_hash=prev, check_content=True)
        if reason is None and entry.position != count:
            reason = "条目序号不连续"
        if reason is not None:
            broken[entry.position] = reason
        prev = entry.entry_hash
    return count, broken


def verify_ledger_command(site: Site) -> str:
    done = subprocess.run([PYTHON, "manage.py", "verify_ledger"], cwd=ROOT, env=site.env, capture_output=True, text=True)
    lines = (done.stdout + done.stderr).strip().splitlines()
    return f"exit {done.returncode}: {lines[-1] if lines else ''}"


def ledger_check(site: Site, before: tuple[int, dict[int, str]], published: int) -> tuple[bool, str]:
    """The ledger after the run: the chain holds, every entry written during the run matches what is
    published, and nothing that verified before the run stopped verifying."""
    count, broken = ledger_broken()
    new_broken = {p: r for p, r in broken.items() if p not in before[1]}
    text = (f"{count} entries ({count - before[0]} written during the run for {published} published items); "
            f"manage.py verify_ledger {verify_ledger_command(site)}")
    if before[1]:
        text += f"; already broken before the run (demo data): {sorted(before[1].items())}"
    if new_broken:
        text += f"; BROKEN by the run: {sorted(new_broken.items())[:5]}"
    return not new_broken and count - before[0] >= published, text


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def report(run: Run, elapsed: float, result: dict, ledger: tuple[bool, str], backend: str, args) -> bool:
    subs = run.subs
    all_lat = [x for v in run.latencies.values() for x in v]
    posts = sum(run.statuses.values())
    five = sum(c for s, c in run.statuses.items() if s >= 500)
    modes = Counter(s.mode for s in subs)
    vias = Counter(s.via for s in subs)
    print(f"\n--- {backend}: {len(subs):,} submissions, {args.clients} clients, gunicorn {args.workers}×{args.threads} ---")
    print(f"mix: comments/letters/requests = {Counter(s.kind for s in subs)['comment']}/{Counter(s.kind for s in subs)['letter']}/"
          f"{Counter(s.kind for s in subs)['request']}; API {vias['api']}, forms {vias['form']}; "
          f"retries {modes['retry']}, concurrent duplicates {modes['twin']}, same key other body {modes['conflict']}")
    print(f"wall time {elapsed:.1f} s; {result['acknowledged'] / elapsed:.1f} acknowledged submissions/s; "
          f"{posts / elapsed:.1f} POSTs/s ({posts:,} POSTs answered)")
    print(f"latency of POSTs: p50 {pct(all_lat, 50) * 1000:.0f} ms, p99 {pct(all_lat, 99) * 1000:.0f} ms, max {max(all_lat) * 1000:.0f} ms")
    for kind in ("comment", "letter", "request"):
        lat = run.latencies[kind]
        print(f"  {kind:8s} p50 {pct(lat, 50) * 1000:.0f} ms, p99 {pct(lat, 99) * 1000:.0f} ms ({len(lat):,} POSTs)")
    print("statuses: " + ", ".join(f"{s}×{c}" for s, c in sorted(run.statuses.items())) + f"; no answer ×{run.no_answer}")
    replays = sum(1 for s in subs for status, _, _, what in s.answers if what in ("retry", "twin") and status == 200)
    print(f"replays answered 200 with the first receipt: {replays}")
    if run.crash_info:
        c = run.crash_info
        kinds = Counter("gunicorn" if "gunicorn" in cmd else "huey" if "run_huey" in cmd else "shell" for _, cmd in c["killed"])
        print(f"crash: kill -9 of {len(c['killed'])} processes ({', '.join(f'{k} {v}' for k, v in kinds.items())}) "
              f"after {c['answered_before']:,} answered submissions; down {c['down_seconds']:.1f} s "
              f"(restart {c['restart_seconds']:.1f} s)")
        cut = [s for s in subs if any(st == NO_ANSWER for st, _, _, w in s.answers if w in ("first", "twin"))]
        finals = Counter(next((st for st, _, _, w in reversed(s.answers) if w in ("first", "twin") and st != NO_ANSWER), NO_ANSWER)
                         for s in cut if s.via == "api")
        print(f"  submissions cut off without an answer, then sent again with the same key: {len(cut)}; through the API "
              f"{finals[200]} had been stored before the kill (answered 200 by replay), {finals[201]} had not "
              f"(stored on the resend, 201); {sum(1 for s in cut if s.via == 'form')} through forms (the receipt either way)")
    print(f"publisher: {len(run.published)} items published through the staff API during the run"
          + (f"; interrupted steps {dict(run.publish_failures)}" if run.publish_failures else ""))
    checks = [
        ("every acknowledged submission is stored", not result["missing"], f"{len(result['missing'])} missing"),
        ("stored content equals what was sent", not result["altered"], f"{len(result['altered'])} altered"),
        ("no submission stored twice", not result["duplicates"], f"{len(result['duplicates'])} duplicated"),
        ("every answer of a submission names the same receipt", not result["inconsistent_answers"], f"{len(result['inconsistent_answers'])}"),
        ("same key with another body refused (422)", not result["conflict_not_422"], f"{result['conflict_not_422'][:5]}"),
        ("one key row per submission", result["key_rows"] == result["acknowledged"] and not result["key_rows_duplicated"],
         f"{result['key_rows']} rows for {result['acknowledged']}"),
        ("no 5xx", five == 0, f"{five} answers ≥ 500"),
        ("every submission acknowledged in the end", result["unacknowledged"] == 0, f"{result['unacknowledged']} never answered"),
        ("publication ledger verifies", ledger[0], ledger[1]),
        ("items published during the run", bool(run.published) or not run.publish_every, "none"),
    ]
    errors = Counter(what for s in subs for status, _, _, what in s.answers if status == -1)
    if errors:
        print("client errors: " + "; ".join(f"{c}× {w[:160]}" for w, c in errors.most_common(5)))
    print(f"database: {result['rows']:,} submission rows, {result['key_rows']:,} idempotency keys")
    for label, passed, detail in checks:
        print(f"  [{'ok' if passed else 'FAIL'}] {label}" + ("" if passed else f": {detail}"))
    print(f"  ledger: {ledger[1]}")
    return all(passed for _, passed, _ in checks)


def one_backend(name: str, db_url: str, args, work: Path) -> bool:
    site = Site(work=work, db_url=db_url, port=args.port or free_port(), workers=args.workers, threads=args.threads)
    print(f"\n=== {name}: preparing the site in {work} …", flush=True)
    cache = Path(args.cache) if args.cache else None
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
    prep, how = site.prepare_from(cache, (args.pg_url, PG_SCRATCH) if name == "postgresql" else None)
    os.environ.update({k: v for k, v in site.env.items() if k in ("GONGKAI_VAR_DIR", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")})
    import django

    django.setup()
    from django.db import connections

    targets = Targets()
    tokens = staff_tokens()
    ledger_before = ledger_broken()
    connections.close_all()
    subs = plan(args.submissions, targets, seed=args.seed)
    up = site.start()
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    print(f"demo site {how} in {prep:.0f} s (migrate, seed_demo, collectstatic); bin/serve answered after {up:.1f} s", flush=True)
    run = Run(site=site, targets=targets, subs=subs, clients=args.clients, crash=args.crash,
              publish_every=args.publish_every if (args.crash or args.publish) else 0, tokens=tokens)
    try:
        elapsed = run.go()
    finally:
        site.stop()
    print(f"load average (1, 5, 15 min) before the run {' '.join(load_before)}, after "
          f"{' '.join(Path('/proc/loadavg').read_text().split()[:3])} (2 cores; other work on the machine counts too)")
    result = verify(subs)
    connections.close_all()
    ledger = ledger_check(site, ledger_before, len(run.published))
    connections.close_all()
    if name == "sqlite":
        print("SQLite runs in WAL mode with synchronous=NORMAL (settings.py): a commit reaches the WAL file before the "
              "answer, so killing processes loses nothing; a power cut could lose the last commits (not tested here).")
    else:
        print("PostgreSQL: only the application processes are killed; the server keeps every committed transaction "
              "(bin/pg-test-server runs with fsync=off, which matters only if the server or machine dies).")
    return report(run, elapsed, result, ledger, name, args)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--pg-url", default="", help="a PostgreSQL server (a scratch database is made beside the one named)")
    parser.add_argument("--crash", action="store_true", help="kill -9 every server process at 40 %% and restart")
    parser.add_argument("--publish", action="store_true", help="publish items during the run without --crash too")
    parser.add_argument("--publish-every", type=float, default=2.0, help="seconds between published items (with --crash)")
    parser.add_argument("--workers", type=int, default=os.cpu_count(), help="gunicorn workers (WEB_CONCURRENCY)")
    parser.add_argument("--threads", type=int, default=2, help="gunicorn threads per worker (GUNICORN_THREADS)")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", default="", help="keep the scratch folder (and PostgreSQL database) here")
    parser.add_argument("--cache", default="", help="keep the prepared demo site here and start later runs from a copy")
    args = parser.parse_args()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="gongkai-submit-"))
    if args.keep and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    scratch_pg = None
    try:
        if args.pg_url:
            scratch_pg = PG_SCRATCH
            with _pg_admin(args.pg_url) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{scratch_pg}" WITH (FORCE)')
                conn.execute(f"CREATE DATABASE \"{scratch_pg}\" ENCODING 'UTF8' TEMPLATE template0")
            passed = one_backend("postgresql", _with_db(args.pg_url, scratch_pg), args, work)
        else:
            passed = one_backend("sqlite", f"sqlite:///{work / 'var' / 'gongkai.sqlite3'}", args, work)
    finally:
        if scratch_pg and not args.keep:
            with _pg_admin(args.pg_url) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{scratch_pg}" WITH (FORCE)')
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("\nALL CHECKS PASSED" if passed else "\nSOME CHECKS FAILED")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
