"""A fake Hugging Face Hub on 127.0.0.1, for tests of the live crawl.

The machine that runs the tests has no route to the Hub, and a test against the real Hub would be
neither deterministic nor polite. This server speaks the part of the Hub API the crawl uses —
`/api/models`, `/api/datasets`, `/api/spaces` (with `expand[]=`, `limit` and cursor pagination
through absolute `Link: <…>; rel="next"` URLs), `/api/models/{id}`, and `/api/daily_papers` (`p`
and `limit`) — well enough that huggingface_hub's own `HfApi.list_models` pages through it.

Its items are built at test time from the real API bodies in `shared/data/real/api-responses`
(model-info bodies and trending listings), filled out deterministically with the expandable
fields the samples lack (`downloadsAllTime`, `baseModels`, `gguf`, …) in the shapes the Hub
returns. Datasets come from the models' `dataset:` tags, spaces from the models' `spaces` lists,
daily papers from their `arxiv:` tags. Nothing is random: every run serves the same data.

Faults are scheduled per (path, page) or for the next requests whatever they are: 429 with
`Retry-After` in seconds or as an HTTP date, 5xx, stalls longer than the client's timeout,
truncated bodies (a `Content-Length` larger than what is sent, then a close), undecodable
bodies, closed connections, and a "die after N pages" mode in which every later request fails
(or stalls until released) — for resume tests.
"""

from __future__ import annotations

import base64
import contextlib
import email.utils
import hashlib
import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

REAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "real" / "api-responses"

LISTINGS = ("/api/models", "/api/datasets", "/api/spaces")
MAX_LISTING_LIMIT = 1000  # the Hub serves at most 1000 repos a page
MAX_PAPERS_LIMIT = 100  # and at most 100 daily papers a page (we cap the same way)

# What a listing returns when no expand[] is given (a subset, as on the Hub).
_DEFAULT_FIELDS = {
    "/api/models": (
        "_id",
        "id",
        "likes",
        "trendingScore",
        "private",
        "downloads",
        "tags",
        "pipeline_tag",
        "library_name",
        "createdAt",
    ),
    "/api/datasets": (
        "_id",
        "id",
        "author",
        "createdAt",
        "lastModified",
        "private",
        "gated",
        "disabled",
        "downloads",
        "likes",
        "tags",
        "trendingScore",
    ),
    "/api/spaces": (
        "_id",
        "id",
        "author",
        "createdAt",
        "lastModified",
        "likes",
        "private",
        "sdk",
        "tags",
        "trendingScore",
    ),
}


# -- data --------------------------------------------------------------------------------------
def _oid(text: str) -> str:
    """A Mongo-like 24-hex `_id`, stable for a given text."""
    return hashlib.sha1(text.encode()).hexdigest()[:24]


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(ts))


def _parse_iso(text: str) -> float:
    return time.mktime(time.strptime(text[:19], "%Y-%m-%dT%H:%M:%S")) - time.timezone


@dataclass
class HubData:
    """Every item the fake Hub serves, in full (a listing then keeps the expanded fields)."""

    models: list[dict[str, Any]]
    datasets: list[dict[str, Any]]
    spaces: list[dict[str, Any]]
    papers: list[dict[str, Any]]  # /api/daily_papers items, newest first

    def by_path(self, path: str) -> list[dict[str, Any]]:
        return {
            "/api/models": self.models,
            "/api/datasets": self.datasets,
            "/api/spaces": self.spaces,
            "/api/daily_papers": self.papers,
        }[path]


def _base_of(model_id: str, names: dict[str, str]) -> tuple[str, str] | None:
    """For a derivative in the corpus (`unsloth/Qwen3.5-27B-GGUF`), its base (`Qwen/Qwen3.5-27B`) and relation."""
    author, _, name = model_id.partition("/")
    best = None
    for other_name, other_id in names.items():
        if (
            other_id != model_id
            and other_id.split("/")[0] != author
            and name.startswith(other_name + "-")
            and (best is None or len(other_name) > len(best[0]))
        ):
            best = (other_name, other_id)
    if best is None:
        return None
    quantized = re.search(r"GGUF|FP8|MLX|AWQ|GPTQ", name)
    return best[1], "quantized" if quantized else "finetune"


def build_data(real_dir: Path = REAL_DIR, copies: int = 1) -> HubData:
    """The fake Hub's items, from the real bodies; `copies` > 1 repeats the model corpus with suffixed ids."""
    bodies = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(real_dir.glob("model-*.json"))]
    listed: list[dict[str, Any]] = []
    for p in sorted(real_dir.glob("trending-*.json")):
        for entry in json.loads(p.read_text(encoding="utf-8")).values():
            listed.append(entry.get("repoData", entry))
    seen: set[str] = set()
    raw: list[dict[str, Any]] = []
    for item in [*bodies, *listed]:
        if item["id"] not in seen:
            seen.add(item["id"])
            raw.append(item)
    names = {m["id"].split("/")[-1]: m["id"] for m in raw}

    models = []
    for i, src in enumerate(raw):
        m: dict[str, Any] = {"_id": src.get("_id") or _oid(src["id"]), "id": src["id"]}
        m["author"] = src.get("author") or src["id"].split("/")[0]
        last = src.get("lastModified") or "2026-01-01T00:00:00.000Z"
        m["createdAt"] = src.get("createdAt") or _iso(_parse_iso(last) - 86400 * (7 + (11 * i) % 200))
        m["lastModified"] = last
        m["downloads"] = int(src.get("downloads") or 0)
        m["downloadsAllTime"] = m["downloads"] * (3 + i % 7) + i
        m["likes"] = int(src.get("likes") or 0)
        m["trendingScore"] = int(src.get("trendingScore") or (len(raw) - i))
        m["private"] = False
        m["gated"] = src.get("gated", False)
        n_params = src.get("numParameters")
        base = _base_of(src["id"], names)
        is_gguf = "GGUF" in src["id"]
        if src.get("tags"):
            tags = list(src["tags"])
        else:
            tags = ["gguf" if is_gguf else "transformers", "safetensors"] if n_params else ["transformers"]
            if src.get("pipeline_tag"):
                tags.append(src["pipeline_tag"])
            if base:
                tags += [f"base_model:{base[0]}", f"base_model:{base[1]}:{base[0]}"]
            tags += ["license:apache-2.0", "region:us"]
        m["tags"] = tags
        if src.get("pipeline_tag"):
            m["pipeline_tag"] = src["pipeline_tag"]
        m["library_name"] = src.get("library_name") or ("gguf" if is_gguf else "transformers")
        if src.get("safetensors"):
            m["safetensors"] = src["safetensors"]
        elif n_params and not is_gguf:
            m["safetensors"] = {"parameters": {"BF16": n_params}, "total": n_params}
        if is_gguf and n_params:
            m["gguf"] = {
                "total": n_params,
                "architecture": "qwen35",
                "context_length": 262144,
                "bos_token": "<|endoftext|>",
            }
        card = dict(src["cardData"]) if src.get("cardData") else {"license": "apache-2.0"}
        if base and "base_model" not in card:
            card["base_model"] = base[0]
        m["cardData"] = card
        rels = [t.split(":", 2) for t in tags if t.startswith("base_model:") and t.count(":") == 2]
        if rels:
            m["baseModels"] = {"relation": rels[0][1], "models": [{"id": r[2]} for r in rels]}
        if src.get("config"):
            m["config"] = src["config"]
        elif not is_gguf:
            family = re.sub(r"[^a-z]", "", src["id"].split("/")[-1].split("-")[0].lower()) or "llama"
            m["config"] = {"architectures": [f"{family.capitalize()}ForCausalLM"], "model_type": family}
        m["spaces"] = list(src.get("spaces") or [])
        models.append(m)
    for j in range(1, copies):
        for m in list(models[: len(raw)]):
            c = json.loads(json.dumps(m))
            c["id"] = f"{m['id']}-copy{j}"
            c["_id"] = _oid(c["id"])
            c["downloads"] += j
            models.append(c)

    # Datasets named by the models' `dataset:` tags.
    datasets = []
    ds_ids = sorted({t[len("dataset:") :] for m in models for t in m["tags"] if t.startswith("dataset:")})
    cats = ["question-answering", "text-generation", "robotics", "text-classification", "sentence-similarity"]
    for i, ds in enumerate(ds_ids):
        cat = cats[i % len(cats)]
        tags = [f"task_categories:{cat}", "modality:text", "language:en", "size_categories:10K<n<100K", "region:us"]
        if cat == "robotics":
            tags.append("LeRobot")
        d: dict[str, Any] = {
            "_id": _oid("dataset:" + ds),
            "id": ds,
            "author": ds.split("/")[0] if "/" in ds else None,
            "createdAt": _iso(1646263744 + 86400 * 37 * i),
            "lastModified": _iso(1700000000 + 86400 * 13 * i),
            "downloads": 1000 * (i + 1) + 7 * i,
            "downloadsAllTime": 25000 * (i + 1),
            "likes": 3 * i,
            "trendingScore": i % 4,
            "private": False,
            "gated": False,
            "disabled": False,
            "tags": tags,
            "cardData": {"license": "cc-by-4.0", "task_categories": [cat], "language": ["en"]},
        }
        if d["author"] is None:
            del d["author"]
        datasets.append(d)

    # Spaces named by the models' `spaces` lists (the first 40, in id order), using those models.
    users: dict[str, list[str]] = {}
    for m in models:
        for s in m["spaces"]:
            users.setdefault(s, []).append(m["id"])
    sdks = ["gradio", "streamlit", "docker", "static"]
    spaces = []
    for i, sid in enumerate(sorted(users)[:40]):
        spaces.append(
            {
                "_id": _oid("space:" + sid),
                "id": sid,
                "author": sid.split("/")[0],
                "createdAt": _iso(1650000000 + 86400 * 17 * i),
                "lastModified": _iso(1710000000 + 86400 * 5 * i),
                "likes": (i * 37) % 500,
                "trendingScore": i % 3,
                "private": False,
                "sdk": sdks[i % 4],
                "tags": [sdks[i % 4], "region:us"],
                "models": sorted(users[sid]),
                "datasets": ds_ids[i % len(ds_ids) : i % len(ds_ids) + 1] if i % 3 == 0 else [],
            }
        )

    # Daily papers for the arXiv ids the models cite, in the /api/daily_papers item shape.
    cited: dict[str, str] = {}
    for m in models:
        for t in m["tags"]:
            if t.startswith("arxiv:"):
                cited.setdefault(t[len("arxiv:") :], m["author"])
    papers = []
    for i, (pid, org) in enumerate(sorted(cited.items())):
        submitted = _iso(1690000000 + 86400 * 3 * i)
        orgs = {
            "_id": _oid("org:" + org),
            "name": org,
            "fullname": org.replace("-", " ").title(),
            "avatar": f"https://cdn-avatars.huggingface.co/{org}.png",
        }
        paper = {
            "id": pid,
            "authors": [
                {"_id": _oid(f"{pid}:{k}"), "name": f"Author {k} of {pid}", "hidden": False} for k in range(1 + i % 3)
            ],
            "publishedAt": _iso(1690000000 + 86400 * 3 * i - 86400 * 2),
            "submittedOnDailyAt": submitted,
            "title": f"Paper {pid}",
            "summary": f"The paper behind arxiv:{pid}.",
            "upvotes": 10 * (i + 1) + i,
            "discussionId": _oid("discussion:" + pid),
            "organization": orgs,
        }
        item: dict[str, Any] = {
            "paper": paper,
            "publishedAt": submitted,
            "title": paper["title"],
            "summary": paper["summary"],
            "thumbnail": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{pid}.png",
            "numComments": i % 4,
            "submittedBy": {"_id": _oid("user:akhaliq"), "fullname": "AK", "name": "akhaliq", "type": "user"},
            "isAuthorParticipating": False,
        }
        if i % 2 == 0:
            item["organization"] = {k: orgs[k] for k in ("_id", "name", "fullname")}
        papers.append(item)
    papers.sort(key=lambda p: p["publishedAt"], reverse=True)
    return HubData(models, datasets, spaces, papers)


# -- faults ------------------------------------------------------------------------------------
@dataclass
class Fault:
    """One scheduled misbehaviour, consumed by the request it hits."""

    kind: str  # status | stall | truncate | garbage | close
    status: int = 503
    retry_after: str | None = None  # sent verbatim
    retry_after_in: float | None = None  # sent as an HTTP date this many seconds from now
    ratelimit_reset: int | None = None  # sent as the Hub's `RateLimit: "api";r=0;t=N`
    seconds: float = 0.0  # stall length
    message: str | None = None


def rate_limited(retry_after: float | int) -> Fault:
    return Fault("status", 429, retry_after=str(retry_after))


def rate_limited_until(seconds_from_now: float) -> Fault:
    return Fault("status", 429, retry_after_in=seconds_from_now)


def server_error(status: int = 503) -> Fault:
    return Fault("status", status)


def client_error(status: int, message: str | None = None) -> Fault:
    return Fault("status", status, message=message)


def stall(seconds: float) -> Fault:
    return Fault("stall", seconds=seconds)


def truncated() -> Fault:
    return Fault("truncate")


def garbage() -> Fault:
    return Fault("garbage")


def closed() -> Fault:
    return Fault("close")


@dataclass
class Seen:
    """One request as the server saw it."""

    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    page: int | None
    outcome: str = ""  # "200", "429", "stall", …
    at: float = field(default_factory=time.monotonic)


# -- server ------------------------------------------------------------------------------------
class FakeHub:
    """The server; use as a context manager. `url` is the endpoint to put in HF_ENDPOINT."""

    def __init__(self, data: HubData | None = None, *, real_dir: Path = REAL_DIR) -> None:
        self.data = data or build_data(real_dir)
        self.requests: list[Seen] = []
        self.require_token: str | None = None
        self.max_page_size: int | None = None  # the server's own cap on a page, whatever limit asks
        self.ignore_page_param = False  # /api/daily_papers serving page 0 whatever `p` says
        # repo listings' pagination: "repeat" links each page to itself, "endless" never ends (fresh cursors
        # over the items again and again)
        self.pagination = "normal"
        self.on_page: Callable[[str, int], None] | None = None  # called before a page is served
        self._faults: dict[tuple[str, int], list[Fault]] = {}
        self._next_faults: list[Fault] = []
        self._lock = threading.Lock()
        self._pages_served = 0
        self._die_after: int | None = None
        self._die_how = "503"
        self._release = threading.Event()
        self.stalled = threading.Event()  # set when a request is held in the "die" stall
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                hub._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    # -- lifecycle
    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeHub:
        self._thread.start()
        return self

    def close(self) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- scheduling
    def inject(self, path: str, page: int, *faults: Fault) -> None:
        """Faults for the requests of one page (0-based) of one listing, in order; then it is served."""
        with self._lock:
            self._faults.setdefault((path, page), []).extend(faults)

    def inject_next(self, *faults: Fault) -> None:
        """Faults for the next requests, whatever they ask for."""
        with self._lock:
            self._next_faults.extend(faults)

    def die_after(self, pages: int, how: str = "503") -> None:
        """After `pages` more pages are served, fail every request (`503`, `close`, or `stall` until `revive`)."""
        with self._lock:
            self._die_after = self._pages_served + pages
            self._die_how = how
            self._release.clear()
            self.stalled.clear()

    def revive(self) -> None:
        with self._lock:
            self._die_after = None
        self._release.set()

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
            self._next_faults.clear()
            self.requests.clear()

    @property
    def pages_served(self) -> int:
        return self._pages_served

    def outcomes(self, path: str | None = None) -> list[str]:
        return [r.outcome for r in self.requests if path is None or r.path == path]

    # -- handling
    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        path = unquote(parts.path)
        query = parse_qsl(parts.query, keep_blank_values=True)
        seen = Seen("GET", path, query, {k.lower(): v for k, v in h.headers.items()}, None)
        with self._lock:
            self.requests.append(seen)
        if self.require_token is not None and h.headers.get("authorization") != f"Bearer {self.require_token}":
            seen.outcome = "401"
            self._send_json(
                h,
                401,
                {"error": "Invalid credentials in Authorization header"},
                {"X-Error-Message": "Invalid credentials in Authorization header"},
            )
            return
        if path in LISTINGS or path == "/api/daily_papers":
            page, limit, offset = self._page_of(path, query)
            seen.page = page
            fault = self._take_fault(path, page)
            if fault is None and self._dying():
                fault = (
                    Fault("stall-forever")
                    if self._die_how == "stall"
                    else Fault("close")
                    if self._die_how == "close"
                    else server_error(503)
                )
            if fault is not None:
                seen.outcome = self._misbehave(h, fault)
                return
            if self.on_page is not None:
                self.on_page(path, page)
            items = self.data.by_path(path)
            chunk = items[offset : offset + limit]
            if path in LISTINGS and self.pagination == "endless":
                chunk = [items[(offset + i) % len(items)] for i in range(limit)]
            headers = {}
            if path in LISTINGS:
                chunk = [self._expand(path, it, query) for it in chunk]
                if self.pagination == "repeat":
                    headers["Link"] = f'<{self._next_link(path, query, offset)}>; rel="next"'
                elif self.pagination == "endless" or offset + limit < len(items):
                    headers["Link"] = f'<{self._next_link(path, query, offset + limit)}>; rel="next"'
            with self._lock:
                self._pages_served += 1
            seen.outcome = "200"
            self._send_json(h, 200, chunk, headers)
            return
        m = re.fullmatch(r"/api/models/(.+)", path)
        if m:
            found = [it for it in self.data.models if it["id"] == m.group(1)]
            if found:
                seen.outcome = "200"
                self._send_json(h, 200, found[0])
                return
            seen.outcome = "404"
            self._send_json(
                h,
                404,
                {"error": "Repository not found"},
                {"X-Error-Code": "RepoNotFound", "X-Error-Message": "Repository not found"},
            )
            return
        seen.outcome = "404"
        self._send_json(h, 404, {"error": "Sorry, we can't find the page you are looking for."})

    def _page_of(self, path: str, query: list[tuple[str, str]]) -> tuple[int, int, int]:
        q = dict(query)
        cap = self.max_page_size or MAX_LISTING_LIMIT
        if path == "/api/daily_papers":
            limit = max(1, min(int(q.get("limit", 50)), MAX_PAPERS_LIMIT, cap))
            page = 0 if self.ignore_page_param else int(q.get("p", 0))
            return page, limit, page * limit
        limit = max(1, min(int(q.get("limit", MAX_LISTING_LIMIT)), MAX_LISTING_LIMIT, cap))
        offset = 0
        if q.get("cursor"):
            padded = q["cursor"] + "=" * (-len(q["cursor"]) % 4)
            offset = json.loads(base64.urlsafe_b64decode(padded))["offset"]
        return offset // limit, limit, offset

    def _next_link(self, path: str, query: list[tuple[str, str]], offset: int) -> str:
        cursor = base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode().rstrip("=")
        kept = [(k, v) for k, v in query if k != "cursor"] + [("cursor", cursor)]
        return f"{self.url}{path}?{urlencode(kept)}"

    def _expand(self, path: str, item: dict[str, Any], query: list[tuple[str, str]]) -> dict[str, Any]:
        wanted = [v for k, v in query if k in ("expand[]", "expand")]
        fields = ("_id", "id", *wanted) if wanted else _DEFAULT_FIELDS[path]
        return {k: item[k] for k in fields if k in item}

    def _take_fault(self, path: str, page: int) -> Fault | None:
        with self._lock:
            if self._next_faults:
                return self._next_faults.pop(0)
            queue = self._faults.get((path, page))
            if queue:
                return queue.pop(0)
        return None

    def _dying(self) -> bool:
        with self._lock:
            return self._die_after is not None and self._pages_served >= self._die_after

    def _misbehave(self, h: BaseHTTPRequestHandler, f: Fault) -> str:
        if f.kind == "status":
            headers: dict[str, str] = {}
            if f.retry_after is not None:
                headers["Retry-After"] = f.retry_after
            if f.retry_after_in is not None:
                headers["Retry-After"] = email.utils.formatdate(time.time() + f.retry_after_in, usegmt=True)
            if f.ratelimit_reset is not None:
                headers["RateLimit"] = f'"api";r=0;t={f.ratelimit_reset}'
                headers["RateLimit-Policy"] = '"fixed window";"api";q=500;w=300'
            body = {
                "error": f.message
                or {429: "Too Many Requests", 401: "Invalid credentials in Authorization header"}.get(
                    f.status, "Internal Error"
                )
            }
            self._send_json(h, f.status, body, headers)
            return str(f.status)
        if f.kind == "stall":
            self._release.wait(f.seconds)
            self._drop(h)
            return "stall"
        if f.kind == "stall-forever":
            self.stalled.set()
            self._release.wait(60)
            self._drop(h)
            return "stall"
        if f.kind == "truncate":
            body = json.dumps([{"id": "x/" + "y" * 200}] * 20).encode()
            h.send_response(200)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(body) + 500))
            h.end_headers()
            h.wfile.write(body[: len(body) // 2])
            h.wfile.flush()
            self._drop(h)
            return "truncate"
        if f.kind == "garbage":
            body = b'[{"id": "broken", "downloads": 12'
            h.send_response(200)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)
            return "garbage"
        if f.kind == "close":
            self._drop(h)
            return "close"
        raise AssertionError(f.kind)

    @staticmethod
    def _drop(h: BaseHTTPRequestHandler) -> None:
        h.close_connection = True
        with contextlib.suppress(OSError):  # the client may have gone already
            h.connection.shutdown(socket.SHUT_RDWR)

    @staticmethod
    def _send_json(h: BaseHTTPRequestHandler, status: int, doc: Any, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(doc).encode()
        try:
            h.send_response(status)
            h.send_header("Content-Type", "application/json; charset=utf-8")
            h.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                h.send_header(k, v)
            h.end_headers()
            h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


def wait_until(cond: Callable[[], bool], timeout: float = 10.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.01)
    return cond()


@contextmanager
def serving(monkeypatch: Any, tmp_path: Path, *, max_page_size: int | None = None) -> Iterator[FakeHub]:
    """A fake Hub with the real huggingface_hub client pointed at it, and nothing of the user's leaking in."""
    import pytest

    if not REAL_DIR.is_dir():
        pytest.skip(f"the real API samples are not here ({REAL_DIR})")
    with FakeHub() as server:
        if max_page_size is not None:
            server.max_page_size = max_page_size
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))  # no cached login leaks in
        monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
        monkeypatch.delenv("HF_TOKEN", raising=False)
        monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
        monkeypatch.delenv("HUBCENSUS_DEBUG", raising=False)
        yield server


class Waits(list):
    """An injected sleep: records each wait, sleeps not at all."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)
