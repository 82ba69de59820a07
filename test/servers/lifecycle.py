"""How the test servers end: on SIGTERM/SIGINT, or when the test process that started them closes their stdin
(so a crashed test run cannot leave a server behind)."""
from __future__ import annotations

import os
import signal
import threading
from typing import Callable


def stop_on_signals(log: Callable[[str], None]) -> threading.Event:
    """An event set by SIGTERM or SIGINT."""
    stop = threading.Event()

    def on_signal(signum, _frame):
        log(f"signal {signum}: stopping")
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    return stop


def wait_until_stopped(stop: threading.Event, log: Callable[[str], None]) -> None:
    """Block until a signal arrives or stdin closes (watched from here on, after the server announced itself)."""

    def watch_stdin():
        try:
            while os.read(0, 65536):
                pass
        except Exception:  # noqa: BLE001
            pass
        log("stdin closed: stopping")
        stop.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    while not stop.wait(0.5):
        pass
