"""Rate limits: per key (its own quota) and per client address (requests without a key), with Retry-After."""

import pytest

from stoa.api.quota import AddressQuotaExceeded, consume_address_request
from tests.api.v1.conftest import assert_problem

# Three requests made back to back take well under a second, so they span at most two one-second windows:
# with a limit of one a second, at least one of them is over it whatever the clock says.
BURST = 3


def test_a_key_over_its_quota_gets_429_with_retry_after(api, post, make_key):
    key = make_key("read", qps=1)
    responses = [api.get("/posts", key=key) for _ in range(BURST)]
    refused = [response for response in responses if response.status_code == 429]
    assert refused and len(refused) < BURST
    problem = assert_problem(refused[0], 429, "rate-limited")
    assert refused[0]["Retry-After"] == "1"
    assert "1 request(s) per second" in problem["detail"]


def test_keyless_requests_are_limited_per_address(api, post, settings):
    settings.CONFIG = settings.CONFIG.replace(api_ip_qps=1)
    responses = [api.get("/posts") for _ in range(BURST)]  # no key: 401 each, but counted first
    refused = [response for response in responses if response.status_code == 429]
    assert refused
    problem = assert_problem(refused[0], 429, "rate-limited")
    assert refused[0]["Retry-After"] == "1"
    assert problem["detail"] == "This address may make 1 request(s) per second without an API key."


def test_session_requests_count_per_address(client, post, make_user, settings):
    settings.CONFIG = settings.CONFIG.replace(api_ip_qps=1)
    client.force_login(make_user())
    statuses = [client.get("/api/v1/posts").status_code for _ in range(BURST)]
    assert 429 in statuses and 200 in statuses


def test_a_keys_requests_do_not_use_the_address_allowance(api, post, make_key, settings):
    settings.CONFIG = settings.CONFIG.replace(api_ip_qps=1)
    key = make_key("read", qps=0)
    assert all(api.get("/posts", key=key).status_code == 200 for _ in range(BURST))


def test_addresses_are_counted_apart_in_fixed_windows(db):
    assert consume_address_request("192.0.2.1", 2, now=100.2) == 1
    assert consume_address_request("192.0.2.1", 2, now=100.5) == 2
    with pytest.raises(AddressQuotaExceeded) as exceeded:
        consume_address_request("192.0.2.1", 2, now=100.75)
    assert exceeded.value.retry_after == 1
    assert consume_address_request("198.51.100.7", 2, now=100.8) == 1  # another address has its own count
    assert consume_address_request("192.0.2.1", 2, now=101.0) == 1  # the next window starts afresh


def test_an_address_limit_of_zero_means_no_limit(db):
    assert all(consume_address_request("192.0.2.1", 0, now=5.0) == 0 for _ in range(20))
