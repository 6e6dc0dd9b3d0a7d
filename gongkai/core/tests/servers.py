"""Throw-away servers on loopback for the scale-out tests: Redis (Debian's redis-server), an
S3-compatible endpoint (moto's server), and the settings as production reads them from the environment.

Each server lives in a temporary folder, listens on 127.0.0.1 only and is stopped by its fixture.
"""

from __future__ import annotations

import contextlib
import os
import runpy
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "config" / "settings.py"

# Variables the settings read for the cache and storage: cleared so the machine's own don't leak in.
SCALEOUT_ENV = (
    "CACHE_URL",
    "REDIS_URL",
    "CACHE_KEY_PREFIX",
    "HUEY_REDIS_URL",
    "S3_BUCKET",
    "S3_ENDPOINT_URL",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_REGION",
    "S3_PREFIX",
    "S3_ADDRESSING_STYLE",
)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen | None = None, *, timeout: float = 20) -> bool:
    """Wait until something accepts connections on the port; False if the process died or time ran out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def stop(proc: subprocess.Popen, *, timeout: float = 10) -> None:
    """Stop a process this test started (TERM, then KILL)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=timeout)


def settings_from_env(monkeypatch: pytest.MonkeyPatch, var_dir: Path, env: Mapping[str, str]) -> dict[str, Any]:
    """Run gongkai/config/settings.py as production does, with exactly `env` for the scale-out
    variables, and return its names (CACHES, STORAGES, HUEY …)."""
    for name in SCALEOUT_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GONGKAI_VAR_DIR", str(var_dir))
    monkeypatch.setenv("SECRET_KEY", "scale-out-test-key-" + "x" * 40)
    monkeypatch.setenv("GONGKAI_TESTING", "0")  # read as production reads them (Huey not immediate …)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE), run_name="gongkai_settings_probe")


def redis_binary() -> str:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (Debian package redis-server; bin/ensure-browser, run by make test, installs it)")
    return binary


@contextlib.contextmanager
def redis_server(workdir: Path) -> Iterator[str]:
    """A Redis on a free loopback port, no persistence; yields its redis:// URL."""
    binary = redis_binary()
    log = workdir / "redis.log"
    for _ in range(3):  # another process may take the port between choosing and binding it
        port = free_port()
        proc = subprocess.Popen(
            [binary, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(workdir), "--save", "",
             "--appendonly", "no", "--daemonize", "no", "--logfile", str(log)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if wait_for_port(port, proc, timeout=10):
            break
        stop(proc)
    else:
        raise RuntimeError(f"redis-server did not start: {log.read_text() if log.exists() else 'no log'}")
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(proc)


@contextlib.contextmanager
def s3_server() -> Iterator[str]:
    """moto's S3-compatible HTTP server on a free loopback port; yields its endpoint URL."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def s3_env(endpoint: str, bucket: str) -> dict[str, str]:
    """The environment a deployment sets for its bucket (moto accepts any key pair)."""
    return {
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": endpoint,
        "S3_ACCESS_KEY_ID": "gongkai-test",
        "S3_SECRET_ACCESS_KEY": "gongkai-test-secret",
        "S3_REGION": "us-east-1",
    }


def is_root() -> bool:
    return os.geteuid() == 0
