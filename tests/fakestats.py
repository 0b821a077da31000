"""A fake Hugging Face Hub on 127.0.0.1 serving one dataset repo's git history, for tests of `hubcensus pull`.

It answers the requests huggingface_hub 2.x makes for `HfApi.list_repo_commits`, `HfApi.get_paths_info`,
`HfApi.list_repo_tree` and `hf_hub_download(revision=…)`, in the shapes the Hub uses (read from
huggingface_hub's source and from recorded Hub responses, not guessed):

- `GET /api/datasets/{repo}/commits/{rev}`: the commits reachable from `rev`, newest first, as
  `{id, title, message, authors: [{user, avatar}], date}`; paged by `p` and `limit` (50 by default),
  with `Link: <…?p=N&limit=L>; rel="next"` as an absolute URL (huggingface_hub follows it verbatim)
  and `X-Total-Count`.
- `POST /api/datasets/{repo}/paths-info/{rev}` (form or JSON `paths`, `expand`): the entries of the
  asked paths that exist at `rev`; `GET /api/datasets/{repo}/tree/{rev}`: every root entry. An entry
  is `{type, oid, size, path}`, plus `lfs: {oid, size, pointerSize}` for an LFS file (the parquet ones).
- `HEAD|GET /datasets/{repo}/resolve/{rev}/{path}`: an LFS file answers `302` to a second listener
  standing in for the CDN (another origin, so huggingface_hub takes the metadata from the redirect and
  sends no token on), with `X-Repo-Commit`, `X-Linked-Etag` (the sha256), `X-Linked-Size` and `ETag`;
  a small file answers 200 itself. A path absent at `rev` is 404 with `X-Error-Code: EntryNotFound`.
- `GET {cdn}/blobs/{sha256}`: the bytes, with `Content-Length`, `ETag`, `Accept-Ranges: bytes`;
  `Range: bytes=N-` gets `206` and `Content-Range`, which is how huggingface_hub resumes a cut transfer.

Faults are queued per route (`commits`, `paths-info`, `tree`, `resolve`, `cdn`), optionally only for
requests whose path contains some text (a file name): a status with `Retry-After` (fakehub's `Fault`),
a cut body (headers promising the whole file, half of it sent, the connection closed), and `hold`: half
the body sent, then the request waits until `release()` — so a test can `kill -9` a pull mid-download.
A file may be given as bytes or as a path (served from disk: the full-scale measurement).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from tests.fakehub import Fault, Seen, Waits, rate_limited, server_error, truncated, wait_until

__all__ = ["FakeStats", "StatsCommit", "Waits", "hold", "rate_limited", "server_error", "truncated", "wait_until"]

LFS_SUFFIXES = (".parquet",)
CHUNK = 64 * 1024


def hold() -> Fault:
    """Send half the body, then wait for `release()` (or a minute) and drop the connection."""
    return Fault("hold")


@dataclass
class Blob:
    """One file's content, in memory or on disk, with the ids the Hub gives it."""

    source: bytes | Path
    size: int = 0
    sha256: str = ""
    git_oid: str = ""  # git's blob sha1 (of the LFS pointer, for an LFS file)

    def __post_init__(self) -> None:
        h = hashlib.sha256()
        if isinstance(self.source, bytes):
            self.size = len(self.source)
            h.update(self.source)
        else:
            self.size = self.source.stat().st_size
            with self.source.open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    h.update(chunk)
        self.sha256 = h.hexdigest()
        pointer = f"version https://git-lfs.github.com/spec/v1\noid sha256:{self.sha256}\nsize {self.size}\n".encode()
        self.git_oid = hashlib.sha1(b"blob %d\0" % len(pointer) + pointer).hexdigest()

    def read(self, start: int = 0) -> Iterator[bytes]:
        if isinstance(self.source, bytes):
            for i in range(start, self.size, CHUNK):
                yield self.source[i : i + CHUNK]
            return
        with self.source.open("rb") as fh:
            fh.seek(start)
            while chunk := fh.read(CHUNK):
                yield chunk


@dataclass
class StatsCommit:
    """One commit of the repo: when, and the whole tree at it (file name -> content)."""

    date: dt.datetime
    files: dict[str, bytes | Path]
    title: str = "Upload dataset"
    commit_id: str = ""
    blobs: dict[str, Blob] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.commit_id:
            self.commit_id = hashlib.sha1(f"{self.date.isoformat()}:{sorted(self.files)}".encode()).hexdigest()
        self.blobs = {name: Blob(content) for name, content in self.files.items()}


class FakeStats:
    """The server; a context manager. `url` goes in HF_ENDPOINT; `cdn_url` is where file bytes come from."""

    def __init__(self, commits: list[StatsCommit], *, repo: str = "cfahlgren1/hub-stats", page_size: int = 50) -> None:
        self.repo = repo
        self.commits = sorted(commits, key=lambda c: c.date)  # oldest first; served newest first
        self.page_size = page_size
        self.requests: list[Seen] = []
        self._faults: list[tuple[str, str | None, Fault]] = []
        self._lock = threading.Lock()
        self._release = threading.Event()
        self.holding = threading.Event()  # set while a `hold` fault keeps a download half-sent
        self._api = self._listener(self._handle_api)
        self._cdn = self._listener(self._handle_cdn)

    @staticmethod
    def _listener(handle: Any) -> ThreadingHTTPServer:
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                handle(self, "GET")

            def do_HEAD(self) -> None:
                handle(self, "HEAD")

            def do_POST(self) -> None:
                handle(self, "POST")

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.block_on_close = False
        return server

    # -- lifecycle
    @staticmethod
    def _origin(server: ThreadingHTTPServer) -> str:
        host, port = server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def url(self) -> str:
        return self._origin(self._api)

    @property
    def cdn_url(self) -> str:
        return self._origin(self._cdn)

    def __enter__(self) -> FakeStats:
        for server in (self._api, self._cdn):
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._release.set()
        for server in (self._api, self._cdn):
            server.shutdown()
            server.server_close()

    # -- scheduling
    def inject(self, route: str, *faults: Fault, match: str | None = None) -> None:
        """Faults for the next requests of `route` (whose path contains `match`, if given), in order."""
        with self._lock:
            self._faults.extend((route, match, f) for f in faults)

    def release(self) -> None:
        self._release.set()

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
            self.requests.clear()
        self._release.clear()
        self.holding.clear()

    def seen(self, route: str | None = None) -> list[Seen]:
        return [r for r in self.requests if route is None or r.outcome.split(" ")[0] == route]

    def _take(self, route: str, path: str) -> Fault | None:
        with self._lock:
            for i, (r, match, f) in enumerate(self._faults):
                if r == route and (match is None or match in path):
                    del self._faults[i]
                    return f
        return None

    # -- the repo
    def _at(self, rev: str) -> list[StatsCommit] | None:
        """The commits reachable from `rev` (a branch name or a commit id), oldest first."""
        if rev == "main":
            return list(self.commits)
        for i, c in enumerate(self.commits):
            if c.commit_id == rev:
                return self.commits[: i + 1]
        return None

    def _entry(self, name: str, blob: Blob) -> dict[str, Any]:
        if name.endswith(LFS_SUFFIXES):
            return {
                "type": "file",
                "oid": blob.git_oid,
                "size": blob.size,
                "path": name,
                "lfs": {"oid": blob.sha256, "size": blob.size, "pointerSize": 134},
            }
        return {
            "type": "file",
            "oid": hashlib.sha1(b"blob %d\0" % blob.size).hexdigest(),
            "size": blob.size,
            "path": name,
        }

    # -- handling
    def _record(self, h: BaseHTTPRequestHandler, method: str, route: str) -> tuple[Seen, str, list[tuple[str, str]]]:
        parts = urlsplit(h.path)
        seen = Seen(
            method, unquote(parts.path), parse_qsl(parts.query), {k.lower(): v for k, v in h.headers.items()}, None
        )
        seen.outcome = route
        with self._lock:
            self.requests.append(seen)
        return seen, unquote(parts.path), parse_qsl(parts.query, keep_blank_values=True)

    def _handle_api(self, h: BaseHTTPRequestHandler, method: str) -> None:
        base = f"/api/datasets/{self.repo}"
        path = unquote(urlsplit(h.path).path)
        routes = (
            ("commits", rf"{re.escape(base)}/commits/([^/]+)", ("GET",)),
            ("paths-info", rf"{re.escape(base)}/paths-info/([^/]+)", ("POST",)),
            ("tree", rf"{re.escape(base)}/tree/([^/]+)(?:/.*)?", ("GET",)),
            ("resolve", rf"/datasets/{re.escape(self.repo)}/resolve/([^/]+)/(.+)", ("GET", "HEAD")),
        )
        for route, pattern, methods in routes:
            m = re.fullmatch(pattern, path)
            if m and method in methods:
                seen, _, query = self._record(h, method, route)
                body = self._body(h) if method == "POST" else b""
                fault = self._take(route, path)
                if fault is not None:
                    seen.outcome = f"{route} {self._misbehave(h, fault, method)}"
                    return
                seen.outcome = f"{route} " + getattr(self, "_" + route.replace("-", "_"))(h, method, m, query, body)
                return
        seen, _, _ = self._record(h, method, "other")
        seen.outcome = "other 404"
        self._send_json(h, 404, {"error": "Sorry, we can't find the page you are looking for."}, method=method)

    @staticmethod
    def _body(h: BaseHTTPRequestHandler) -> bytes:
        n = int(h.headers.get("Content-Length") or 0)
        return h.rfile.read(n) if n else b""

    def _revision_missing(self, h: BaseHTTPRequestHandler, rev: str, method: str) -> str:
        msg = f"Invalid rev id: {rev}"
        self._send_json(h, 404, {"error": msg}, {"X-Error-Code": "RevisionNotFound", "X-Error-Message": msg}, method)
        return "404"

    def _commits(self, h: BaseHTTPRequestHandler, method: str, m: re.Match, query: list, body: bytes) -> str:
        rev = unquote(m.group(1))
        reachable = self._at(rev)
        if reachable is None:
            return self._revision_missing(h, rev, method)
        q = dict(query)
        limit = max(1, min(int(q.get("limit", self.page_size)), self.page_size))
        page = int(q.get("p", 0))
        newest_first = list(reversed(reachable))
        chunk = newest_first[page * limit : (page + 1) * limit]
        items = [
            {
                "id": c.commit_id,
                "title": c.title,
                "message": "",
                "authors": [{"user": "cfahlgren1", "avatar": "https://cdn-avatars.huggingface.co/cfahlgren1.png"}],
                "date": c.date.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            }
            for c in chunk
        ]
        headers = {"X-Total-Count": str(len(newest_first))}
        if (page + 1) * limit < len(newest_first):
            nxt = f"{self.url}/api/datasets/{self.repo}/commits/{quote(rev, safe='')}?p={page + 1}&limit={limit}"
            headers["Link"] = f'<{nxt}>; rel="next"'
        self._send_json(h, 200, items, headers, method)
        return f"200 p={page}"

    def _paths_info(self, h: BaseHTTPRequestHandler, method: str, m: re.Match, query: list, body: bytes) -> str:
        rev = unquote(m.group(1))
        reachable = self._at(rev)
        if reachable is None:
            return self._revision_missing(h, rev, method)
        if h.headers.get("Content-Type", "").startswith("application/json"):
            paths = json.loads(body or b"{}").get("paths", [])
        else:
            paths = [v for k, v in parse_qsl(body.decode(), keep_blank_values=True) if k == "paths"]
        tree = reachable[-1].blobs
        self._send_json(h, 200, [self._entry(p, tree[p]) for p in paths if p in tree], method=method)
        return "200"

    def _tree(self, h: BaseHTTPRequestHandler, method: str, m: re.Match, query: list, body: bytes) -> str:
        reachable = self._at(unquote(m.group(1)))
        if reachable is None:
            return self._revision_missing(h, unquote(m.group(1)), method)
        tree = reachable[-1].blobs
        self._send_json(h, 200, [self._entry(p, b) for p, b in sorted(tree.items())], method=method)
        return "200"

    def _resolve(self, h: BaseHTTPRequestHandler, method: str, m: re.Match, query: list, body: bytes) -> str:
        rev, name = unquote(m.group(1)), m.group(2)
        reachable = self._at(rev)
        if reachable is None:
            return self._revision_missing(h, rev, method)
        commit = reachable[-1]
        blob = commit.blobs.get(name)
        if blob is None:
            headers = {
                "X-Error-Code": "EntryNotFound",
                "X-Error-Message": "Entry not found",
                "X-Repo-Commit": commit.commit_id,
            }
            self._send_json(h, 404, {"error": "Entry not found"}, headers, method)
            return "404"
        if not name.endswith(LFS_SUFFIXES):
            self._send_bytes(h, method, blob, {"ETag": f'"{blob.git_oid}"', "X-Repo-Commit": commit.commit_id})
            return "200"
        h.send_response(302)
        h.send_header("Location", f"{self.cdn_url}/blobs/{blob.sha256}?name={quote(name)}")
        h.send_header("X-Repo-Commit", commit.commit_id)
        h.send_header("X-Linked-Etag", f'"{blob.sha256}"')
        h.send_header("X-Linked-Size", str(blob.size))
        h.send_header("ETag", f'"{blob.git_oid}"')
        h.send_header("Content-Length", "0")
        h.end_headers()
        return "302"

    def _handle_cdn(self, h: BaseHTTPRequestHandler, method: str) -> None:
        seen, path, _ = self._record(h, method, "cdn")
        m = re.fullmatch(r"/blobs/([0-9a-f]{64})", path)
        blob = None
        if m:
            blob = next((b for c in self.commits for b in c.blobs.values() if b.sha256 == m.group(1)), None)
        if blob is None:
            seen.outcome = "cdn 404"
            self._send_json(h, 404, {"error": "not found"}, method=method)
            return
        fault = self._take("cdn", unquote(h.path))  # `match` may name the file or its sha256
        if fault is not None:
            seen.outcome = f"cdn {self._misbehave(h, fault, method, blob)}"
            return
        seen.outcome = "cdn " + self._send_bytes(h, method, blob, {"ETag": f'"{blob.sha256}"'})

    # -- answers
    def _send_bytes(self, h: BaseHTTPRequestHandler, method: str, blob: Blob, headers: dict[str, str]) -> str:
        start = 0
        rng = re.fullmatch(r"bytes=(\d+)-", h.headers.get("Range", "") or "")
        status = 200
        if rng and int(rng.group(1)) < blob.size:
            start, status = int(rng.group(1)), 206
        try:
            h.send_response(status)
            h.send_header("Content-Type", "application/octet-stream")
            h.send_header("Accept-Ranges", "bytes")
            h.send_header("Content-Length", str(blob.size - start))
            if status == 206:
                h.send_header("Content-Range", f"bytes {start}-{blob.size - 1}/{blob.size}")
            for k, v in headers.items():
                h.send_header(k, v)
            h.end_headers()
            if method != "HEAD":
                for chunk in blob.read(start):
                    h.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            return "aborted"
        return f"{status}" + (f" from {start}" if start else "")

    def _misbehave(self, h: BaseHTTPRequestHandler, f: Fault, method: str, blob: Blob | None = None) -> str:
        if f.kind == "status":
            headers = {"Retry-After": f.retry_after} if f.retry_after is not None else {}
            error = {429: "Too Many Requests"}.get(f.status, "Internal Error")
            self._send_json(h, f.status, {"error": f.message or error}, headers, method)
            return str(f.status)
        if f.kind in ("truncate", "hold"):
            data = b"".join(blob.read()) if blob is not None else json.dumps([{"id": "x" * 200}] * 20).encode()
            h.send_response(200)
            h.send_header("Content-Type", "application/octet-stream" if blob else "application/json")
            h.send_header("Content-Length", str(len(data)))
            if blob is not None:
                h.send_header("Accept-Ranges", "bytes")
                h.send_header("ETag", f'"{blob.sha256}"')
            h.end_headers()
            h.wfile.write(data[: len(data) // 2])
            h.wfile.flush()
            if f.kind == "hold":
                self.holding.set()
                self._release.wait(60)
            self._drop(h)
            return "cut" if f.kind == "truncate" else "held"
        raise AssertionError(f.kind)

    @staticmethod
    def _drop(h: BaseHTTPRequestHandler) -> None:
        import socket

        h.close_connection = True
        with suppress(OSError):
            h.connection.shutdown(socket.SHUT_RDWR)

    @staticmethod
    def _send_json(
        h: BaseHTTPRequestHandler, status: int, doc: Any, headers: dict[str, str] | None = None, method: str = "GET"
    ) -> None:
        body = json.dumps(doc).encode()
        try:
            h.send_response(status)
            h.send_header("Content-Type", "application/json; charset=utf-8")
            h.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                h.send_header(k, v)
            h.end_headers()
            if method != "HEAD":
                h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@contextmanager
def serving(monkeypatch: Any, tmp_path: Path, commits: list[StatsCommit], **kw: Any) -> Iterator[FakeStats]:
    """The fake repo with the real huggingface_hub client pointed at it and nothing of the user's leaking in."""
    with FakeStats(commits, **kw) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
        monkeypatch.delenv("HF_HUB_CACHE", raising=False)
        monkeypatch.delenv("HUGGINGFACE_HUB_CACHE", raising=False)
        monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
        monkeypatch.setenv("HF_HUB_DISABLE_XET", "1")
        monkeypatch.delenv("HF_TOKEN", raising=False)
        monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
        monkeypatch.delenv("HUBCENSUS_DEBUG", raising=False)
        yield server
