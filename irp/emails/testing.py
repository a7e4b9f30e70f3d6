"""A real SMTP server for tests and benchmarks (aiosmtpd), and a server that never answers."""

import asyncio
import socket
import threading

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Collector:
    """Keeps every message the server accepts; optionally takes `delay` seconds per message
    and refuses the recipients in `refuse` ({address: "550 …" reply})."""

    def __init__(self, delay: float = 0.0, refuse: dict[str, str] | None = None):
        self.messages = []
        self.delay = delay
        self.refuse = refuse or {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


class SMTPServer:
    """Start with `start()`, stop with `stop()` (an outage), start again on the same port."""

    def __init__(
        self, delay: float = 0.0, port: int | None = None, refuse: dict[str, str] | None = None
    ):
        self.handler = Collector(delay=delay, refuse=refuse)
        self.port = port or free_port()
        self.controller = None

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        return self.handler.messages


class SilentServer:
    """Accepts connections and never says a word: a hung SMTP server."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.held = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def stop(self):
        self.sock.close()
        for conn in self.held:
            conn.close()


def email_parts(envelope):
    """(parsed message, {content type: decoded text}) for a message the server received."""
    import email

    message = email.message_from_bytes(envelope.content)
    parts = {
        part.get_content_type(): part.get_payload(decode=True)
        .decode(part.get_content_charset())
        .replace("\r\n", "\n")
        for part in message.walk()
        if not part.is_multipart()
    }
    return message, parts
