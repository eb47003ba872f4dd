"""The fetcher over TLS: its CA context is made on the first https request, and verifies.

The aiohttp transport used to load httpx's CA bundle when it was made (~40 ms of CPU a run); it
now makes that context when an https URL is first asked for, so these check that an https
fetch still goes through it (``SSL_CERT_FILE`` honoured with ``trust_env``), that a server it
does not trust still fails, and that a plain http fetch never makes it.
"""

from __future__ import annotations

import asyncio
import shutil
import ssl
import subprocess
from pathlib import Path

import pytest
from conftest import fast_config
from servers import ScriptedServer

from scraper.crawler.fetch import Fetcher
from scraper.crawler.transport import AiohttpTransport
from scraper.errors import FetchError

PAGE = "<html><body><p>Over TLS.</p></body></html>"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
    command += ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"]
    command += ["-addext", "subjectAltName=IP:127.0.0.1"]
    subprocess.run(
        command,
        check=True,
        capture_output=True,
    )
    return cert, key


def tls_server(cert: Path, key: Path) -> ScriptedServer:
    server = ScriptedServer().html("/", PAGE)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd = server._httpd
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    return server


def fetch_once(url: str, tmp_path: Path) -> tuple[str, AiohttpTransport | None]:
    async def run() -> tuple[str, AiohttpTransport | None]:
        fetcher = Fetcher(fast_config(url, tmp_path, max_retries=0))
        try:
            page = await fetcher.fetch(url)
            return page.html, fetcher._direct
        finally:
            await fetcher.aclose()

    return asyncio.run(run())


def test_https_fetch_trusts_ssl_cert_file(
    certificate: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = certificate
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    with tls_server(cert, key) as server:
        url = server.url.replace("http://", "https://")
        html, transport = fetch_once(url, tmp_path)
    assert html == PAGE
    assert transport is not None and transport._ssl_context is not None


def test_https_fetch_refuses_an_untrusted_server(
    certificate: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = certificate
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    with tls_server(cert, key) as server:
        url = server.url.replace("http://", "https://")
        with pytest.raises(FetchError, match=r"(?i)certificate"):
            fetch_once(url, tmp_path)


def test_http_fetch_makes_no_tls_context(tmp_path: Path) -> None:
    with ScriptedServer().html("/", PAGE) as server:
        html, transport = fetch_once(server.url, tmp_path)
    assert html == PAGE
    assert transport is not None and transport._ssl_context is None


def test_ssl_for_only_gives_https_the_context() -> None:
    import httpx

    transport = AiohttpTransport(httpx.Limits(max_connections=4), trust_env=False)
    assert transport.ssl_for("http://example.org/") is True
    assert transport._ssl_context is None
    context = transport.ssl_for("HTTPS://example.org/")
    assert isinstance(context, ssl.SSLContext) and context is transport.ssl_context
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
