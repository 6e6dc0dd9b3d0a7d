"""The reply clock across the 2026 Spring Festival (off 2/15–2/23; Saturdays 2/14 and 2/28 are working days).

Dates computed by hand from the State Council's 2026 arrangement; see each test's comment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from gongkai.info_requests.clock import compute

pytestmark = pytest.mark.django_db
D = dt.date


@dataclass
class E:
    kind: str
    on: dt.date
    days: int | None = None


def test_reply_due_20_workdays_after_receipt_skips_the_spring_festival():
    # 2/3–2/6 (4), 2/9–2/13 (9), Sat 2/14 (10), 2/24–2/27 (14), Sat 2/28 (15), 3/2–3/6 (20)
    state = compute([E("received", D(2026, 2, 2))])
    assert state.due == D(2026, 3, 6)
    assert state.running and not state.provisional


def test_extension_adds_20_workdays_once():
    # from 3/6: 3/9–13 (5), 3/16–20 (10), 3/23–27 (15), 3/30–4/3 (20); Qingming is 4/4–4/6
    events = [E("received", D(2026, 2, 2)), E("extended", D(2026, 3, 2), 20)]
    assert compute(events).due == D(2026, 4, 3)
    # a second extension changes nothing
    assert compute([*events, E("extended", D(2026, 3, 3), 20)]).due == D(2026, 4, 3)


def test_shorter_extension():
    # 3/6 + 5 WD = 3/13
    assert compute([E("received", D(2026, 2, 2)), E("extended", D(2026, 3, 2), 5)]).due == D(2026, 3, 13)


def test_correction_suspends_and_corrected_application_restarts_the_clock():
    # corrected application arrives Tue 2/24: 2/25–2/28 (4), 3/2–6 (9), 3/9–13 (14), 3/16–20 (19), 3/23 (20)
    events = [E("received", D(2026, 2, 9)), E("correction_requested", D(2026, 2, 12), 15)]
    suspended = compute(events)
    assert suspended.due is None and suspended.paused == "correction"
    # applicant's 15 WD from 2/12: 2/13, 2/14 (2), 2/24–2/28 (7), 3/2–3/6 (12), 3/9–3/11 (15) → 3/11
    assert suspended.pause_until == D(2026, 3, 11)
    restarted = compute([*events, E("corrected", D(2026, 2, 24))])
    assert restarted.due == D(2026, 3, 23)
    assert restarted.running


def test_third_party_consultation_pauses_the_clock():
    # 2/3–2/6, 2/9–2/11 = 7 WD used by 2/11; answer 3/3; 13 left: 3/4–6 (3), 3/9–13 (8), 3/16–20 (13) → 3/20
    events = [E("received", D(2026, 2, 2)), E("consultation_started", D(2026, 2, 11)), E("consultation_ended", D(2026, 3, 3))]
    paused = compute(events[:2])
    assert paused.due is None and paused.paused == "consultation"
    # the third party's 15 WD: 2/12, 2/13, 2/14, 2/24–2/28, 3/2–3/6, 3/9, 3/10 → 3/10
    assert paused.pause_until == D(2026, 3, 10)
    assert compute(events).due == D(2026, 3, 20)


def test_a_silent_third_party_counts_as_answered_after_15_workdays():
    # the clock runs again from 3/10: 13 WD → 3/11–13 (3), 3/16–20 (8), 3/23–27 (13) → 3/27
    events = [E("received", D(2026, 2, 2)), E("consultation_started", D(2026, 2, 11))]
    assert compute(events, today=D(2026, 3, 16)).due == D(2026, 3, 27)
    late_answer = compute([*events, E("consultation_ended", D(2026, 3, 20))])
    assert late_answer.due == D(2026, 3, 27)


def test_fee_notice_pauses_until_payment():
    # 7 WD used by 2/11; paid 2/24; 13 left: 2/25–2/28 (4), 3/2–6 (9), 3/9–12 (13) → 3/12
    events = [E("received", D(2026, 2, 2)), E("fee_notice", D(2026, 2, 11)), E("fee_paid", D(2026, 2, 24))]
    assert compute(events[:2]).due is None
    assert compute(events).due == D(2026, 3, 12)


def test_extension_and_consultation_together():
    # 3/20 (after the consultation) + 20 WD: 3/23–27 (5), 3/30–4/3 (10), 4/7–4/10 (14), 4/13–17 (19), 4/20 (20)
    events = [E("received", D(2026, 2, 2)), E("consultation_started", D(2026, 2, 11)),
              E("consultation_ended", D(2026, 3, 3)), E("extended", D(2026, 3, 10), 20)]
    assert compute(events).due == D(2026, 4, 20)


def test_concluded_request_keeps_the_deadline_it_is_judged_against():
    state = compute([E("received", D(2026, 2, 2)), E("concluded", D(2026, 3, 9))])
    assert state.due == D(2026, 3, 6)
    assert state.overdue(D(2026, 3, 9)) and not state.running
