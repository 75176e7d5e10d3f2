"""Server mode: CHROMA_HOST points the store at a real `chroma run` server on loopback."""

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.core.copilot import Copilot
from bot.core.knowledge.embeddings import HashEmbedder
from tests.conftest import make_settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent))
    if chroma is None:
        pytest.skip("the chroma CLI is not installed")
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    process = subprocess.Popen(
        [chroma, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("chroma server did not start within 60 s")
    yield port
    process.terminate()
    process.wait(timeout=30)


def test_ingest_and_search_against_a_chroma_server(chroma_server, tmp_path, knowledge):
    settings = make_settings(tmp_path / "home", knowledge, CHROMA_HOST="127.0.0.1", CHROMA_PORT=str(chroma_server))
    copilot = Copilot(settings, embedder=HashEmbedder())
    report = copilot.ingest()
    assert len(report.added) == 10
    assert not (tmp_path / "home" / "chroma").exists()  # nothing embedded locally
    assert copilot.store.count() == copilot.db.chunk_count()
    hits = copilot.retriever.search("forty driver seats Denver depot", k=3, mode="dense")
    assert hits[0].chunk.source == "accounts/orbit-freight/notes/2025-10-20-qbr.md"
    again = copilot.ingest()
    assert again.chunks_embedded == 0 and len(again.unchanged) == 10
