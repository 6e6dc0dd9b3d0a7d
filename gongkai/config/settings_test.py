"""Settings for the test suite: the normal settings with GONGKAI_TESTING on
(fast password hashing, Huey tasks run immediately, no login lockout, plain static storage)."""

import os

os.environ["GONGKAI_TESTING"] = "1"

from .settings import *  # noqa: E402,F403
