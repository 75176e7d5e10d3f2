"""HTTP mode: a small threaded `http.server` adapter serving Bolt on `POST /slack/events` (events, slash
commands and interactivity share one Request URL). Each request gets its own thread, so one slow client never
holds up another's ack."""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from slack_bolt import App, BoltRequest, BoltResponse

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
MAX_BODY_BYTES = 1_000_000  # Slack payloads are far smaller; refuse anything that is not Slack


class SlackHttpServer(ThreadingHTTPServer):
    daemon_threads = True
    # http.server's default backlog of 5 resets connections when Slack delivers a burst of events at once.
    request_queue_size = 128

    def __init__(self, app: App, host: str, port: int, path: str = EVENTS_PATH):
        self.app = app
        self.events_path = path
        super().__init__((host, port), _Handler)

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def url(self) -> str:
        host = self.server_address[0]
        return f"http://{host}:{self.port}{self.events_path}"

    def start_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        return thread


class _Handler(BaseHTTPRequestHandler):
    server: SlackHttpServer
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        path, _, query = self.path.partition("?")
        if path != self.server.events_path:
            self._send(BoltResponse(status=404, body="not found"))
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self._send(BoltResponse(status=413, body="too large"))
            return
        body = self.rfile.read(length).decode("utf-8")
        request = BoltRequest(body=body, query=query, headers={k.lower(): v for k, v in self.headers.items()})
        self._send(self.server.app.dispatch(request))

    def do_GET(self) -> None:
        if self.path == "/healthz":  # for load balancers and the benchmark's readiness check
            self._send(BoltResponse(status=200, body="ok"))
        else:
            self._send(BoltResponse(status=404, body="not found"))

    def _send(self, response: BoltResponse) -> None:
        body = response.body if isinstance(response.body, str) else json.dumps(response.body)
        data = body.encode("utf-8")
        self.send_response(response.status)
        for name, values in response.headers.items():
            if name.lower() != "content-length":
                for value in values:
                    self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:
        logger.debug("%s " + format, self.address_string(), *args)
