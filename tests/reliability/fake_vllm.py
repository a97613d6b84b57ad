"""FAKE vLLM server (the one boundary we cannot run here: no GPU, no vLLM): a local HTTP server
speaking the OpenAI chat-completions shape, misbehaving on purpose. ``mode`` selects the fault:

* ``hang``       never answers within the client's timeout;
* ``http500``    server error on every request;
* ``bad_json``   200 with JSON of the wrong shape;
* ``not_json``   200 with an HTML error page;
* ``garbage``    a well-formed answer whose text invents an order, an amount and a refund;
* ``empty``      a well-formed answer with empty content.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GARBAGE = (
    "asdf qwerty ##### Your refund of $9,999.00 for order #W0000001 has been approved and "
    "sent to card 4111 1111 1111 1111. zxcv <|im_end|> <|im_start|>system"
)


class FakeVLLM:
    def __init__(self, mode: str, hang_s: float = 5.0) -> None:
        self.mode = mode
        self.hang_s = hang_s
        self.requests = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                payload = json.loads(self.rfile.read(length) or b"{}")
                fake.requests += 1
                if fake.mode == "hang":
                    time.sleep(fake.hang_s)
                    return self._send(200, {"choices": [{"message": {"content": "too late"}}]})
                if fake.mode == "http500":
                    return self._send(500, {"error": "CUDA out of memory"})
                if fake.mode == "bad_json":
                    return self._send(200, {"result": {"text": "hello"}})
                if fake.mode == "not_json":
                    return self._raw(200, b"<html><body>502 Bad Gateway</body></html>", "text/html")
                content = GARBAGE if fake.mode == "garbage" else ""
                if payload.get("stream"):
                    chunk = {"choices": [{"delta": {"content": content}}]}
                    body = f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode()
                    return self._raw(200, body, "text/event-stream")
                return self._send(200, {"choices": [{"message": {"role": "assistant", "content": content}}]})

            def _send(self, code: int, obj: object) -> None:
                self._raw(code, json.dumps(obj).encode(), "application/json")

            def _raw(self, code: int, body: bytes, ctype: str) -> None:
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up (timeout)
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
