"""The reply clock of a request, as a pure function of its recorded events (条例 第三十条至第三十五条、第四十二条).

Counting (workdays.py): the day of an event is day 0. The reply is due 20 WD after receipt
(`REPLY_WD`); one approved extension adds at most 20 WD. A correction request (allowed within
7 WD of receipt) suspends the clock; the corrected application restarts it from zero on the day it
arrives. A consultation or a fee notice pauses it: the working days after the pause began up to and
including the day it ended are not counted, so the clock resumes the working day after. A
consultation pauses at most 15 WD (a third party answers within 15 WD, Art. 32; an agency's silence
after 15 WD is consent, Art. 34). A fee pause lasts until payment (payment is due within 20 WD).
An excessive application (Art. 35): asking the applicant for reasons does not stop the clock; when the reasons are
accepted, the handler's reasonable delay (in WD, recorded with its reason) is added to the period once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings

from gongkai.core.workdays import add_workdays, add_workdays_info, workdays_between

REPLY_WD = 20
EXTENSION_MAX_WD = 20
CORRECTION_NOTICE_WD = 7
CONSULTATION_WD = 15
FEE_PAYMENT_WD = 20


def excessive_max_wd() -> int:
    """Most working days a handler may add for an excessive application with good reasons (Art. 35; local practice, a setting)."""
    return int(getattr(settings, "GONGKAI_REQUEST_EXCESSIVE_MAX_WD", 60))


def correction_window_wd() -> int:
    """Working days the applicant gets to correct (a reasonable deadline; local practice, a setting)."""
    return int(getattr(settings, "GONGKAI_REQUEST_CORRECTION_WD", 15))


class Event(Protocol):
    kind: str
    on: dt.date
    days: int | None


@dataclass(frozen=True)
class Step:
    """The due date after one event, for the history shown to staff and applicant."""

    kind: str
    on: dt.date
    due: dt.date | None
    note: str


@dataclass
class ClockState:
    received_on: dt.date | None = None
    due: dt.date | None = None  # the reply deadline (None while suspended or paused)
    running: bool = False
    paused: str = ""  # "", "correction", "consultation", "fee"
    pause_until: dt.date | None = None  # the applicant's or the consulted party's deadline
    concluded_on: dt.date | None = None
    extended: bool = False
    reasons_requested: bool = False  # Art. 35: the applicant was asked for reasons
    excessive_days: int = 0  # Art. 35: working days added when the reasons were accepted
    limit: int = REPLY_WD
    remaining: int = REPLY_WD  # working days left when the clock stopped (paused or concluded)
    provisional: bool = False
    history: list[Step] = field(default_factory=list)

    def overdue(self, today: dt.date) -> bool:
        end = self.concluded_on or today
        return self.due is not None and end > self.due


def _due(segments: list[list], limit: int) -> tuple[dt.date | None, int, bool]:
    """Walk the counted segments [start, end or None]: (due date or None, working days left, provisional)."""
    used = 0
    for start, end in segments:
        if end is None:
            info = add_workdays_info(start, limit - used)
            return info.date, limit - used, info.provisional
        counted = workdays_between(start, end)
        if used + counted >= limit:
            info = add_workdays_info(start, limit - used)  # the deadline passed inside this segment
            return info.date, 0, info.provisional
        used += counted
    return None, limit - used, False


def compute(events: Iterable[Event], *, today: dt.date | None = None) -> ClockState:
    """Replay the events in date order; the state after the last one (today: to end a silent consultation)."""
    state = ClockState()
    segments: list[list] = []  # counted spans since the last (re)start: [day 0, last counted day or None]

    def pause(on: dt.date, kind: str, window: int) -> None:
        segments[-1][1] = on
        state.running, state.paused = False, kind
        state.pause_until = add_workdays(on, window)

    def resume(on: dt.date) -> None:
        segments.append([on, None])
        state.running, state.paused, state.pause_until = True, "", None

    for ev in sorted(events, key=lambda e: e.on):
        note = ""
        if ev.kind == "received":
            state.received_on = ev.on
            segments = [[ev.on, None]]
            state.running = True
        elif ev.kind == "correction_requested" and state.running:
            state.running, state.paused = False, "correction"
            state.pause_until = add_workdays(ev.on, ev.days or correction_window_wd())
            segments = []
            note = f"补正期限至{state.pause_until:%Y-%m-%d}"
        elif ev.kind == "corrected" and state.paused == "correction":
            segments = []
            resume(ev.on)
        elif ev.kind == "extended" and not state.extended:
            state.extended = True
            state.limit += min(ev.days or EXTENSION_MAX_WD, EXTENSION_MAX_WD)
        elif ev.kind == "reasons_requested":
            state.reasons_requested = True  # the clock keeps running while the applicant explains
            note = "要求申请人说明理由（不暂停计算）"
        elif ev.kind == "reasons_accepted" and state.reasons_requested and not state.excessive_days and ev.days:
            state.excessive_days = ev.days
            state.limit += ev.days
            note = f"理由合理，延迟答复{ev.days}个工作日"
        elif ev.kind == "consultation_started" and state.running:
            pause(ev.on, "consultation", ev.days or CONSULTATION_WD)
            note = f"征求意见期限至{state.pause_until:%Y-%m-%d}"
        elif ev.kind == "fee_notice" and state.running:
            pause(ev.on, "fee", FEE_PAYMENT_WD)
            note = f"缴费期限至{state.pause_until:%Y-%m-%d}"
        elif ev.kind == "consultation_ended" and state.paused == "consultation":
            # Silence beyond 15 WD is an answer (Art. 32, 34): the clock ran again from the window's end.
            resume(min(ev.on, state.pause_until) if state.pause_until else ev.on)
        elif ev.kind == "fee_paid" and state.paused == "fee":
            resume(ev.on)
        elif ev.kind == "concluded":
            # The last segment stays open so `due` is the deadline the reply is judged against.
            state.concluded_on = ev.on
            state.running = False
        state.due, state.remaining, provisional = _due(segments, state.limit) if segments else (None, state.limit, False)
        if state.paused:
            state.due = None
        state.provisional = state.provisional or provisional
        state.history.append(Step(ev.kind, ev.on, state.due, note))

    if state.paused == "consultation" and state.pause_until and today and today > state.pause_until:
        resume(state.pause_until)
        state.due, state.remaining, provisional = _due(segments, state.limit)
        state.provisional = state.provisional or provisional
    return state
