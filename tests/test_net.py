"""hubcensus.net against the fake Hub: retries, waits, pagination and one-line errors.

Every request goes through huggingface_hub's real HTTP layer (get_session, build_hf_headers,
hf_raise_for_status) to a server on 127.0.0.1 named by HF_ENDPOINT. Waits are recorded by an
injected sleep, so a 2-second Retry-After costs no time.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest

from hubcensus.errors import NetworkError, UserError
from hubcensus.net import (
    HubSession,
    Paginator,
    RetryPolicy,
    link_next,
    page_number_next,
    parse_retry_after,
    short_url,
)
from tests.fakehub import (
    FakeHub,
    Waits,
    client_error,
    closed,
    garbage,
    rate_limited,
    rate_limited_until,
    server_error,
    serving,
    stall,
    truncated,
)

FAST = RetryPolicy(max_attempts=4, base_wait=0.01, max_wait=0.04, timeout=0.3, connect_timeout=0.3)


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator[FakeHub]:
    with serving(monkeypatch, tmp_path) as server:
        yield server


def session(policy: RetryPolicy = FAST, **kw) -> tuple[HubSession, Waits]:
    waits = Waits()
    return HubSession(policy=policy, sleep=waits, **kw), waits


def models_url(s: HubSession, limit: int = 5) -> str:
    return s.url("/api/models", [("expand[]", "downloadsAllTime"), ("expand[]", "tags"), ("limit", limit)])


# -- the policy on its own -------------------------------------------------------------------------
def test_retry_after_seconds_and_http_date() -> None:
    now = dt.datetime(2026, 3, 1, 12, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after("7", now) == 7.0
    assert parse_retry_after(" 0 ", now) == 0.0
    assert parse_retry_after("Sun, 01 Mar 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Sun, 01 Mar 2026 11:59:00 GMT", now) == 0.0  # already past: go now
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


def test_backoff_is_exponential_and_capped() -> None:
    p = RetryPolicy(base_wait=1, max_wait=5)
    assert [p.backoff(n) for n in range(1, 6)] == [1, 2, 4, 5, 5]
    assert all(p.retryable_status(s) for s in (408, 429, 500, 502, 503, 504, 520))
    assert not any(p.retryable_status(s) for s in (400, 401, 403, 404, 501, 505))


# -- retries against the server -----------------------------------------------------------------
def test_429_retry_after_seconds_is_honoured(hub: FakeHub) -> None:
    s, waits = session()
    hub.inject_next(rate_limited(2), rate_limited(1))
    data, _ = s.get_json(models_url(s))
    assert len(data) == 5
    assert waits == [2.0, 1.0]
    assert hub.outcomes() == ["429", "429", "200"]


def test_429_retry_after_http_date_is_honoured(hub: FakeHub) -> None:
    s, waits = session()
    hub.inject_next(rate_limited_until(2))
    s.get_json(models_url(s))
    assert len(waits) == 1
    # An HTTP date has one-second resolution: two seconds ahead is between one and two from now.
    assert 0.1 <= waits[0] <= 2.0


def test_429_ratelimit_header_when_no_retry_after(hub: FakeHub) -> None:
    from tests.fakehub import Fault

    s, waits = session()
    hub.inject_next(Fault("status", 429, ratelimit_reset=3))
    s.get_json(models_url(s))
    assert waits == [3.0]


def test_retry_after_longer_than_policy_stops_at_once(hub: FakeHub) -> None:
    s, waits = session(RetryPolicy(max_retry_after=10, timeout=1))
    hub.inject_next(rate_limited(3600))
    with pytest.raises(NetworkError) as err:
        s.get_json(models_url(s))
    assert waits == []
    assert "429" in str(err.value) and "3600" in str(err.value)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_retried_with_exponential_backoff(hub: FakeHub, status: int) -> None:
    s, waits = session()
    hub.inject_next(server_error(status), server_error(status), server_error(status))
    data, _ = s.get_json(models_url(s))
    assert len(data) == 5
    assert waits == [0.01, 0.02, 0.04]


def test_stall_longer_than_timeout_is_retried(hub: FakeHub) -> None:
    s, waits = session()
    hub.inject_next(stall(2.0))
    t0 = time.monotonic()
    data, _ = s.get_json(models_url(s))
    assert len(data) == 5 and waits == [0.01]
    assert time.monotonic() - t0 < 1.5  # the client gave up at its 0.3 s timeout, not at the stall's end


@pytest.mark.parametrize("fault", [truncated, garbage, closed], ids=["truncated", "not-json", "closed"])
def test_broken_bodies_are_retried(hub: FakeHub, fault) -> None:  # type: ignore[no-untyped-def]
    s, waits = session()
    hub.inject_next(fault())
    data, _ = s.get_json(models_url(s))
    assert len(data) == 5 and waits == [0.01]


def test_retries_exhausted_is_one_line_naming_url_and_status(hub: FakeHub) -> None:
    s, waits = session()
    hub.inject_next(*[server_error(503)] * 4)
    with pytest.raises(NetworkError) as err:
        s.get_json(models_url(s))
    msg = str(err.value)
    assert "\n" not in msg
    assert msg.startswith(f"GET {hub.url}/api/models?")
    assert "HTTP 503" in msg and "gave up after 4 attempts" in msg
    assert waits == [0.01, 0.02, 0.04]
    assert isinstance(err.value, UserError)


def test_404_is_one_line_naming_url_and_status(hub: FakeHub) -> None:
    s, waits = session()
    url = s.url("/api/nothing-here")
    with pytest.raises(NetworkError) as err:
        s.get_json(url)
    msg = str(err.value)
    assert "\n" not in msg and waits == []
    assert msg.startswith(f"GET {url}: HTTP 404 Not Found")
    assert "HF_ENDPOINT" in msg


def test_401_names_url_status_and_server_message(hub: FakeHub) -> None:
    hub.require_token = "hf_right"
    s, waits = session(token="hf_wrong")
    with pytest.raises(NetworkError) as err:
        s.get_json(models_url(s))
    msg = str(err.value)
    assert "\n" not in msg and waits == []
    assert "HTTP 401" in msg and f"{hub.url}/api/models" in msg
    assert "Invalid credentials in Authorization header" in msg and "HF_TOKEN" in msg


def test_403_from_schedule_is_not_retried(hub: FakeHub) -> None:
    s, waits = session()
    hub.inject_next(client_error(403, "You are not allowed"))
    with pytest.raises(NetworkError, match="HTTP 403.*You are not allowed"):
        s.get_json(models_url(s))
    assert waits == []


def test_hf_token_is_sent_through_build_hf_headers(hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_from_env")
    hub.require_token = "hf_from_env"
    s, _ = session()
    s.get_json(models_url(s))
    seen = hub.requests[-1].headers
    assert seen["authorization"] == "Bearer hf_from_env"
    assert seen["user-agent"].startswith("hubcensus/")


def test_connection_refused_is_retried_then_named(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    s, waits = session(endpoint=f"http://127.0.0.1:{port}")
    with pytest.raises(NetworkError, match=r"cannot connect.*gave up after 4 attempts"):
        s.get_json(s.url("/api/models"))
    assert waits == [0.01, 0.02, 0.04]


# -- pagination ----------------------------------------------------------------------------------
def test_paginator_follows_link_headers_and_exposes_the_cursor(hub: FakeHub) -> None:
    s, _ = session()
    first = models_url(s, limit=10)
    pager = Paginator(s, first, next_page=link_next)
    pages = list(pager)
    n = len(hub.data.models)
    assert [len(p.items) for p in pages] == [10] * (n // 10) + ([n % 10] if n % 10 else [])
    assert pages[0].url == first
    for a, b in zip(pages, pages[1:]):
        assert a.next_url == b.url and a.next_url.startswith(hub.url + "/api/models?")  # absolute
        assert "cursor=" in a.next_url and "expand" in a.next_url  # the Hub's link keeps the query
    assert pages[-1].next_url is None and pager.next_url is None
    assert [m["id"] for p in pages for m in p.items] == [m["id"] for m in hub.data.models]


def test_paginator_resumes_from_a_saved_cursor(hub: FakeHub) -> None:
    s, _ = session()
    pages = iter(Paginator(s, models_url(s, limit=10)))
    first = next(pages)
    rest = list(Paginator(s, first.next_url))  # a fresh process, from the checkpointed URL
    assert [m["id"] for m in first.items] + [m["id"] for p in rest for m in p.items] == [
        m["id"] for m in hub.data.models
    ]


def test_page_number_paging_for_daily_papers(hub: FakeHub) -> None:
    s, _ = session()
    pages = list(Paginator(s, s.url("/api/daily_papers", [("p", 0), ("limit", 2)]), next_page=page_number_next("p")))
    assert [len(p.items) for p in pages] == [2, 2, 1, 0]  # an empty page ends it
    assert [p.url.split("p=")[1].split("&")[0] for p in pages] == ["0", "1", "2", "3"]


def test_next_link_to_another_host_is_refused(hub: FakeHub) -> None:
    s, _ = session()
    with pytest.raises(NetworkError, match="refusing to follow"):
        s.same_origin("http://elsewhere.example/api/models?cursor=x")
    # The Hub's public name is rewritten to the configured endpoint, as huggingface_hub does it.
    assert s.same_origin("https://huggingface.co/api/models?cursor=x") == f"{hub.url}/api/models?cursor=x"


def test_short_url_folds_expand_fields() -> None:
    url = "http://h/api/models?" + "&".join(f"expand%5B%5D=f{i}" for i in range(9)) + "&limit=10&cursor=abc"
    assert short_url(url) == "http://h/api/models?expand[]=…(9 fields)&limit=10&cursor=abc"


def test_fake_hub_speaks_the_api_huggingface_hub_expects(hub: FakeHub) -> None:
    """The fake is only worth testing against if the real client reads it: list_models pages through
    it (following the Link headers itself) and ModelInfo/DatasetInfo/SpaceInfo/PaperInfo parse its items."""
    from huggingface_hub.hf_api import (
        DatasetInfo,
        HfApi,
        ModelInfo,
        PaperInfo,
        SpaceInfo,
    )

    hub.max_page_size = 7
    api = HfApi(endpoint=hub.url)
    models = list(api.list_models(expand=["downloadsAllTime", "safetensors", "baseModels", "tags", "createdAt"]))
    assert [m.id for m in models] == [m["id"] for m in hub.data.models]
    assert all(isinstance(m, ModelInfo) for m in models)
    bert = next(m for m in models if m.id == "google-bert/bert-base-uncased")
    assert bert.safetensors is not None and bert.safetensors.total == 110106428
    assert bert.created_at == dt.datetime(2022, 3, 2, 23, 29, 4, tzinfo=dt.UTC)
    assert len([r for r in hub.requests if r.path == "/api/models"]) == -(-len(models) // 7)
    assert all(isinstance(DatasetInfo(**d), DatasetInfo) for d in hub.data.datasets)
    assert all(isinstance(SpaceInfo(**sp), SpaceInfo) for sp in hub.data.spaces)
    papers = list(api.list_daily_papers(limit=3))
    assert all(isinstance(p, PaperInfo) for p in papers) and papers[0].id == hub.data.papers[0]["paper"]["id"]


def test_offline_mode_is_one_line(hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    s, waits = session()
    with pytest.raises(NetworkError, match="HF_HUB_OFFLINE is set"):
        s.get_json(models_url(s))
    assert waits == [] and hub.requests == []
