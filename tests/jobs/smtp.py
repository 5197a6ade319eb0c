"""A real SMTP server on loopback (aiosmtpd) that records what arrives, and helpers to read it."""

from __future__ import annotations

import asyncio
import email
import email.policy
import logging
import socket
import threading
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller

# aiosmtpd logs every SMTP command at INFO; the tests read what arrived instead.
logging.getLogger("mail.log").setLevel(logging.WARNING)


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)

    def text(self) -> str:
        return self.message.get_body(preferencelist=("plain",)).get_content()

    def html(self) -> str:
        return self.message.get_body(preferencelist=("html",)).get_content()

    def calendar(self) -> str:
        for part in self.message.walk():
            if part.get_content_type() == "text/calendar":
                return part.get_content()
        raise AssertionError("no text/calendar part")


@dataclass
class RecordingHandler:
    received: list[Received] = field(default_factory=list)
    # Replies to force for the next messages, e.g. ["451 4.3.0 try later"], consumed in order.
    scripted_replies: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Seconds each message takes to be accepted, so a test can kill a worker mid-batch.
    delay: float = 0.0
    # While set, every message is held at DATA and then refused (421): its sender is caught
    # between claiming the row and the server's acceptance, where a test can kill it.
    hold: threading.Event = field(default_factory=threading.Event)
    held: int = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        if self.hold.is_set():
            self.held += 1
            while self.hold.is_set():
                await asyncio.sleep(0.05)
            return "421 4.3.0 held by the test, not accepted"
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            if self.scripted_replies:
                return self.scripted_replies.pop(0)
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"

    def by_recipient(self) -> dict[str, list[Received]]:
        result: dict[str, list[Received]] = {}
        with self.lock:
            for item in self.received:
                for rcpt in item.rcpt_tos:
                    result.setdefault(rcpt, []).append(item)
        return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpServer:
    def __init__(self, port: int | None = None):
        self.handler = RecordingHandler()
        self.port = port or free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, timeout=30)

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()


def recipient_counts(handler: RecordingHandler) -> dict[str, int]:
    return {rcpt: len(items) for rcpt, items in handler.by_recipient().items()}
