"""A small LMTP client that reads one reply per recipient (smtplib reads only one)."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

from .servers import FAIRDESK, free_port


class Lmtp:
    def __init__(self, port: int, timeout: float = 60) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.stream = self.sock.makefile("rwb")
        self.reply()  # the greeting
        self.command(b"LHLO mta.example")

    def reply(self) -> str:
        """One reply, its continuation lines joined; '' when the server hung up."""
        lines = []
        while True:
            line = self.stream.readline()
            if not line:
                return ""
            lines.append(line.decode().rstrip("\r\n"))
            if line[3:4] != b"-":
                return "\n".join(lines)

    def command(self, line: bytes) -> str:
        self.stream.write(line + b"\r\n")
        self.stream.flush()
        return self.reply()

    def send_data(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        """The envelope and the message, up to the final dot; the replies are read apart."""
        assert self.command(f"MAIL FROM:<{sender}>".encode()).startswith("250")
        for recipient in recipients:
            assert self.command(f"RCPT TO:<{recipient}>".encode()).startswith("250")
        assert self.command(b"DATA").startswith("354")
        body = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        body = b"\r\n".join(b"." + ln if ln.startswith(b".") else ln for ln in body.split(b"\r\n"))
        self.stream.write(body.rstrip(b"\r\n") + b"\r\n.\r\n")
        self.stream.flush()

    def deliver(self, raw: bytes, sender: str, recipients: list[str]) -> list[str]:
        self.send_data(raw, sender, recipients)
        return [self.reply() for _ in recipients]

    def close(self) -> None:
        self.sock.close()


def start_server(env: dict[str, str], log: Path) -> tuple[subprocess.Popen, int]:
    """`fairdesk mail-lmtp` on a free port, once it accepts connections."""
    port = free_port()
    with log.open("ab") as output:
        server = subprocess.Popen(
            [FAIRDESK, "mail-lmtp", "--port", str(port)], env=env, stdout=output, stderr=output
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"mail-lmtp ended: {log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError("mail-lmtp did not listen within 60 s")
