"""A clerk's browser in front of two replicas: one cookie jar for both, as behind a load
balancer that sends each request to either server."""

import http.client
import re
import uuid
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import quote_plus

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_ITEM = re.compile(r'data-item="(\d+)"')


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def csrf(self) -> str:
        found = _CSRF.search(self.text)
        assert found, f"no CSRF field in the page ({self.status})"
        return found.group(1)

    def review_item(self) -> int | None:
        found = _ITEM.search(self.text)
        return int(found.group(1)) if found else None


@dataclass
class Browser:
    cookies: dict[str, str] = field(default_factory=dict)

    def get(self, port: int, path: str) -> Answer:
        return self._send(port, "GET", path, None, {})

    def post(self, port: int, path: str, fields: dict[str, str]) -> Answer:
        body = "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in fields.items()).encode()
        return self._send(port, "POST", path, body,
                          {"content-type": "application/x-www-form-urlencoded"})

    def upload(self, port: int, path: str, name: str, content: bytes,
               fields: dict[str, str]) -> Answer:
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                 .encode() for k, v in fields.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                     f'filename="{name}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
                     + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self._send(port, "POST", path, body,
                          {"content-type": f"multipart/form-data; boundary={boundary}"})

    def log_in(self, port: int, name: str, password: str) -> Answer:
        form = self.get(port, "/login")
        return self.post(port, "/login", {"name": name, "password": password, "next": "/",
                                          "csrf": form.csrf()})

    def _send(self, port: int, method: str, path: str, body: bytes | None,
              headers: dict[str, str]) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            if self.cookies:
                headers["cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            answer = Answer(response.status, response.msg, response.read())
        finally:
            connection.close()
        for line in answer.headers.get_all("set-cookie") or []:
            self._keep(line)
        return answer

    def _keep(self, line: str) -> None:
        pair, *attributes = [part.strip() for part in line.split(";")]
        name, _, value = pair.partition("=")
        gone = any(a.lower() in ("max-age=0", "max-age=-1") for a in attributes)
        if gone or not value or value == '""':
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value

