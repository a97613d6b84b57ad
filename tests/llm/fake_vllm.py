"""A FAKE vLLM server for tests: a small in-test HTTP server that follows vLLM's documented
OpenAI-compatible schema (``POST /v1/chat/completions``, SSE streaming, ``/v1/load_lora_adapter``).

vLLM itself cannot run on these machines; this stands in for it at the HTTP boundary only.
Behaviour per request is scripted through ``FakeVLLM.script`` (a list of actions consumed in order):
``"ok"``, ``"500"``, ``"400"``, ``"slow"`` (sleeps past the client timeout), ``"malformed"`` (not
JSON), ``"no_choices"`` (valid JSON without choices).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeVLLM:
    def __init__(self) -> None:
        self.script: list[str] = []
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.adapters: dict[str, str] = {"supportbot": "/adapters/initial"}
        self.slow_s = 1.0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _send(self, code: int, body: str, ctype: str = "application/json") -> None:
                data = body.encode()
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                payload = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append((self.path, payload))
                action = fake.script.pop(0) if fake.script else "ok"
                if action == "slow":
                    time.sleep(fake.slow_s)
                if action == "500":
                    return self._send(
                        500, json.dumps({"object": "error", "message": "engine dead", "code": 500})
                    )
                if action == "400":
                    return self._send(
                        400, json.dumps({"object": "error", "message": "bad request", "code": 400})
                    )
                if action == "malformed":
                    return self._send(200, "<html>proxy error</html>", "text/html")
                if action == "no_choices":
                    return self._send(
                        200, json.dumps({"id": "x", "object": "chat.completion", "choices": []})
                    )
                if self.path == "/v1/load_lora_adapter":
                    fake.adapters[payload["lora_name"]] = payload["lora_path"]
                    return self._send(
                        200, json.dumps(f"Success: LoRA adapter '{payload['lora_name']}' added successfully.")
                    )
                if self.path == "/v1/unload_lora_adapter":
                    fake.adapters.pop(payload["lora_name"], None)
                    return self._send(200, json.dumps("Success"))
                if self.path != "/v1/chat/completions":
                    return self._send(404, json.dumps({"detail": "Not Found"}))
                if payload.get("model") not in fake.adapters:
                    return self._send(
                        404,
                        json.dumps(
                            {
                                "object": "error",
                                "message": f"The model `{payload.get('model')}` does not exist.",
                                "code": 404,
                            }
                        ),
                    )
                user = payload["messages"][-1]["content"]
                text = f"[{payload['model']}@{fake.adapters[payload['model']]}] reply to: {user[-20:]}"
                if payload.get("stream"):
                    return self._stream(payload["model"], text)
                body = {
                    "id": "chatcmpl-1",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": payload["model"],
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": text},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
                }
                return self._send(200, json.dumps(body))

            def _stream(self, model: str, text: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                pieces = [{"role": "assistant"}] + [{"content": w + " "} for w in text.split(" ")]
                for delta in pieces:
                    chunk = {
                        "id": "c",
                        "object": "chat.completion.chunk",
                        "model": model,
                        "choices": [{"index": 0, "delta": delta, "finish_reason": None}],
                    }
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.write(b"data: [DONE]\n\n")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeVLLM:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
