"""Serve the app in a background thread: for the browser tests, the benchmarks and notebooks."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any


def serve_in_thread(app: Any, timeout: float = 30.0) -> tuple[str, Any, threading.Thread]:
    """Run the app with uvicorn on a free loopback port; return its base URL once it answers.

    Stop it with `server.should_exit = True; thread.join()`.
    """
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server, thread
