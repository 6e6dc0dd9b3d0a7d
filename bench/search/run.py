#!/usr/bin/env python
"""Search benchmark: index N generated items and time 500 mixed public searches.

    .venv/bin/python bench/search/run.py --items 100000
    .venv/bin/python bench/search/run.py --items 100000 --pg-url postgres://USER@127.0.0.1:5432/postgres

Always on SQLite; on PostgreSQL too when --pg-url (or a postgres:// DATABASE_URL) names a server.
Every run works in a scratch database: a SQLite file in a temporary folder, and on PostgreSQL a
new database `gongkai_bench_<N>` created beside the one named in the URL (which is never touched)
and dropped at the end. --keep DIR keeps both for another run (generation is then skipped).

Prints, per backend: the indexing rate of a full reindex and of single-item updates (the path a
publication takes), and p50/p95/p99 latency of the searches, each including facet counts and
snippet highlighting, overall and per kind of query; then the same searches through the JSON API.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[2]
RESULT_PREFIX = "BENCH-RESULT "

AGENCIES = [
    ("潍坊市坊子区农业综合开发办公室", "区农发办"),
    ("潍坊市坊子区人民政府办公室", "区政府办"),
    ("潍坊市坊子区财政局", "区财政局"),
    ("潍坊市坊子区农业农村局", "区农业农村局"),
    ("潍坊市坊子区水利局", "区水利局"),
    ("潍坊市坊子区发展和改革局", "区发改局"),
    ("潍坊市坊子区自然资源局", "区自然资源局"),
    ("潍坊市坊子区审计局", "区审计局"),
    ("坊子区凤凰街道办事处", "凤凰街道"),
    ("坊子区九龙街道办事处", "九龙街道"),
    ("坊子区黄旗堡街道办事处", "黄旗堡街道"),
    ("坊子区坊安街道办事处", "坊安街道"),
]
YEARS = (2010, 2026)


# --- parent: scratch databases and the summary ----------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=20160624)
    parser.add_argument(
        "--pg-url", default="", help="a PostgreSQL server (its database is not used: a scratch one is made)"
    )
    parser.add_argument("--keep", default="", help="keep the scratch databases here and reuse them next time")
    parser.add_argument("--only", choices=["sqlite", "postgresql"], default="")
    parser.add_argument(
        "--no-reindex", action="store_true", help="with --keep: time the searches on the index already there"
    )
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)

    pg_url = args.pg_url or (
        os.environ.get("DATABASE_URL", "") if os.environ.get("DATABASE_URL", "").startswith("postgres") else ""
    )
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    runs: list[tuple[str, str]] = []
    if args.only in ("", "sqlite"):
        runs.append(("sqlite", f"sqlite:///{work / f'bench-{args.items}.sqlite3'}"))
    scratch_pg = None
    if pg_url and args.only in ("", "postgresql"):
        scratch_pg = f"gongkai_bench_{args.items}"
        _pg_create(pg_url, scratch_pg, reuse=bool(args.keep))
        runs.append(("postgresql", _with_db(pg_url, scratch_pg)))
    elif args.only == "postgresql":
        print("no PostgreSQL server given (--pg-url or DATABASE_URL)", file=sys.stderr)
        return 2

    results = []
    try:
        for name, url in runs:
            print(f"\n=== {name}: {args.items:,} items, {args.queries} queries ===", flush=True)
            env = {
                **os.environ,
                "DATABASE_URL": url,
                "GONGKAI_VAR_DIR": str(work / "var"),
                "DJANGO_SETTINGS_MODULE": "gongkai.config.settings",
            }
            env.pop("GONGKAI_TESTING", None)
            proc = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    name,
                    "--items",
                    str(args.items),
                    "--queries",
                    str(args.queries),
                    "--seed",
                    str(args.seed),
                ]
                + (["--no-reindex"] if args.no_reindex else []),
                env=env,
                cwd=REPO,
                stdout=subprocess.PIPE,
                text=True,
            )
            lines = proc.stdout.splitlines()
            for line in lines:
                if not line.startswith(RESULT_PREFIX):
                    print(line)
            found = [json.loads(line[len(RESULT_PREFIX) :]) for line in lines if line.startswith(RESULT_PREFIX)]
            if proc.returncode or not found:
                print(f"{name}: the benchmark failed (exit {proc.returncode})", file=sys.stderr)
                return 1
            results.append(found[0])
    finally:
        if scratch_pg and not args.keep:
            _pg_drop(pg_url, scratch_pg)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print("\n=== summary ===")
    print(
        f"{'backend':<11} {'items':>8} {'reindex/s':>10} {'update/s':>9} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'API p95':>8}"
    )
    for r in results:
        print(
            f"{r['backend']:<11} {r['items']:>8,} {r['reindex_rate']:>10,.0f} {r['update_rate']:>9,.0f} "
            f"{r['search']['p50']:>7.1f} {r['search']['p95']:>7.1f} {r['search']['p99']:>7.1f} {r['api']['p95']:>8.1f}"
        )
    print("targets: p95 <= 50 ms at 100,000 items; indexing >= 500 items/s")
    return 0


def _with_db(url: str, db: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, parts.fragment))


def _pg_admin(url: str):
    import psycopg

    return psycopg.connect(_with_db(url, "postgres").replace("postgres://", "postgresql://", 1), autocommit=True)


def _pg_create(url: str, db: str, *, reuse: bool) -> None:
    with _pg_admin(url) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone()
        if exists and reuse:
            return
        if exists:
            conn.execute(f'DROP DATABASE "{db}"')
        conn.execute(f"CREATE DATABASE \"{db}\" ENCODING 'UTF8' TEMPLATE template0")


def _pg_drop(url: str, db: str) -> None:
    with _pg_admin(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


# --- child: one backend -------------------------------------------------------------------------------


def child(args) -> int:
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    from gongkai.disclosures.models import ItemVersion

    have = ItemVersion.objects.count()
    if have != args.items:
        if have:
            print(
                f"the scratch database holds {have} items, not {args.items}: use another --keep folder", file=sys.stderr
            )
            return 1
        t = time.perf_counter()
        generate(args.items, seed=args.seed)
        print(f"generated {args.items:,} items in {time.perf_counter() - t:.0f} s", flush=True)

    from gongkai.search.models import SearchDocument

    if args.no_reindex and SearchDocument.objects.count() == args.items:
        reindex_rate = update_rate = float("nan")
    else:
        reindex_rate, update_rate = index_all()
    queries = make_queries(args.queries, seed=args.seed)
    search = time_searches(queries)
    try:
        api = time_api(queries)
    except Exception as exc:  # the API is measured too, but the search figures stand without it
        print(f"JSON API not measured: {exc!r}", flush=True)
        api = {"p50": float("nan"), "p95": float("nan"), "p99": float("nan")}
    result = {
        "backend": args.child,
        "items": args.items,
        "reindex_rate": reindex_rate,
        "update_rate": update_rate,
        "search": search,
        "api": api,
    }
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    print(RESULT_PREFIX + json.dumps(result, ensure_ascii=False), flush=True)
    return 0


def generate(n: int, *, seed: int) -> None:
    """N published items of generated text, written directly (the editorial workflow is not what is measured)."""
    import datetime as dt
    import hashlib
    import random
    import zoneinfo

    from corpus import Corpus
    from django.db import connection, transaction

    from gongkai.core.credit_code import make_credit_code
    from gongkai.core.models import Agency, User
    from gongkai.disclosures.models import Attachment, CatalogColumn, DisclosureItem, ItemVersion, Topic, Validity

    rng = random.Random(seed)
    corpus = Corpus(seed)
    tz = zoneinfo.ZoneInfo("Asia/Shanghai")
    user, _ = User.objects.get_or_create(username="bench", defaults={"display_name": "基准测试"})
    agencies = []
    for i, (name, short) in enumerate(AGENCIES):
        agency, _ = Agency.objects.get_or_create(
            name=name,
            defaults={"short_name": short, "slug": f"bench{i}", "credit_code": make_credit_code(f"11370704BM{i:07d}")},
        )
        agencies.append(agency)
    columns = [c for c in CatalogColumn.objects.all() if c.slug not in ("guide", "annual-reports")]
    topics = list(Topic.objects.all())
    validities = (
        [Validity.VALID] * 6 + [Validity.EXPIRED, Validity.REPEALED, Validity.AMENDED] + [Validity.NOT_APPLICABLE] * 3
    )
    serials: dict[tuple[int, int], int] = {}
    batch = 2000
    done = 0
    while done < n:
        size = min(batch, n - done)
        items, versions, attachments = [], [], []
        for _ in range(size):
            agency = rng.choice(agencies)
            year = rng.randint(*YEARS)
            published = dt.datetime(year, 1, 1, 9, tzinfo=tz) + dt.timedelta(
                days=rng.randrange(365), minutes=rng.randrange(600)
            )
            serial = serials.get((agency.pk, year), 0) + 1
            serials[(agency.pk, year)] = serial
            doc = corpus.doc(agency=agency.short_name, year=year)
            items.append(
                DisclosureItem(
                    agency=agency,
                    index_number=f"{agency.credit_code}/{year}-{serial:05d}",
                    created_by=user,
                    first_published_at=published,
                )
            )
            versions.append((doc, published, year))
        with transaction.atomic():
            DisclosureItem.objects.bulk_create(items)
            objs = []
            for item, (doc, published, _year) in zip(items, versions, strict=True):
                objs.append(
                    ItemVersion(
                        item=item,
                        number=1,
                        state="published",
                        title=doc.title[:300],
                        body=doc.body,
                        column=rng.choice(columns),
                        topic=rng.choice(topics),
                        doc_number=doc.doc_number,
                        written_on=published.date() - dt.timedelta(days=rng.randrange(1, 20)),
                        validity=rng.choice(validities),
                        keywords=doc.keywords,
                        disclosure_mode="proactive",
                        published_at=published,
                        created_by=user,
                        updated_by=user,
                    )
                )
                if doc.attachment:
                    attachments.append((len(objs) - 1, doc.attachment))
            ItemVersion.objects.bulk_create(objs)
            Attachment.objects.bulk_create(
                Attachment(
                    version=objs[i],
                    file=f"attachments/bench/{objs[i].item_id}.pdf",
                    original_name="附件1.pdf",
                    kind="pdf",
                    size=len(text.encode()),
                    sha256=hashlib.sha256(text.encode()).hexdigest(),
                    text=text,
                    uploaded_by=user,
                )
                for i, text in attachments
            )
        done += size
        print(f"\rgenerating {done:,}/{n:,}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    with connection.cursor() as cur:
        cur.execute(  # only the generated items (one version each): bench/load adds them to the demo data
            "UPDATE disclosures_disclosureitem SET live_version_id = "
            "(SELECT v.id FROM disclosures_itemversion v WHERE v.item_id = disclosures_disclosureitem.id) "
            "WHERE created_by_id = %s",
            [user.pk],
        )
        if connection.vendor == "postgresql":
            cur.execute("ANALYZE")


def index_all() -> tuple[float, float]:
    """Rate of a full reindex from empty, and of single-item updates (one transaction each)."""
    import random

    from django.db import connection, transaction

    from gongkai.search import services
    from gongkai.search.models import SearchDocument

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM search_searchtext")
        cur.execute("DELETE FROM search_searchdocument")
    from gongkai.search.management.commands.reindex import ProgressBar

    t = time.perf_counter()
    c = time.process_time()
    report = services.index_rebuild(batch_size=1000, reset=True, progress=ProgressBar(sys.stderr))
    elapsed = time.perf_counter() - t
    cpu = time.process_time() - c
    reindex_rate = report.indexed / elapsed
    print(
        f"reindex: {report.indexed:,} items in {elapsed:.1f} s = {reindex_rate:,.0f} items/s"
        f" (this process used {cpu:.1f} s of CPU, {cpu / max(report.indexed, 1) * 1000:.2f} ms per item)",
        flush=True,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE search_searchdocument")
    else:
        with connection.cursor() as cur:
            cur.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            cur.execute("ANALYZE")

    ids = list(SearchDocument.objects.values_list("item_id", flat=True))
    sample = random.Random(7).sample(ids, min(500, len(ids)))
    t = time.perf_counter()
    for item_id in sample:
        services.index_refresh(item_id=item_id)
    elapsed = time.perf_counter() - t
    update_rate = len(sample) / elapsed
    print(f"single-item updates: {len(sample)} in {elapsed:.1f} s = {update_rate:,.0f} items/s", flush=True)
    return reindex_rate, update_rate


BRACKETS = [("〔", "〕"), ("[", "]"), ("(", ")"), ("（", "）"), ("［", "］")]


def make_queries(n: int, *, seed: int) -> list[tuple[str, dict]]:
    """(kind, params): 2-character words, 4-character terms, quoted phrases, document numbers,
    index numbers and two-word searches; about 40% with a filter and 15% sorted by date."""
    import random

    from corpus import GOV_TERMS, Corpus

    from gongkai.core.models import Agency
    from gongkai.disclosures.models import CatalogColumn
    from gongkai.search.models import SearchDocument

    rng = random.Random(seed + 1)
    corpus = Corpus(seed + 2)
    two = [w for w in corpus.words[:6000] if len(w) == 2] + [t[:2] for t in GOV_TERMS]
    four = [w for w in corpus.words if len(w) == 4] + [t for t in GOV_TERMS if len(t) >= 4]
    ids = list(SearchDocument.objects.values_list("item_id", flat=True))
    sample = list(SearchDocument.objects.select_related("text").filter(item_id__in=rng.sample(ids, min(400, len(ids)))))
    bodies = [d.text.body for d in sample if len(d.text.body) > 50]
    numbers = [
        d.doc_number
        for d in SearchDocument.objects.exclude(doc_number="").filter(item_id__in=rng.sample(ids, min(3000, len(ids))))
    ]
    index_numbers = [d.index_number for d in sample]
    columns = [c.slug for c in CatalogColumn.objects.all()]
    agencies = [str(a) for a in Agency.objects.values_list("pk", flat=True)]
    kinds = (
        ["word2"] * 25 + ["term4"] * 20 + ["phrase"] * 20 + ["docno"] * 15 + ["two_words"] * 15 + ["index_number"] * 5
    )
    queries = []
    for _ in range(n):
        kind = rng.choice(kinds)
        if kind == "word2":
            q = rng.choice(two)
        elif kind == "term4":
            q = rng.choice(four)
        elif kind == "phrase":
            q = f'"{corpus.phrase_from(rng.choice(bodies), rng.randint(4, 8))}"'
        elif kind == "docno":
            number = rng.choice(numbers)
            o, c = rng.choice(BRACKETS)
            q = number.replace("〔", o).replace("〕", c)
        elif kind == "two_words":
            q = f"{rng.choice(two)} {rng.choice(GOV_TERMS)}"
        else:
            q = rng.choice(index_numbers)
        params: dict = {"q": q}
        if rng.random() < 0.4:
            f = rng.choice(["column", "agency", "year", "validity"])
            if f == "column":
                params["column"] = rng.choice(columns)
            elif f == "agency":
                params["agency"] = rng.choice(agencies)
            elif f == "year":
                y = rng.randint(*YEARS)
                params["year_from"], params["year_to"] = y, min(YEARS[1], y + rng.randint(0, 3))
            else:
                params["validity"] = rng.choice(["valid", "expired", "na"])
        if rng.random() < 0.15:
            params["sort"] = "date"
        queries.append((kind, params))
    return queries


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    return {
        "n": len(ordered),
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "mean": statistics.fmean(ordered),
        "max": ordered[-1],
    }


def time_searches(queries) -> dict:
    from gongkai.search.forms import params_from
    from gongkai.search.selectors import search_public

    for _kind, params in queries[:50]:  # warm the caches (reference data, segmenter, database pages)
        search_public(params_from({k: str(v) for k, v in params.items()}))
    by_kind: dict[str, list[float]] = {}
    all_ms, cpu_ms, empty = [], [], 0
    for kind, params in queries:
        p = params_from({k: str(v) for k, v in params.items()})
        c = time.process_time()
        t = time.perf_counter()
        results = search_public(p)
        ms = (time.perf_counter() - t) * 1000
        cpu_ms.append((time.process_time() - c) * 1000)
        all_ms.append(ms)
        by_kind.setdefault(kind, []).append(ms)
        empty += results.count == 0
    summary = _percentiles(all_ms)
    summary["kinds"] = {k: _percentiles(v) for k, v in sorted(by_kind.items())}
    summary["no_result"] = empty
    summary["cpu"] = _percentiles(cpu_ms)
    print(
        f"searches (facets + page + snippets): p50 {summary['p50']:.1f} ms  p95 {summary['p95']:.1f} ms  p99 {summary['p99']:.1f} ms  max {summary['max']:.0f} ms  ({empty} without result)"
    )
    cpu = summary["cpu"]
    print(
        f"  CPU time of this process per search: p50 {cpu['p50']:.1f} ms  p95 {cpu['p95']:.1f} ms  p99 {cpu['p99']:.1f} ms"
        "  (SQLite runs in this process; PostgreSQL's own work is not in it)"
    )
    for k, v in summary["kinds"].items():
        print(f"  {k:<13} n={v['n']:>3}  p50 {v['p50']:6.1f}  p95 {v['p95']:6.1f}  p99 {v['p99']:6.1f} ms")
    return summary


def time_api(queries) -> dict:
    from django.test import Client

    client = Client()
    ms = []
    for _kind, params in queries:
        t = time.perf_counter()
        response = client.get("/api/v1/search", params)
        ms.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (params, response.status_code, response.content[:300])
    summary = _percentiles(ms)
    print(
        f"JSON API (GET /api/v1/search):       p50 {summary['p50']:.1f} ms  p95 {summary['p95']:.1f} ms  p99 {summary['p99']:.1f} ms"
    )
    return summary


if __name__ == "__main__":
    sys.exit(main())
