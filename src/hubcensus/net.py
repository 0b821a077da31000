"""Network code in one place: the retry policy, the paginator, and how failures reach the user.

Everything that talks to the Hub goes through `HubSession.get_json`, which rides on
huggingface_hub's own HTTP layer: the shared client from `get_session()` (so proxies, CA bundles,
`HF_HUB_OFFLINE` and a client factory set by the user all apply), headers from `build_hf_headers()`
(so `HF_TOKEN` or the cached login is sent exactly as huggingface_hub would send it), and
`hf_raise_for_status()` to read the server's own error message out of a failed response.

Why not `huggingface_hub.utils.http_backoff` or `HfApi.list_models`? `http_backoff` sleeps with
`time.sleep` (a test cannot check its waits without waiting), reads `Retry-After` only in seconds
(the HTTP-date form is ignored) and retries neither a truncated body nor one that is not JSON. And
`HfApi.list_models` pages internally: it follows the `Link` header inside a generator and never
exposes the next-page URL, so a crawl built on it cannot checkpoint its position, and a crash on
page 1,900 of 2,000 starts again from page 1. `Paginator` follows the same `Link` headers over the
same session but hands out each page together with the URL of the next one — the cursor — so the
caller can commit both in one transaction and resume from it.

Errors: a failure retries cannot cure (401/403/404, other 4xx, retries exhausted, a `Retry-After`
longer than the policy is willing to wait) becomes `hubcensus.errors.NetworkError`, a `UserError`:
one line naming the method, the URL and the status or transport error.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import math
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

import httpx2
from huggingface_hub import constants
from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled
from huggingface_hub.utils import (
    build_hf_headers,
    close_session,
    fix_hf_endpoint_in_url,
    get_session,
    hf_raise_for_status,
    parse_ratelimit_headers,
)

from hubcensus import __version__
from hubcensus.errors import NetworkError

Sleep = Callable[[float], None]
Clock = Callable[[], dt.datetime]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def resolve_endpoint(endpoint: str | None = None) -> str:
    """The Hub to talk to: an explicit endpoint, else HF_ENDPOINT, else huggingface_hub's default.

    `huggingface_hub.constants.ENDPOINT` is read from HF_ENDPOINT once, when huggingface_hub is
    imported; reading the variable again here means a library caller (or a test) that sets it
    later is still obeyed.
    """
    import os

    chosen = endpoint or os.environ.get("HF_ENDPOINT") or constants.ENDPOINT
    return chosen.strip().rstrip("/")


def short_url(url: str) -> str:
    """A URL as a person reads it in a one-line error: unquoted, with a long run of expand[] folded."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    expands = [v for k, v in query if k in ("expand[]", "expand")]
    if len(expands) > 3:
        rest = [(k, v) for k, v in query if k not in ("expand[]", "expand")]
        text = "&".join([f"expand[]=…({len(expands)} fields)"] + [f"{k}={v}" for k, v in rest])
    else:
        text = unquote(parts.query)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, text, ""))


# -- retry policy --------------------------------------------------------------------------------
def parse_retry_after(value: str | None, now: dt.datetime) -> float | None:
    """Seconds to wait from a `Retry-After` value: delay-seconds (`"120"`) or an HTTP date.

    A date in the past means "now" (0). An unreadable value is ignored (None) rather than trusted.
    """
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return None if math.isnan(seconds) else max(0.0, seconds)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # an HTTP date is GMT by definition
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - now).total_seconds())


@dataclass(frozen=True)
class RetryPolicy:
    """When a request is tried again, and how long to wait before it.

    Retried: 408, 425, 429 and 5xx (except 501 and 505, which say the server will never do it),
    timeouts, connection errors, a body cut short or badly compressed, and a body that is not JSON (a proxy's error page,
    a truncated chunked response). The wait is what the server asked for — `Retry-After` in seconds
    or as an HTTP date, else the Hub's `RateLimit: "api";r=0;t=N` — or else an exponential backoff
    `base_wait * 2**(attempt-1)` capped at `max_wait`. No jitter: a crawl is one client, not a herd,
    and a deterministic wait is one a test can assert.

    A server that asks for more than `max_retry_after` seconds is not waited out: the crawl stops
    with a NetworkError, its checkpoint intact, and `--resume` continues later.
    """

    max_attempts: int = 6
    base_wait: float = 1.0
    max_wait: float = 60.0
    max_retry_after: float = 900.0
    timeout: float = 60.0  # seconds to wait for each read (and for the whole of a stalled response)
    connect_timeout: float = 10.0

    def backoff(self, attempt: int) -> float:
        """The wait after failed attempt number `attempt` (1-based) when the server did not say."""
        return min(self.max_wait, self.base_wait * (2 ** (attempt - 1)))

    @staticmethod
    def retryable_status(status: int) -> bool:
        return status in (408, 425, 429) or (500 <= status <= 599 and status not in (501, 505))

    @staticmethod
    def server_wait(headers: Mapping[str, str], status: int, now: dt.datetime) -> tuple[float, str] | None:
        """What the server asked us to wait, and which header said so; None if it did not say."""
        wait = parse_retry_after(headers.get("retry-after"), now)
        if wait is not None:
            return wait, "Retry-After"
        if status == 429:
            info = parse_ratelimit_headers(headers)
            if info is not None and info.remaining == 0:
                return float(info.reset_in_seconds), "RateLimit"
        return None

    def httpx_timeout(self) -> httpx2.Timeout:
        return httpx2.Timeout(self.timeout, connect=self.connect_timeout)


@dataclass(frozen=True)
class Retry:
    """One retry about to happen: what failed, and how long we wait before trying again."""

    url: str
    attempt: int  # the attempt that failed (1-based)
    wait: float
    reason: str


class HubSession:
    """GET JSON from one Hub endpoint through huggingface_hub's shared client, under a RetryPolicy.

    `sleep` and `now` are injectable so tests can assert every wait without sleeping; `on_retry`
    lets a progress display say why the crawl is pausing.
    """

    def __init__(
        self,
        endpoint: str | None = None,
        *,
        token: str | bool | None = None,
        policy: RetryPolicy | None = None,
        sleep: Sleep = time.sleep,
        now: Clock = utcnow,
        on_retry: Callable[[Retry], None] | None = None,
    ) -> None:
        self.endpoint = resolve_endpoint(endpoint)
        self.policy = policy or RetryPolicy()
        self.sleep = sleep
        self.now = now
        self.on_retry = on_retry
        self.token = token
        self.waits: list[float] = []  # every wait taken, in order (for reports and tests)
        self._headers: dict[str, str] | None = None

    @property
    def headers(self) -> dict[str, str]:
        if self._headers is None:
            # build_hf_headers resolves the token: an explicit one, else HF_TOKEN, else the cached login.
            self._headers = build_hf_headers(
                token=self.token,
                library_name="hubcensus",
                library_version=__version__,
                headers={"Accept": "application/json"},
            )
        return self._headers

    def url(self, path: str, params: list[tuple[str, Any]] | None = None) -> str:
        """An absolute URL on this endpoint; the query is part of it, so a URL alone is a cursor."""
        query = f"?{urlencode(params)}" if params else ""
        return f"{self.endpoint}{path}{query}"

    def same_origin(self, url: str) -> str:
        """`url` if it is on our endpoint; a next-page link elsewhere is refused.

        The Hub returns absolute links under its public name; a mirror behind HF_ENDPOINT may pass
        them on unchanged, so they are rewritten the way huggingface_hub does it. Anything that still
        points elsewhere would receive the user's token, so it is an error instead.
        """
        fixed = fix_hf_endpoint_in_url(url, self.endpoint)
        a, b = urlsplit(fixed), urlsplit(self.endpoint)
        if (a.scheme, a.netloc.lower()) != (b.scheme, b.netloc.lower()):
            raise NetworkError(
                f"GET {short_url(url)}: the next-page link leaves {self.endpoint}; refusing to follow it (and send the token there)"
            )
        return fixed

    def get_json(self, url: str) -> tuple[Any, httpx2.Response]:
        """The decoded JSON body of GET `url`, retried under the policy; NetworkError when it cannot be had."""
        policy = self.policy
        attempt = 0
        while True:
            attempt += 1
            wait: float | None = None
            try:
                response = get_session().get(url, headers=self.headers, timeout=policy.httpx_timeout())
            except OfflineModeIsEnabled:
                raise NetworkError(f"GET {short_url(url)}: HF_HUB_OFFLINE is set; unset it to crawl the Hub") from None
            except (
                httpx2.TimeoutException,
                httpx2.NetworkError,
                httpx2.RemoteProtocolError,
                httpx2.DecodingError,
            ) as exc:
                if isinstance(exc, httpx2.ConnectError):
                    close_session()  # as huggingface_hub does: a fresh client for the next attempt
                reason = _describe(exc)
            else:
                status = response.status_code
                if policy.retryable_status(status):
                    reason = f"HTTP {status} {response.reason_phrase}".strip()
                    asked = policy.server_wait(response.headers, status, self.now())
                    if asked is not None:
                        wait, header = asked
                        reason += f" ({header}: {wait:g}s)"
                        if wait > policy.max_retry_after:
                            raise NetworkError(
                                f"GET {short_url(url)}: {reason}: longer than this crawl waits ({policy.max_retry_after:g}s); "
                                "try again later"
                            )
                elif status >= 400:
                    raise _http_error(url, response, self.endpoint) from None
                else:
                    try:
                        return json.loads(response.content), response
                    except (ValueError, UnicodeDecodeError):
                        reason = f"a body that is not JSON ({len(response.content):,} bytes)"
            if attempt >= policy.max_attempts:
                raise NetworkError(f"GET {short_url(url)}: {reason}; gave up after {attempt} attempts")
            if wait is None:
                wait = policy.backoff(attempt)
            self.waits.append(wait)
            if self.on_retry is not None:
                self.on_retry(Retry(url, attempt, wait, reason))
            self.sleep(wait)


def _describe(exc: Exception) -> str:
    """A transport failure in a few words (httpx's own messages can run to several lines)."""
    if isinstance(exc, httpx2.TimeoutException):
        return f"timed out ({type(exc).__name__})"
    if isinstance(exc, httpx2.RemoteProtocolError):
        first = str(exc).splitlines()[0] if str(exc) else "protocol error"
        return f"the connection broke mid-response ({first})"
    if isinstance(exc, httpx2.ConnectError):
        first = str(exc).splitlines()[0] if str(exc) else "connection failed"
        return f"cannot connect ({first})"
    first = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}" + (f" ({first})" if first else "")


_HINTS = {
    401: "check HF_TOKEN (or unset it: public listings need no token)",
    403: "the token is not allowed to read this",
    404: "is HF_ENDPOINT ({endpoint}) a Hugging Face Hub?",
}


def _http_error(
    url: str, response: httpx2.Response, endpoint: str, method: str = "GET", hints: Mapping[int, str] | None = None
) -> NetworkError:
    """A non-retryable HTTP status as one line: method, URL, status, the server's message, a hint."""
    server = None
    try:
        hf_raise_for_status(response)
    except HfHubHTTPError as exc:
        server = exc.server_message
    except httpx2.HTTPStatusError:
        pass
    status = response.status_code
    line = f"{method} {short_url(url)}: HTTP {status} {response.reason_phrase}".rstrip()
    if server:
        line += f" ({' '.join(server.split())})"
    hint = (_HINTS if hints is None else {**_HINTS, **hints}).get(status)
    if hint:
        line += "; " + hint.format(endpoint=endpoint)
    return NetworkError(line)


# -- pagination ----------------------------------------------------------------------------------
NextPage = Callable[[httpx2.Response, list[Any], str], "str | None"]


def link_next(response: httpx2.Response, items: list[Any], url: str) -> str | None:
    """The Hub's repo listings: the next page is the `Link: <…>; rel="next"` URL (absent on the last)."""
    nxt = response.links.get("next", {}).get("url")
    return urljoin(str(response.url), nxt) if nxt else None


def page_number_next(param: str = "p") -> NextPage:
    """Listings paged by number (`/api/daily_papers?p=N`): the next page is N+1 until a page is empty."""

    def nxt(response: httpx2.Response, items: list[Any], url: str) -> str | None:
        if not items:
            return None
        parts = urlsplit(url)
        query = parse_qsl(parts.query, keep_blank_values=True)
        current = int(dict(query).get(param, "0") or 0)
        query = [(k, v) for k, v in query if k != param] + [(param, str(current + 1))]
        return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))

    return nxt


@dataclass(frozen=True)
class Page:
    url: str  # the URL this page was fetched from
    items: list[Any]
    next_url: str | None  # where to continue after this page: the cursor to checkpoint


class Paginator:
    """Pages of a listing from `start_url`, fetched lazily: the next page is requested only when the
    caller asks for it, after it has committed the previous one with `page.next_url`."""

    def __init__(self, session: HubSession, start_url: str | None, *, next_page: NextPage = link_next) -> None:
        self.session = session
        self.next_url = start_url
        self.next_page = next_page

    def __iter__(self) -> Iterator[Page]:
        while self.next_url is not None:
            url = self.next_url
            data, response = self.session.get_json(url)
            if not isinstance(data, list):
                raise NetworkError(
                    f"GET {short_url(url)}: expected a JSON list of items, got a JSON {type(data).__name__}"
                )
            nxt = self.next_page(response, data, url)
            self.next_url = self.session.same_origin(nxt) if nxt else None
            yield Page(url, data, self.next_url)


# -- calls through huggingface_hub's own API -------------------------------------------------------
T = TypeVar("T")


def call_with_retries(
    what: str,
    call: Callable[[], T],
    *,
    endpoint: str,
    policy: RetryPolicy | None = None,
    sleep: Sleep = time.sleep,
    now: Clock = utcnow,
    on_retry: Callable[[Retry], None] | None = None,
    hints: Mapping[int, str] | None = None,
) -> T:
    """Run one huggingface_hub call (`HfApi.list_repo_commits`, `hf_hub_download`, …) under the RetryPolicy.

    `what` names the request in messages ("GET https://…/resolve/…/models.parquet"). huggingface_hub
    retries some failures itself (its `http_backoff`: 429 and 5xx on API listings, a broken download
    resumed with `Range`), and there is no switch to turn that off; this is the outer layer, with the
    crawl's rules: what the policy calls retryable is tried again after the server's `Retry-After`
    (seconds or an HTTP date) or the policy's backoff, through the injectable `sleep`; what it does not,
    and what outlasts `max_attempts`, becomes a one-line NetworkError naming the request. A failed HEAD
    inside `hf_hub_download` arrives wrapped in `LocalEntryNotFoundError`; its cause is what is judged.
    `hints` adds to (or replaces) the one-line advice given for a status (401, 403, 404).
    """
    from huggingface_hub.errors import FileMetadataError, LocalEntryNotFoundError

    policy = policy or RetryPolicy()
    method, _, url = what.partition(" ")
    attempt = 0
    while True:
        attempt += 1
        wait: float | None = None
        try:
            return call()
        except OfflineModeIsEnabled:
            raise NetworkError(f"{what}: HF_HUB_OFFLINE is set; unset it to download") from None
        except (LocalEntryNotFoundError, HfHubHTTPError, httpx2.HTTPError, OSError) as exc:
            cause: BaseException = exc
            if isinstance(exc, LocalEntryNotFoundError) and exc.__cause__ is not None:
                cause = exc.__cause__
            if isinstance(cause, OfflineModeIsEnabled):
                raise NetworkError(f"{what}: HF_HUB_OFFLINE is set; unset it to download") from None
            if isinstance(cause, FileMetadataError):
                raise NetworkError(
                    f"{what}: {' '.join(str(cause).split())[:200]}; is HF_ENDPOINT ({endpoint}) a Hugging Face Hub?"
                ) from None
            if isinstance(cause, HfHubHTTPError) and cause.response is not None:
                response = cause.response
                status = response.status_code
                if not policy.retryable_status(status):
                    raise _http_error(url or what, response, endpoint, method or "GET", hints) from None
                reason = f"HTTP {status} {response.reason_phrase}".strip()
                asked = policy.server_wait(response.headers, status, now())
                if asked is not None:
                    wait, header = asked
                    reason += f" ({header}: {wait:g}s)"
                    if wait > policy.max_retry_after:
                        raise NetworkError(
                            f"{what}: {reason}: longer than this pull waits ({policy.max_retry_after:g}s); try again later"
                        ) from None
            elif isinstance(cause, httpx2.TimeoutException | httpx2.NetworkError | httpx2.RemoteProtocolError):
                if isinstance(cause, httpx2.ConnectError):
                    close_session()
                reason = _describe(cause)
            elif isinstance(cause, httpx2.DecodingError):
                reason = _describe(cause)
            elif isinstance(cause, OSError) and cause.errno is None and "Consistency check failed" in str(cause):
                reason = "the download ended short of the file's size"
            else:
                raise
        if attempt >= policy.max_attempts:
            raise NetworkError(f"{what}: {reason}; gave up after {attempt} attempts")
        if wait is None:
            wait = policy.backoff(attempt)
        if on_retry is not None:
            on_retry(Retry(url or what, attempt, wait, reason))
        sleep(wait)
