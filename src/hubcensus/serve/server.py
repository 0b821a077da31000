"""Running the explorer: open the store read-only, bind the socket, serve until Ctrl-C.

The socket is bound here, before uvicorn starts, so that a port in use is one line naming the port
(not a server log), `--port 0` can report the port the system picked, and the URL is printed only
once the server can answer it.
"""

from __future__ import annotations

import contextlib
import errno
import socket
from collections.abc import Callable
from pathlib import Path

from hubcensus.errors import UserError

LOCAL_NAMES = {"127.0.0.1", "localhost", "::1"}
ANY_HOST = {"0.0.0.0", "::", ""}


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on (host, port); a port in use or a host we cannot listen on is a UserError."""
    if not 0 <= port <= 65535:
        raise UserError(f"--port {port}: expected a port from 0 to 65535 (0 picks a free one)")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise UserError(f"--host {host}: cannot resolve it ({exc.strerror})") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a port in TIME_WAIT is free; a listening one is not
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise UserError(
                f"--port {port}: {host}:{port} is already in use; choose another port (--port 0 picks a free one)"
            ) from None
        raise UserError(f"--host {host} --port {port}: cannot listen there ({exc.strerror})") from None
    return sock


def url_of(host: str, sock: socket.socket) -> str:
    port = sock.getsockname()[1]
    shown = "127.0.0.1" if host in ANY_HOST or host == "localhost" else host
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def serve(
    db: Path | None, host: str = "127.0.0.1", port: int = 8765, on_ready: Callable[[str], None] | None = None
) -> None:
    """Serve the explorer on the store at `db` until interrupted (Ctrl-C: a clean stop, returns)."""
    import uvicorn

    from hubcensus.engines.duckdb_engine import DuckDBEngine
    from hubcensus.metrics.base import context
    from hubcensus.serve.app import create_app
    from hubcensus.serve.explorer import Explorer
    from hubcensus.store import Store

    store = Store.open(db, read_only=True)
    try:
        cur = store.con.cursor()
        try:
            context(DuckDBEngine(cur))  # an empty or unenriched store is told now, not on the first page
        finally:
            cur.close()
        explorer = Explorer(store)
        sock = bind(host, port)
        try:
            allowed = None if host in ANY_HOST else LOCAL_NAMES | {host}
            app = create_app(explorer, allowed_hosts=allowed, store_name=store.path.name)
            config = uvicorn.Config(
                app, log_level="warning", access_log=False, lifespan="off", timeout_graceful_shutdown=3
            )
            server = uvicorn.Server(config)
            if on_ready:
                on_ready(url_of(host, sock))
            with contextlib.suppress(KeyboardInterrupt):  # uvicorn shut down cleanly, then re-raised the Ctrl-C
                server.run(sockets=[sock])
        finally:
            sock.close()
            explorer.close()
    finally:
        store.close()
