#!/usr/bin/env python
"""Relevance of the public search on the demo data: precision at 10 over 30 labelled searches.

    .venv/bin/python bench/search/relevance.py [--pg-url postgres://USER@HOST:PORT/postgres] [--keep DIR] [-v]

Builds the demo site (manage.py migrate + seed_demo) in a scratch database (a SQLite file in a
temporary folder, or a new database beside the one named by --pg-url), reindexes it, and runs the
searches of relevance.json with the default sort (relevance). For each search:

    precision@10 = relevant items among the first page (up to 10) / items on that page
    recall@10    = relevant items among the first page / min(10, relevant items in the data)

A search that finds nothing scores 0 on both. Prints each search and the means; the target is a
mean precision@10 of at least 0.8.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (scratch-database helpers)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg-url", default="")
    parser.add_argument("--keep", default="", help="keep (and reuse) the scratch database here")
    parser.add_argument("-v", "--verbose", action="store_true", help="print the first page of every search")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return evaluate(verbose=args.verbose)

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="gongkai-relevance-"))
    work.mkdir(parents=True, exist_ok=True)
    scratch_pg = ""
    if args.pg_url:
        scratch_pg = "gongkai_relevance"
        run._pg_create(args.pg_url, scratch_pg, reuse=bool(args.keep))
        url = run._with_db(args.pg_url, scratch_pg)
    else:
        url = f"sqlite:///{work / 'demo.sqlite3'}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "GONGKAI_VAR_DIR": str(work / "var"),
        "DJANGO_SETTINGS_MODULE": "gongkai.config.settings",
    }
    env.pop("GONGKAI_TESTING", None)
    try:
        manage = [sys.executable, str(REPO / "manage.py")]
        subprocess.run([*manage, "migrate", "-v", "0"], env=env, cwd=REPO, check=True)
        subprocess.run([*manage, "seed_demo", "--quiet"], env=env, cwd=REPO, check=True)
        subprocess.run([*manage, "reindex", "--quiet"], env=env, cwd=REPO, check=True)
        child = [sys.executable, __file__, "--child"] + (["-v"] if args.verbose else [])
        return subprocess.run(child, env=env, cwd=REPO).returncode
    finally:
        if scratch_pg and not args.keep:
            run._pg_drop(args.pg_url, scratch_pg)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def _relevant(doc, spec: dict) -> bool:
    from gongkai.search.text import fold

    if any(t in doc.title for t in spec.get("title_any", [])):
        return True
    if spec.get("doc_number") and fold(doc.doc_number) == fold(spec["doc_number"]):
        return True
    text = fold(" ".join((doc.title, doc.text.body, doc.text.attachments)))
    return any(fold(t) in text for t in spec.get("text_any", []))


def evaluate(*, verbose: bool) -> int:
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from gongkai.search.models import SearchDocument
    from gongkai.search.selectors import SearchParams, search_public

    specs = json.loads((HERE / "relevance.json").read_text(encoding="utf-8"))["queries"]
    docs = list(SearchDocument.objects.select_related("text"))
    by_id = {d.item_id: d for d in docs}
    precisions, recalls = [], []
    print(f"{len(docs)} public items indexed; {len(specs)} searches\n")
    print(f"{'search':<24} {'found':>6} {'relevant':>8} {'P@10':>6} {'R@10':>6}")
    for spec in specs:
        relevant = {d.item_id for d in docs if _relevant(d, spec)}
        results = search_public(SearchParams(q=spec["q"], page_size=10))
        page = [h.item_id for h in results.hits]
        good = sum(1 for i in page if i in relevant)
        precision = good / len(page) if page else 0.0
        recall = good / min(10, len(relevant)) if relevant else 0.0
        precisions.append(precision)
        recalls.append(recall)
        print(f"{spec['q']:<24} {results.count:>6} {len(relevant):>8} {precision:>6.2f} {recall:>6.2f}")
        if verbose or precision < 0.8:
            for i in page:
                print(f"      {'✓' if i in relevant else '✗'} {by_id[i].title}")
    p = sum(precisions) / len(precisions)
    r = sum(recalls) / len(recalls)
    print(f"\nmean precision@10 = {p:.3f}   mean recall@10 = {r:.3f}   (target: precision@10 >= 0.8)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
