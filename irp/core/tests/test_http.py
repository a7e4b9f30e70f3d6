import pytest
from django.test import RequestFactory

from irp.core.http import client_ip


def request_with(remote_addr, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **extra)


def test_without_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_with("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@pytest.mark.parametrize("spoofed", ["1.1.1.1", "1.1.1.1, 2.2.2.2", "9.9.9.9,8.8.8.8,7.7.7.7"])
def test_behind_one_proxy_a_rotated_header_never_changes_the_address(settings, spoofed):
    settings.TRUSTED_PROXY_COUNT = 1
    # The proxy appends the address it saw last; whatever the client wrote stays left of it.
    request = request_with("10.0.0.2", f"{spoofed}, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"


def test_a_header_shorter_than_the_proxy_chain_falls_back_to_the_socket(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_with("10.0.0.2", "203.0.113.9")) == "10.0.0.2"
