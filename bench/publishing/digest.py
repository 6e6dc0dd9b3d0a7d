"""Time to prepare the daily digest (select the chunk, index the day, build every message) for N subscribers.

Run: .venv/bin/python bench/publishing/digest.py [N]
Uses a throw-away SQLite database in a temporary folder; nothing is sent (messages are built, not delivered).
Each subscriber follows one of 10 columns, one of 3 agencies and, for every fifth, a decision; the day holds
60 published items.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

tmp = tempfile.mkdtemp()
os.environ["GONGKAI_VAR_DIR"] = tmp
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings_test")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402

call_command("migrate", verbosity=0)

import datetime as dt  # noqa: E402

from django.utils import timezone  # noqa: E402

from gongkai.core.models import Role  # noqa: E402
from gongkai.core.tests.factories import AgencyFactory, staff  # noqa: E402
from gongkai.decisions.tests.factories import in_consultation  # noqa: E402
from gongkai.disclosures.tests.factories import ColumnFactory, TopicFactory, published  # noqa: E402
from gongkai.publishing import selectors, services  # noqa: E402
from gongkai.publishing.models import Subscriber, Subscription, SubscriptionState  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
CHUNK = 500
agencies = [AgencyFactory() for _ in range(3)]
teams = [(staff(a, Role.EDITOR), staff(a, Role.REVIEWER), staff(a, Role.SIGNER)) for a in agencies]
columns = [ColumnFactory(name=f"栏目{i}", slug=f"col{i}") for i in range(10)]
topic = TopicFactory()
for i in range(60):
    published(*teams[i % 3], title=f"第{i}号关于农业综合开发项目的公告", column=columns[i % 10], topic=topic)
decision = in_consultation(teams[0][0])

Subscriber.objects.bulk_create([Subscriber(email=f"reader{i}@example.cn") for i in range(N)], batch_size=5000)
subs = []
for s_id in Subscriber.objects.values_list("pk", flat=True).iterator():
    c, a = columns[s_id % 10], agencies[s_id % 3]
    subs.append(Subscription(subscriber_id=s_id, kind="column", column=c, target_key=f"column:{c.pk}", state=SubscriptionState.CONFIRMED))
    subs.append(Subscription(subscriber_id=s_id, kind="agency", agency=a, target_key=f"agency:{a.pk}", state=SubscriptionState.CONFIRMED))
    if s_id % 5 == 0:
        subs.append(Subscription(subscriber_id=s_id, kind="decision", decision=decision, target_key=f"decision:{decision.pk}", state=SubscriptionState.CONFIRMED))
Subscription.objects.bulk_create(subs, batch_size=5000)

day = timezone.localdate() + dt.timedelta(days=1)
start, end = services.digest_window(day)
from django.urls import reverse  # noqa: E402

reverse("publishing:rss")  # load the URLconf before timing
t0 = time.perf_counter()
cursor, prepared, chunks, items = 0, 0, 0, 0
while True:
    chunk = services.digest_chunk(after=cursor, size=CHUNK)
    if not chunk:
        break
    day_data = selectors.digest_day(since=start, until=end)  # rebuilt per chunk, as each task run does
    for _subscriber, content, _message in services.digest_prepare(chunk, day_data, day=day):
        prepared += 1
        items += len(content.keys)
    cursor = chunk[-1].pk
    chunks += 1
elapsed = time.perf_counter() - t0
print(f"digest preparation: {N} subscribers ({len(subs)} subscriptions), {chunks} chunks of {CHUNK}, "
      f"{prepared} messages with {items} entries built in {elapsed:.1f} s "
      f"({elapsed / max(chunks, 1) * 1000:.0f} ms per chunk, {elapsed / max(N, 1) * 1e6:.0f} µs per subscriber)")
