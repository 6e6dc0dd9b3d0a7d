"""Peak Python memory while streaming the comment export (CSV and XLSX) at 100,000 comments.

Run: .venv/bin/python bench/decisions/export_memory.py [N]
Uses a throw-away SQLite database in a temporary folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc

tmp = tempfile.mkdtemp()
os.environ["GONGKAI_VAR_DIR"] = tmp
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings_test")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402

call_command("migrate", verbosity=0)

from gongkai.core.models import Role  # noqa: E402
from gongkai.core.tests.factories import AgencyFactory, staff  # noqa: E402
from gongkai.decisions import export  # noqa: E402
from gongkai.decisions.models import Comment  # noqa: E402
from gongkai.decisions.tests.factories import in_consultation  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
editor = staff(AgencyFactory(), Role.EDITOR)
decision = in_consultation(editor)
paragraph = decision.paragraphs.first()
batch = []
for i in range(N):
    batch.append(
        Comment(decision=decision, paragraph=paragraph if i % 2 else None, content=f"第{i}条意见：建议提高管护经费标准，加强考核公开。" * 3,
                public_content="x", content_hash=f"{i:064d}", name="张三", phone="13900000000", tracking_code=f"YJ{i:010d}")
    )
    if len(batch) == 5000:
        Comment.objects.bulk_create(batch)
        batch = []
Comment.objects.bulk_create(batch)

for name, build in (("csv", export.csv_response), ("xlsx", export.xlsx_response)):
    tracemalloc.start()
    started = time.perf_counter()
    response = build(decision, full_contact=True)
    size = sum(len(chunk if isinstance(chunk, bytes) else chunk.encode()) for chunk in response.streaming_content)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{name}: {N} comments, {size / 1e6:.1f} MB out, peak Python memory {peak / 1e6:.1f} MB, {time.perf_counter() - started:.1f} s")
