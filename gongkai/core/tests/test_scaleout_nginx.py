"""Several stateless app servers behind nginx, proven on loopback.

deploy/nginx/gongkai.conf (with loopback ports and temporary paths) runs in a throw-away nginx in
front of two gunicorn app servers in production settings (not the test settings) on one shared
database (this test's, copied to a file for SQLite), one Redis for the cache and the task queue,
and the Huey worker as a process of its own. nginx's access log tells which app server answered
each request; the test shows that:

- each app server reaches the database, the cache and the queue (/healthz);
- a staff login answered by one app server is a valid session on the other;
- a form posted to one (retry an outbox delivery) is queued in Redis, not run by the web server;
  the worker process delivers it, and the other app server shows the result;
- the rate limit counts a visitor's posts across both app servers (shared cache, X-Forwarded-For);
- nginx serves the collected static files itself, and never the uploaded files;
- a public page one app server stored in the shared page-cache folder is served by nginx alone.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection
from django.urls import reverse
from huey import RedisHuey

from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.publishing.models import Channel, Delivery

from . import servers

REPO = Path(__file__).resolve().parents[3]
DEPLOY_CONF = REPO / "deploy" / "nginx" / "gongkai.conf"
PASSWORD = "scale-out-test-Passw0rd"
SECRET_KEY = "scale-out-" + uuid.uuid4().hex * 2
TIMEOUT = 30  # seconds any one thing may take on a loaded machine before the test gives up

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STATE_BADGE = re.compile(r'<td><span class="badge [a-z-]+">([^<]+)</span></td>')  # a delivery's state in the outbox


# --- what the test talks to ------------------------------------------------------------------------


class Hook(BaseHTTPRequestHandler):
    """The webhook receiver of a channel: records each delivery, answers 200."""

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.seen.append((dict(self.headers), body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    upstream: str  # the app server nginx chose ("" when nginx answered by itself)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Visitor:
    """One browser through nginx: keeps its cookies, follows no redirect, learns who answered."""

    port: int
    access_log: Path
    cookies: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    def get(self, path: str, *, logged: bool = True, **headers: str) -> Answer:
        """logged=False: a path nginx does not log (static files), so nobody to ask who answered."""
        return self.request("GET", path, headers=headers, logged=logged)

    def post(self, path: str, form: dict[str, str]) -> Answer:
        return self.request("POST", path, body=urlencode(form), headers={"Content-Type": "application/x-www-form-urlencoded"})

    def request(self, method: str, path: str, *, body: str | None = None, headers: dict[str, str], logged: bool = True) -> Answer:
        tag = uuid.uuid4().hex
        sent = {"Host": "127.0.0.1", "X-Scaleout-Request": tag, **self.headers, **headers}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            conn.request(method, path, body=body.encode() if body is not None else None, headers=sent)
            response = conn.getresponse()
            data = response.read()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                value = rest.split(";", 1)[0]
                if value and "max-age=0" not in cookie.lower():
                    self.cookies[name.strip()] = value
                else:
                    self.cookies.pop(name.strip(), None)
            answer = Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data, "")
        finally:
            conn.close()
        answer.upstream = self._upstream(tag) if logged else ""
        return answer

    def _upstream(self, tag: str) -> str:
        """nginx logs after it answered: wait a moment for the line."""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            for line in self.access_log.read_text().splitlines():
                logged_tag, _, upstream = line.partition(" ")
                if logged_tag == tag:
                    return "" if upstream == "-" else upstream
            time.sleep(0.02)
        return ""


@dataclass
class Site:
    visitor: Visitor
    app_servers: list[str]  # "127.0.0.1:port" of each gunicorn
    static_root: Path
    huey_url: str
    start_worker: Callable[[], subprocess.Popen]
    logs: Callable[[], str]  # the tail of every process's log, for failure messages


# --- starting it all ---------------------------------------------------------------------------------


def shared_database_url(tmp: Path) -> str:
    """A DATABASE_URL other processes can open, holding this test's (committed) data."""
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = quote(s["USER"] or "", safe="") + (":" + quote(s["PASSWORD"], safe="") if s["PASSWORD"] else "")
        return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{quote(s['NAME'], safe='')}"
    assert connection.vendor == "sqlite", connection.vendor
    path = tmp / "gongkai.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)  # the test database is in memory: copy it to a file
    finally:
        target.close()
    return f"sqlite:///{path}"


def child_env(**values: str) -> dict[str, str]:
    """The environment of production processes: none of the test settings, nothing of the machine's
    own cache, storage or database configuration."""
    drop = {"GONGKAI_TESTING", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", *servers.SCALEOUT_ENV}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("PYTEST_")}
    env.update(DJANGO_SETTINGS_MODULE="gongkai.config.settings", PYTHONDONTWRITEBYTECODE="1", **values)
    return env


def render_nginx(prefix: Path, *, port: int, app_servers: list[str], srv: Path) -> Path:
    """deploy/nginx/gongkai.conf for loopback: our ports and paths, inside a minimal nginx.conf."""
    conf = DEPLOY_CONF.read_text()
    upstreams = re.findall(r"^\s*server\s+\d+\.\d+\.\d+\.\d+:\d+[^;]*;\n", conf, flags=re.M)
    assert len(upstreams) >= 2, "deploy/nginx/gongkai.conf should name several app servers"
    conf = conf.replace(upstreams[0], "".join(f"    server {a} max_fails=3 fail_timeout=10s;\n" for a in app_servers), 1)
    for line in upstreams[1:]:
        conf = conf.replace(line, "", 1)
    conf = re.sub(r"^(\s*)listen 80;$", rf"\1listen 127.0.0.1:{port};", conf, count=1, flags=re.M)
    conf = re.sub(r"^\s*listen \[::\]:80;\n", "", conf, count=1, flags=re.M)
    conf = conf.replace("/srv/gongkai/app/", f"{REPO}/")  # the page-cache snippets of this checkout
    conf = conf.replace("/srv/gongkai", str(srv))
    (prefix / "gongkai.conf").write_text(conf)
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "tmp" / kind).mkdir(parents=True, exist_ok=True)
    temp = "\n".join(f"    {kind}_temp_path {prefix / 'tmp' / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = prefix / "nginx.conf"
    main.write_text(
        f"""# throw-away nginx of {Path(__file__).name}
{"user root;" if servers.is_root() else ""}
worker_processes 1;  # one round-robin counter: requests alternate between the app servers
pid {prefix / 'nginx.pid'};
error_log {prefix / 'error.log'} warn;
daemon off;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format scaleout '$http_x_scaleout_request $upstream_addr';
    access_log {prefix / 'access.log'} scaleout;
{temp}
    include {prefix / 'gongkai.conf'};
}}
"""
    )
    return main


@pytest.fixture
def tools():
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        pytest.skip("nginx is not installed (Debian package nginx; bin/ensure-browser, run by make test, installs it)")
    servers.redis_binary()  # skips with its reason when absent
    return nginx


@pytest.fixture
def hook():
    """A webhook receiver on loopback."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    server.seen = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def world(transactional_db, hook):
    """An agency's spokesperson (no second factor needed), its webhook channel and a dead delivery,
    committed before the app servers open the database."""
    agency = AgencyFactory()
    person = staff(agency, "spokesperson", display_name="新闻发言人甲")
    hasher = Argon2PasswordHasher()  # what production verifies (the test settings hash with MD5)
    person.password = hasher.encode(PASSWORD, hasher.salt())
    person.save(update_fields=["password"])
    channel = Channel.objects.create(
        agency=agency, kind="webhook", name="政务新媒体", url=f"http://127.0.0.1:{hook.server_address[1]}/hook", secret="s" * 32
    )
    dead = Delivery.objects.create(
        channel=channel,
        content_kind="opinion.statement",
        object_key="scaleout-1",
        action="publish",
        payload={"event": "publish", "kind": "opinion.statement", "object_key": "scaleout-1", "content": {"title": "情况通报"}},
        state="dead",
        attempts=6,
        last_error="HTTP 503",
    )
    return person, dead


@pytest.fixture
def site(tools, world, tmp_path):
    """nginx → two gunicorn app servers → one database and one Redis; the worker starts on demand."""
    nginx = tools
    procs: list[tuple[str, subprocess.Popen, Path]] = []

    def spawn(name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = tmp_path / f"{name}.log"
        with log.open("wb") as out:  # the child keeps its own copy of the descriptor
            proc = subprocess.Popen(args, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
        procs.append((name, proc, log))
        return proc

    def logs() -> str:
        out = [f"--- {name} ---\n{log.read_text(errors='replace')[-3000:]}" for name, _, log in procs if log.exists()]
        error_log = tmp_path / "nginx" / "error.log"
        if error_log.exists():
            out.append(f"--- nginx error.log ---\n{error_log.read_text()[-3000:]}")
        return "\n".join(out)

    try:
        with servers.redis_server(tmp_path) as redis_url:
            srv = tmp_path / "srv" / "gongkai"
            static_root = srv / "var" / "static"
            common = {
                "DATABASE_URL": shared_database_url(tmp_path),
                "SECRET_KEY": SECRET_KEY,
                "REDIS_URL": redis_url,
                "HUEY_REDIS_URL": redis_url.rsplit("/", 1)[0] + "/1",
                "STATIC_ROOT": str(static_root),
                "MEDIA_ROOT": str(srv / "var" / "media"),
                "PAGECACHE_DIR": str(srv / "var" / "pagecache"),  # shared by the app servers and nginx
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "TRUSTED_PROXIES": "127.0.0.1",
                "BACKUP_NIGHTLY": "0",
                "LOG_LEVEL": "WARNING",
            }
            # Each process has a var folder of its own; only what a deployment shares is common:
            # the collected static files and the page-cache folder (nginx reads both).
            def env_for(name: str) -> dict[str, str]:
                return child_env(**common, GONGKAI_VAR_DIR=str(tmp_path / f"var-{name}"))

            # As a deployment does: collect the static files, then start the app servers (they read
            # the manifest of hashed names when they start).
            collect = spawn("collectstatic", [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], env_for("deploy"))
            assert collect.wait(timeout=120) == 0, logs()
            app_servers, gunicorns = [], []
            for name in ("app1", "app2"):
                port = servers.free_port()
                app_servers.append(f"127.0.0.1:{port}")
                gunicorns.append((port, spawn(name, [
                    sys.executable, "-m", "gunicorn", "gongkai.config.wsgi:application",
                    "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4", "--log-level", "warning",
                ], env_for(name))))
            for port, proc in gunicorns:
                assert servers.wait_for_port(port, proc, timeout=60), f"app server on {port} did not start\n{logs()}"

            prefix = tmp_path / "nginx"
            prefix.mkdir()
            front = servers.free_port()
            main = render_nginx(prefix, port=front, app_servers=app_servers, srv=srv)
            check = subprocess.run([nginx, "-t", "-q", "-p", str(prefix), "-c", str(main), "-e", str(prefix / "error.log")],
                                   capture_output=True, text=True)
            assert check.returncode == 0, f"nginx refused deploy/nginx/gongkai.conf:\n{check.stderr}"
            proxy = spawn("nginx", [nginx, "-p", str(prefix), "-c", str(main), "-e", str(prefix / "error.log")], env_for("nginx"))
            assert servers.wait_for_port(front, proxy, timeout=20), logs()
            (prefix / "access.log").touch()

            def start_worker() -> subprocess.Popen:
                return spawn("worker", [sys.executable, "manage.py", "run_huey"], env_for("worker"))

            yield Site(
                visitor=Visitor(port=front, access_log=prefix / "access.log"),
                app_servers=app_servers,
                static_root=static_root,
                huey_url=common["HUEY_REDIS_URL"],
                start_worker=start_worker,
                logs=logs,
            )
    finally:
        for _, proc, _ in procs:  # all at once: each may take a moment to finish gracefully
            if proc.poll() is None:
                proc.terminate()
        for _, proc, _ in procs:
            servers.stop(proc)


# --- the test ----------------------------------------------------------------------------------------


def test_app_servers_behind_nginx_share_sessions_forms_rate_limits_and_a_separate_worker(site, world, hook):
    person, dead = world
    v = site.visitor
    both = set(site.app_servers)

    # 0. Each app server reaches the database, the Redis cache and the Redis queue.
    checks = [v.get("/healthz") for _ in range(2)]
    assert {c.upstream for c in checks} == both, site.logs()
    assert all(c.status == 200 and json.loads(c.body)["status"] == "ok" for c in checks), [c.text for c in checks]

    # 1. Log in through one app server; the session is valid on the other.
    login_page = v.get(reverse("workspace:login"))
    assert login_page.status == 200 and login_page.upstream in both, site.logs()
    token = CSRF_FIELD.search(login_page.text).group(1)
    login = v.post(reverse("workspace:login"), {"username": person.username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert login.status == 302 and login.headers["location"] == reverse("workspace:home"), login.text[:800]
    assert "sessionid" in v.cookies
    answered = []
    for _ in range(4):
        home = v.get(reverse("workspace:home"))
        assert home.status == 200 and person.display_name in home.text, (home.status, home.headers.get("location"))
        answered.append(home.upstream)
    assert set(answered) == both and login.upstream in both  # round robin: both knew the session

    # 2. A form posted to one app server: only queued (in Redis); the worker process runs it; the
    #    other app server shows the result.
    outbox = until_other(v, reverse("publishing:outbox"), other_than=None)
    assert STATE_BADGE.findall(outbox.text) == ["投递失败"] and "重新投递" in outbox.text
    retry = v.post(reverse("publishing:delivery_retry", kwargs={"pk": dead.pk}), {"csrfmiddlewaretoken": CSRF_FIELD.search(outbox.text).group(1)})
    assert retry.status == 302 and retry.headers["location"] == reverse("publishing:outbox"), retry.text[:800]
    queue = RedisHuey("gongkai", url=site.huey_url)
    assert queue.pending_count() == 1 and hook.seen == []  # the web server did not deliver it
    worker = site.start_worker()
    deadline = time.monotonic() + 60
    while not hook.seen and time.monotonic() < deadline and worker.poll() is None:
        time.sleep(0.1)
    assert len(hook.seen) == 1, "the worker did not deliver the webhook\n" + site.logs()
    headers, body = hook.seen[0]
    assert headers["Idempotency-Key"] == str(dead.idempotency_key) and json.loads(body)["object_key"] == "scaleout-1"
    deadline = time.monotonic() + TIMEOUT  # the worker records the success just after the receiver answered
    while True:
        after = until_other(v, reverse("publishing:outbox"), other_than=retry.upstream)
        if STATE_BADGE.findall(after.text) != ["待投递"] or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert after.upstream in both - {retry.upstream}
    assert STATE_BADGE.findall(after.text) == ["已送达"]

    # 3. The rate limit counts one visitor's posts on both app servers together (Redis), by the
    #    address nginx forwards. letters:new allows 5 in 10 minutes; CSRF refuses these posts
    #    afterwards, but the limiter counts them first.
    someone = Visitor(port=v.port, access_log=v.access_log, headers={"X-Forwarded-For": "198.51.100.23"})
    statuses, servers_hit = [], set()
    for _ in range(6):
        a = someone.post(reverse("letters:new"), {"content": "建议"})
        statuses.append(a.status)
        servers_hit.add(a.upstream)
    assert statuses == [403] * 5 + [429] and servers_hit == both
    other_person = Visitor(port=v.port, access_log=v.access_log, headers={"X-Forwarded-For": "198.51.100.24"})
    assert other_person.post(reverse("letters:new"), {"content": "建议"}).status == 403

    # 4. nginx serves collected static files itself (hashed names cached for a year, gzip beside);
    #    uploaded files never.
    manifest = json.loads((site.static_root / "staticfiles.json").read_text())["paths"]
    css = manifest["web/site.css"]
    static = v.get(f"/static/{css}", logged=False, **{"Accept-Encoding": "gzip"})
    assert static.status == 200 and "referrer-policy" not in static.headers  # not from Django (or whitenoise)
    assert "immutable" in static.headers["cache-control"] and static.headers.get("content-encoding") == "gzip"
    assert static.body == (site.static_root / (css + ".gz")).read_bytes()
    media = v.get("/media/attachments/2026/01/x.pdf")
    assert media.status == 404 and media.upstream == ""  # nginx refused it itself

    # 5. A public page one app server rendered is stored in the shared page-cache folder; nginx
    #    then serves it itself, without an app server.
    reader = Visitor(port=v.port, access_log=v.access_log)
    first = reader.get("/")
    assert first.status == 200 and first.upstream in both, first.headers
    again = reader.get("/")
    assert again.status == 200 and again.upstream == "" and again.headers.get("x-cache") == "HIT", again.headers
    assert again.body == first.body


def until_other(v: Visitor, path: str, *, other_than: str | None) -> Answer:
    """GET path until an app server other than `other_than` answers it (round robin: at most twice)."""
    for _ in range(3):
        answer = v.get(path)
        assert answer.status == 200, (answer.status, answer.headers.get("location"))
        if answer.upstream != other_than:
            return answer
    raise AssertionError(f"{path} was always answered by {other_than}")
