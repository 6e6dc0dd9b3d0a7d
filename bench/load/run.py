#!/usr/bin/env python
"""Load benchmark: the public site under wrk on loopback, beside nginx serving the same page as a file.

    .venv/bin/python bench/load/run.py                         # 100,000 items, SQLite
    .venv/bin/python bench/load/run.py --items 2000 --keep /tmp/gongkai-load
    .venv/bin/python bench/load/run.py --pg-url postgres://USER@127.0.0.1:5432/postgres

Builds a scratch site (a SQLite file in a temporary folder, or on PostgreSQL a new database
`gongkai_load_<N>` beside the one named, which is never touched): migrations, the demo data
(`manage.py seed_demo`) and N generated published items (bench/search's generator and index
build). --keep DIR keeps the scratch data and reuses it next time (100,000 items take minutes).

Then starts the site as `make run` does (collectstatic, bin/serve: gunicorn + whitenoise and the
Huey worker, the same worker settings) on a free loopback port, behind nginx with the page-cache
snippet deploy/nginx/pagecache.conf when that file exists (--front), and a throw-away nginx (its
own prefix and config in the scratch folder, not the system service) serving the item page's HTML,
saved to a file, as a static file. wrk (Debian's; installed with apt-get when missing) drives, from
its own process, the home page, a column list, an item page, search (a rotating set of queries, so
nothing is cached) and the static copy: a warm-up, then --duration seconds at --connections
connections each. Prints requests/s, p50/p99 latency and non-2xx answers per target, the targets
beside them, and the item page's throughput as a share of nginx's.

Exits 1 on an error (a page that does not answer 200, a server that does not start, wrk failing);
missed targets are printed, not failed. Everything started is stopped, also on Ctrl-C.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[2]
SEARCH_RUN = REPO / "bench" / "search" / "run.py"
PAGECACHE_SNIPPET = REPO / "deploy" / "nginx" / "pagecache.conf"  # gongkai/pagecache: `manage.py pagecache_nginx --write`
PAGECACHE_MAPS = REPO / "deploy" / "nginx" / "pagecache-maps.conf"
RESULT_PREFIX = "LOAD-RESULT "
SEED = 20160624

STATIC = "nginx static file (item page)"
STATIC_AGAIN = "nginx static file, again"
TARGET_RATIO = 0.50  # cached page throughput / nginx static file throughput
TARGET_P99_MS = 50.0  # at 64 connections
TARGET_SEARCH_RPS = 200.0  # uncached search


def search_bench():
    """bench/search/run.py as a module (its item generator, index build and query mix)."""
    sys.path.insert(0, str(SEARCH_RUN.parent))  # its `corpus` module
    spec = importlib.util.spec_from_file_location("gongkai_bench_search_run", SEARCH_RUN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- parent ---------------------------------------------------------------------------------------


class Failure(Exception):
    """An error that ends the run with exit status 1."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000, help="generated published items (besides the demo data)")
    parser.add_argument("--pg-url", default="", help="a PostgreSQL server (a scratch database is made beside it)")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=int, default=15, help="seconds measured per target")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of warm-up per target")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--queries", type=int, default=2000, help="distinct searches in the rotation")
    parser.add_argument("--keep", default="", help="keep the scratch data here and reuse it next time")
    parser.add_argument(
        "--front",
        choices=["auto", "nginx", "none"],
        default="auto",
        help="put nginx with deploy/nginx/pagecache.conf in front of gunicorn (auto: when that file exists)",
    )
    parser.add_argument(
        "--nginx-snippets",
        default=str(PAGECACHE_SNIPPET.parent),
        help="folder holding pagecache.conf and pagecache-maps.conf (default: deploy/nginx)",
    )
    parser.add_argument("--build-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--reuse", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_child:
        return build_child(args)
    if args.items < 1:
        parser.error("--items must be at least 1")

    run = Run(args)
    previous = {sig: signal.signal(sig, _raise_interrupt) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        run.execute()
        return 0
    except Failure as exc:
        print(f"\nerror: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    finally:
        run.cleanup()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


class Run:
    def __init__(self, args):
        self.args = args
        self.procs: list[tuple[str, subprocess.Popen]] = []
        self.scratch_pg = ""
        self.pg_url = args.pg_url
        if args.keep:
            self.work = Path(args.keep).resolve()
            self.work.mkdir(parents=True, exist_ok=True)
        else:
            self.work = Path(tempfile.mkdtemp(prefix="gongkai-load-"))
        self.backend = "postgresql" if self.pg_url else "sqlite"

    # -- the whole run

    def execute(self) -> None:
        args = self.args
        wrk, nginx = ensure_tools()
        sb = search_bench()
        if self.pg_url:
            self.scratch_pg = f"gongkai_load_{args.items}"
            db_url = sb._with_db(self.pg_url, self.scratch_pg)
        else:
            db_url = f"sqlite:///{self.work / f'load-{args.items}.sqlite3'}"
        var = self.work / f"var-{self.backend}-{args.items}"
        self.env = {
            **os.environ,
            "DATABASE_URL": db_url,
            "GONGKAI_VAR_DIR": str(var),
            "DJANGO_SETTINGS_MODULE": "gongkai.config.settings",
        }
        for name in ("GONGKAI_TESTING", "DEBUG", "STATIC_ROOT", "MEDIA_ROOT", "PAGECACHE", "PAGECACHE_DIR"):
            self.env.pop(name, None)

        marker = self.work / f"dataset-{self.backend}-{args.items}.json"
        if not marker.exists():  # a fresh start, also after a build that did not finish
            if self.pg_url:
                sb._pg_create(self.pg_url, self.scratch_pg, reuse=False)
            else:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db_url.removeprefix('sqlite:///')}{suffix}").unlink(missing_ok=True)
                shutil.rmtree(var, ignore_errors=True)
        elif self.pg_url:
            sb._pg_create(self.pg_url, self.scratch_pg, reuse=True)
        print(f"scratch data in {self.work} ({self.backend}, {args.items:,} generated items)", flush=True)
        targets = self.build(marker)

        snippet_dir = Path(args.nginx_snippets).resolve()
        snippets = (snippet_dir / PAGECACHE_SNIPPET.name, snippet_dir / PAGECACHE_MAPS.name)
        have_snippets = all(p.exists() for p in snippets)
        front = args.front == "nginx" or (args.front == "auto" and have_snippets)
        if front and not have_snippets:
            raise Failure(f"--front nginx: {snippets[0]} or {snippets[1].name} does not exist")
        app_port, static_port, front_port = free_ports(3)
        self.start_site(app_port)
        site = f"http://127.0.0.1:{app_port}"

        html_root = self.work / "nginx" / "html"
        html_root.mkdir(parents=True, exist_ok=True)
        status, body = http_get(site + targets["item"])
        if status != 200:
            raise Failure(f"{targets['item']} answered {status}")
        (html_root / "item.html").write_bytes(body)
        self.start_nginx(
            nginx,
            static_port=static_port,
            front_port=front_port if front else 0,
            app_port=app_port,
            var=var,
            snippets=snippets,
        )
        base = f"http://127.0.0.1:{front_port}" if front else site
        static = f"http://127.0.0.1:{static_port}/item.html"

        # nginx's static file twice, around the cached pages: the ratio uses the mean of both, and
        # the two figures show how much the machine's other load moved in between.
        plan = [
            (STATIC, static, [""]),
            ("item page", base, [targets["item"]]),
            ("home page", base, ["/"]),
            ("column list", base, [targets["column"]]),
            (STATIC_AGAIN, static, [""]),
            ("search (rotating queries)", base, targets["searches"]),
        ]
        for name, root, paths in plan:  # every page answers before it is measured
            for path in paths[:20]:
                status, _ = http_get(root + path if path else root)
                if status != 200:
                    raise Failure(f"{name}: {path or root} answered {status}")

        print(
            f"\nsite: {'nginx (page cache) -> ' if front else ''}gunicorn {site} "
            f"(WEB_CONCURRENCY={os.environ.get('WEB_CONCURRENCY', str(os.cpu_count()))},"
            f" GUNICORN_THREADS={os.environ.get('GUNICORN_THREADS', '2')})"
            f"; static nginx on port {static_port}"
        )
        print(
            f"item page {targets['item']} ({len(body):,} bytes), column list {targets['column']},"
            f" {len(targets['searches'])} searches"
        )
        # Gunicorn's workers import and load lazily (templates, the segmenter's dictionary): every
        # worker thread sees every page a few times before anything is measured.
        concurrency = int(os.environ.get("WEB_CONCURRENCY", str(os.cpu_count()))) * int(os.environ.get("GUNICORN_THREADS", "2"))
        warm_urls = [base + p for p in ["/", targets["column"], targets["item"], *targets["searches"][-40:]]]
        t = time.monotonic()
        warm_up(warm_urls * 2, parallel=concurrency)
        print(f"warmed up in {time.monotonic() - t:.0f} s", flush=True)
        load_start = os.getloadavg()
        self.speed = [cpu_probe()]
        print(f"load average before: {fmt_load(load_start)}; {os.cpu_count()} CPUs", flush=True)
        results = []
        for name, root, paths in plan:
            url = root if not paths[0] else root + paths[0]
            script = self.wrk_script(name, paths)
            if args.warmup > 0:
                self.wrk(wrk, url, script, duration=args.warmup)
            # requests still queued in gunicorn when wrk stops would be served during the next run
            self.settle()
            _status, _body, headers = http_fetch(url)
            self.app_requests()  # from here on: what gunicorn logs comes from the measured run
            cpu0 = self.app_cpu()
            figures = self.wrk(wrk, url, script, duration=args.duration)
            cpu1 = self.app_cpu()
            figures["cache"] = headers.get("X-Cache", "-")
            self.settle()
            figures["to_app"] = self.app_requests() if root != static else 0
            # the site's own CPU time (gunicorn, its workers, Huey): what a request costs it, and how
            # many of the machine's cores it got while wrk ran (the rest went to wrk, nginx, others)
            figures["app_cores"] = (cpu1 - cpu0) / args.duration
            figures["app_cpu_ms"] = (self.app_cpu() - cpu0) * 1000 / figures["to_app"] if figures["to_app"] else 0.0
            figures["name"] = name
            results.append(figures)
            print(
                f"  {name:<30} {figures['rps']:>9,.0f} req/s  p50 {figures['p50_ms']:7.1f} ms  "
                f"p99 {figures['p99_ms']:7.1f} ms  non-2xx {figures['non2xx']}  socket errors {figures['socket_errors']}"
                f"  X-Cache {figures['cache']}  reached gunicorn {figures['to_app']:,}"
                f"  site CPU {figures['app_cpu_ms']:.1f} ms/request, {figures['app_cores']:.2f} cores",
                flush=True,
            )
        load_end = os.getloadavg()
        self.speed.append(cpu_probe())
        self.report(results, front=front, load=(load_start, load_end), item_bytes=len(body))

    # -- building the scratch site

    def build(self, marker: Path) -> dict:
        if marker.exists():
            print("reusing the built dataset (migrating and collecting static files only)", flush=True)
        proc = subprocess.run(
            [
                sys.executable,
                __file__,
                "--build-child",
                "--items",
                str(self.args.items),
                "--queries",
                str(self.args.queries),
            ]
            + (["--reuse"] if marker.exists() else []),
            env=self.env,
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        found = []
        for line in proc.stdout.splitlines():
            if line.startswith(RESULT_PREFIX):
                found.append(json.loads(line[len(RESULT_PREFIX) :]))
            else:
                print(line)
        if proc.returncode or not found:
            raise Failure(f"building the scratch site failed (exit {proc.returncode})")
        marker.write_text(json.dumps({"items": self.args.items, "backend": self.backend}))
        return found[0]

    # -- processes

    def start_site(self, port: int) -> None:
        log = open(self.work / "serve.log", "wb")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen(
            [str(REPO / "bin" / "serve")],
            env={**self.env, "PORT": str(port)},
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: gunicorn, its workers and Huey stop together
        )
        log.close()
        self.procs.append(("bin/serve", proc))
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                log_path = self.work / "serve.log"
                raise Failure(f"bin/serve exited with {proc.returncode}; see {log_path}:\n{tail(log_path)}")
            try:
                status, _ = http_get(f"http://127.0.0.1:{port}/", timeout=5)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise Failure(f"the site did not answer on port {port} within 90 s:\n{tail(self.work / 'serve.log')}")

    def start_nginx(
        self, nginx: str, *, static_port: int, front_port: int, app_port: int, var: Path, snippets: tuple[Path, Path]
    ) -> None:
        prefix = self.work / "nginx"
        for sub in ("logs", "tmp"):
            (prefix / sub).mkdir(parents=True, exist_ok=True)
        conf = prefix / "nginx.conf"
        conf.write_text(
            nginx_conf(
                prefix, static_port=static_port, front_port=front_port, app_port=app_port, var=var, snippets=snippets
            )
        )
        error_log = prefix / "logs" / "error.log"
        test = subprocess.run(
            [nginx, "-t", "-q", "-p", str(prefix), "-c", str(conf), "-e", str(error_log)],
            capture_output=True,
            text=True,
        )
        if test.returncode:
            raise Failure(f"nginx refused its configuration {conf}:\n{test.stderr}")
        proc = subprocess.Popen(
            [nginx, "-p", str(prefix), "-c", str(conf), "-e", str(error_log)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        self.procs.append(("nginx", proc))
        for port in (static_port, front_port):
            if port and not wait_port(port, proc, timeout=15):
                raise Failure(f"nginx did not listen on port {port}:\n{tail(error_log)}")

    def app_requests(self) -> int:
        """Requests gunicorn logged (bin/serve's access log) since the last call."""
        log = self.work / "serve.log"
        with open(log, "rb") as f:
            f.seek(getattr(self, "_log_offset", 0))
            data = f.read()
        end = data.rfind(b"\n") + 1  # a line still being written counts next time
        self._log_offset = getattr(self, "_log_offset", 0) + end
        return len(re.findall(rb'"(?:GET|HEAD) ', data[:end]))

    def app_cpu(self) -> float:
        """CPU seconds used so far by the site's processes (bin/serve's session)."""
        serve = next((p for name, p in self.procs if name == "bin/serve"), None)
        return session_cpu_ticks(serve.pid) / os.sysconf("SC_CLK_TCK") if serve else 0.0

    def settle(self, *, timeout: float = 120) -> None:
        """Wait until the site's processes (bin/serve's session) are idle: under 10 % of a CPU for a second."""
        serve = next((p for name, p in self.procs if name == "bin/serve"), None)
        if serve is None:
            return
        tick = os.sysconf("SC_CLK_TCK")
        deadline = time.monotonic() + timeout
        before = session_cpu_ticks(serve.pid)
        while time.monotonic() < deadline:
            time.sleep(1)
            now = session_cpu_ticks(serve.pid)
            if (now - before) / tick < 0.10:
                return
            before = now
        print(f"the site was still busy {timeout:.0f} s after the load stopped", file=sys.stderr)

    def cleanup(self) -> None:
        for name, proc in reversed(self.procs):
            stop_group(name, proc)
        self.procs.clear()
        if self.scratch_pg and not self.args.keep:
            try:
                search_bench()._pg_drop(self.pg_url, self.scratch_pg)
            except Exception as exc:  # the run's outcome stands; say what was left behind
                print(f"could not drop the scratch database {self.scratch_pg}: {exc}", file=sys.stderr)
        if not self.args.keep:
            shutil.rmtree(self.work, ignore_errors=True)

    # -- wrk

    def wrk_script(self, name: str, paths: list[str]) -> Path:
        """Counts answers outside 2xx (wrk itself folds 3xx into success) and prints exact figures as JSON;
        with several paths, each request takes the next one (each thread starts elsewhere in the list)."""
        script = self.work / f"wrk-{re.sub(r'[^a-z]+', '-', name.lower()).strip('-')}.lua"
        rotate = len(paths) > 1
        lines = [
            "local threads = {}",
            "local counter = 0",
            "function setup(thread)",
            "  counter = counter + 1",
            "  thread:set('offset', counter * 7919)",
            "  table.insert(threads, thread)",
            "end",
            "function init(args)",
            "  non2xx = 0",
            "  i = offset or 0",
            "end",
            "function response(status, headers, body)",
            "  if status < 200 or status > 299 then non2xx = non2xx + 1 end",
            "end",
        ]
        if rotate:
            lines += [
                "local paths = {",
                *(f"  {lua_string(p)}," for p in paths),
                "}",
                "function request()",
                "  i = i + 1",
                "  return wrk.format('GET', paths[(i % #paths) + 1])",
                "end",
            ]
        lines += [
            "function done(summary, latency, requests)",
            "  local n = 0",
            "  for _, t in ipairs(threads) do n = n + t:get('non2xx') end",
            "  local e = summary.errors",
            "  io.write(string.format('" + RESULT_PREFIX + '{"requests": %d, "duration_us": %d, "bytes": %d, '
            '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "non2xx": %d, '
            '"connect": %d, "read": %d, "write": %d, "timeout": %d}\\n\', '
            "summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90), "
            "latency:percentile(99), latency.max, n, e.connect, e.read, e.write, e.timeout))",
            "end",
        ]
        script.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return script

    def wrk(self, wrk: str, url: str, script: Path, *, duration: int) -> dict:
        cmd = [
            wrk,
            f"-t{self.args.threads}",
            f"-c{self.args.connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(script),
            url,
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        found = [line for line in proc.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
        if proc.returncode or not found:
            raise Failure(f"wrk failed (exit {proc.returncode}) on {url}:\n{proc.stdout}\n{proc.stderr}")
        raw = json.loads(found[-1][len(RESULT_PREFIX) :])
        seconds = raw["duration_us"] / 1e6
        return {
            "requests": raw["requests"],
            "rps": raw["requests"] / seconds if seconds else 0.0,
            "p50_ms": raw["p50_us"] / 1000,
            "p90_ms": raw["p90_us"] / 1000,
            "p99_ms": raw["p99_us"] / 1000,
            "max_ms": raw["max_us"] / 1000,
            "non2xx": raw["non2xx"],
            "socket_errors": raw["connect"] + raw["read"] + raw["write"] + raw["timeout"],
            "mb_per_s": raw["bytes"] / seconds / 1e6 if seconds else 0.0,
        }

    # -- the table

    def report(self, results: list[dict], *, front: bool, load, item_bytes: int) -> None:
        a = self.args
        by = {r["name"]: r for r in results}
        statics = (by[STATIC], by[STATIC_AGAIN])
        static_rps = (statics[0]["rps"] + statics[1]["rps"]) / 2
        item = by["item page"]
        ratio = item["rps"] / static_rps if static_rps else 0.0
        print(
            f"\n=== load benchmark: {self.backend}, demo data + {a.items:,} items, {a.connections} connections, "
            f"{a.duration} s per target (after {a.warmup} s warm-up), wrk -t{a.threads} ==="
        )
        print(
            "Gongkai served "
            + (
                "through nginx with the page-cache snippet (hits from files, misses to gunicorn)"
                if front
                else "by gunicorn directly (page-cache hits, if any, from its middleware)"
            )
        )
        header = (
            f"{'target':<30} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'sock err':>8} {'X-Cache':>7}"
            f" {'→app':>5} {'cpu ms':>6} {'÷nginx':>7}   targets"
        )
        print(header)
        print("-" * (len(header) + 40))

        def verdict(ok: bool) -> str:
            return "met" if ok else "MISSED"

        for r in results:
            goals = []
            if r in statics:
                goals.append("(the reference: the mean of both runs)")
            else:
                goals.append(f"p99 < {TARGET_P99_MS:.0f} ms: {verdict(r['p99_ms'] < TARGET_P99_MS)}")
            if r is item:
                goals.append(f"≥ {TARGET_RATIO:.0%} of nginx: {ratio:.1%} {verdict(ratio >= TARGET_RATIO)}")
            if r["name"].startswith("search"):
                goals.append(f"≥ {TARGET_SEARCH_RPS:.0f} req/s: {verdict(r['rps'] >= TARGET_SEARCH_RPS)}")
            share = r["rps"] / static_rps if static_rps else 0.0
            to_app = f"{min(1.0, r['to_app'] / r['requests']):.0%}" if r["requests"] and r not in statics else "-"
            cpu_ms = f"{r['app_cpu_ms']:.1f}" if r["to_app"] else "-"
            print(
                f"{r['name']:<30} {r['rps']:>9,.0f} {r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['non2xx']:>8} "
                f"{r['socket_errors']:>8} {r['cache']:>7} {to_app:>5} {cpu_ms:>6} {share:>7.1%}   {'; '.join(goals)}"
            )
        print(
            f"\nitem page throughput = {ratio:.1%} of nginx serving the same {item_bytes:,}-byte page as a static file"
            f" ({item['rps']:,.0f} vs {static_rps:,.0f} req/s,"
            f" the mean of {statics[0]['rps']:,.0f} and {statics[1]['rps']:,.0f})"
        )
        print(
            "X-Cache: the header of one request just before the run (HIT: served from the page cache);"
            " →app: share of the run's requests that reached gunicorn (its access log);"
            " cpu ms: the site's CPU time (gunicorn + Huey) per request that reached it"
        )
        search = next(r for r in results if r["name"].startswith("search"))
        if search["app_cpu_ms"]:
            print(
                f"search: the site used {search['app_cpu_ms']:.1f} ms of CPU per search and got {search['app_cores']:.2f}"
                f" cores during the run; at that cost {os.cpu_count()} idle cores serve at most"
                f" {os.cpu_count() * 1000 / search['app_cpu_ms']:,.0f} searches/s"
            )
        print(
            f"CPU speed check (a fixed Python loop, lower is faster; this machine's cores vary with the host's"
            f" load): {self.speed[0] * 1000:.0f} ms before, {self.speed[1] * 1000:.0f} ms after"
        )
        print(
            f"load average before {fmt_load(load[0])}, after {fmt_load(load[1])}"
            f" ({os.cpu_count()} CPUs, shared with wrk)"
        )
        if not front:
            print("note: no nginx in front (deploy/nginx/pagecache.conf absent or --front none)")
        passed = [r["name"] for r in results[1:4] if r["requests"] and r["to_app"] > r["requests"] / 2]
        if front and passed:
            print(
                f"warning: nginx passed most requests of {', '.join(passed)} to gunicorn although the page was"
                " stored: the page-cache snippets did not map these requests to the stored files"
            )


# --- the scratch site (child process, Django set up) ------------------------------------------------


def build_child(args) -> int:
    sys.path.insert(0, str(REPO))
    sb = search_bench()
    import django

    django.setup()
    from django.core.management import call_command

    from gongkai.disclosures.models import ItemVersion

    call_command("migrate", verbosity=0)
    if not args.reuse:  # no finished dataset yet
        t = time.perf_counter()
        call_command("seed_demo", quiet=True)
        demo = ItemVersion.objects.filter(state="published").count()
        print(f"demo data: {demo} published items in {time.perf_counter() - t:.0f} s", flush=True)
        t = time.perf_counter()
        sb.generate(args.items, seed=SEED)
        print(f"generated {args.items:,} items in {time.perf_counter() - t:.0f} s", flush=True)
        sb.index_all()
    call_command("collectstatic", interactive=False, verbosity=0)
    print(RESULT_PREFIX + json.dumps(pick_targets(sb, queries=args.queries), ensure_ascii=False), flush=True)
    return 0


def pick_targets(sb, *, queries: int) -> dict:
    """The column with the most published items, a typical generated item, and the search rotation."""
    import random

    from django.db.models import Count
    from django.db.models.functions import Length

    from gongkai.disclosures.models import CatalogColumn, DisclosureItem

    published = DisclosureItem.objects.filter(live_version__state="published")
    busiest = published.values("live_version__column").annotate(n=Count("pk")).order_by("-n").first() or {}
    column = CatalogColumn.objects.filter(pk=busiest.get("live_version__column")).first()
    generated = list(published.filter(created_by__username="bench").values_list("pk", flat=True))
    picked = random.Random(SEED).sample(generated, min(200, len(generated)))
    sample = sorted(
        published.filter(pk__in=picked).annotate(length=Length("live_version__body")).values_list("pk", "length"),
        key=lambda row: (row[1], row[0]),
    )
    item_pk = sample[len(sample) // 2][0]  # the median body length
    searches = ["/search/?" + urlencode(params) for _kind, params in sb.make_queries(queries, seed=SEED)]
    return {
        "item": f"/gk/i/{item_pk}/",
        "column": column.get_absolute_url() if column else "/gk/list/",
        "searches": searches,
    }


# --- helpers --------------------------------------------------------------------------------------


def ensure_tools() -> tuple[str, str]:
    """wrk and nginx from Debian, installed when missing."""
    missing = [name for name in ("wrk", "nginx") if not find_exe(name)]
    if missing:
        print(f"installing {' '.join(missing)} (apt-get)", flush=True)
        cmd = ["apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "-q", *missing]
        if os.geteuid() != 0:
            cmd.insert(0, "sudo")
        proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        if proc.returncode:
            raise Failure(f"apt-get install {' '.join(missing)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    wrk, nginx = find_exe("wrk"), find_exe("nginx")
    if not wrk or not nginx:
        raise Failure("wrk or nginx is still missing after apt-get install")
    return wrk, nginx


def find_exe(name: str) -> str:
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin:/sbin:/bin") or ""


def nginx_conf(
    prefix: Path, *, static_port: int, front_port: int, app_port: int, var: Path, snippets: tuple[Path, Path]
) -> str:
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the scratch folder (mode 700)
    temp = "\n".join(
        f"    {kind}_temp_path {prefix / 'tmp' / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    front = maps = ""
    if front_port:  # as deploy/nginx/pagecache.conf asks: pages from the file store, misses to gunicorn
        maps = f"    include {snippets[1]};\n"
        front = f"""
    upstream gongkai_app {{
        server 127.0.0.1:{app_port};
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{front_port};
        server_name 127.0.0.1 localhost;
        server_tokens off;
        location /static/ {{
            root {var};
        }}
        location / {{
            root {var / "pagecache"};
            include {snippets[0]};
        }}
        location @gongkai {{
            proxy_pass http://gongkai_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
"""
    return f"""# throw-away nginx of bench/load (not the system service)
{user}worker_processes auto;
pid {prefix / 'nginx.pid'};
error_log {prefix / 'logs' / 'error.log'} warn;
daemon off;
events {{
    worker_connections 4096;
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
{temp}
{maps}
    server {{
        listen 127.0.0.1:{static_port};
        server_name 127.0.0.1 localhost;
        root {prefix / 'html'};
        location / {{
            try_files $uri =404;
        }}
    }}
{front}}}
"""


def warm_up(urls: list[str], *, parallel: int) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=parallel) as pool:
        for status, url in pool.map(lambda u: (http_get(u, timeout=120)[0], u), urls):
            if status != 200:
                raise Failure(f"warm-up: {url} answered {status}")


def session_cpu_ticks(sid: int) -> int:
    """CPU time (clock ticks, user + system) of every process in session `sid`."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[3]) == sid:  # field 6 of stat(5): session id
            total += int(fields[11]) + int(fields[12])  # fields 14, 15: utime, stime
    return total


def free_ports(n: int) -> list[int]:
    socks, ports = [], []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    return ports


def wait_port(port: int, proc: subprocess.Popen, *, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def http_get(url: str, *, timeout: float = 30) -> tuple[int, bytes]:
    status, body, _headers = http_fetch(url, timeout=timeout)
    return status, body


def http_fetch(url: str, *, timeout: float = 30):
    """(status, body, headers) of a plain GET, as wrk sends it: no cookie, no redirect followed."""
    request = urllib.request.Request(url, headers={"User-Agent": "gongkai-bench-load"})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), exc.headers


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def stop_group(name: str, proc: subprocess.Popen) -> None:
    """SIGTERM to the process group the benchmark started, SIGKILL after 15 s."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        print(f"{name} did not stop within 15 s: killing it", file=sys.stderr)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=5)
    # bin/serve's trap stops Huey; anything of the group still alive goes now
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def lua_string(text: str) -> str:
    return '"' + "".join(c if c.isalnum() or c in "/?=&%-_.~+" else f"\\{ord(c):03d}" for c in text) + '"'


def tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def cpu_probe() -> float:
    """CPU seconds of a fixed pure-Python loop (the best of three): the same figure on another run
    means the cores were as fast; on a shared virtual machine it can move by half between runs."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        sum(i * i for i in range(1_000_000))
        best = min(best, time.process_time() - start)
    return best


def fmt_load(values) -> str:
    return " ".join(f"{x:.2f}" for x in values)


if __name__ == "__main__":
    sys.exit(main())
