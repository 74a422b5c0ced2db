"""Uploads are scanned by clamd (INSTREAM) when MOTCUA_CLAMD is set, and refused when infected
or when the scanner cannot be asked. The scanner here is a tiny real server speaking clamd's
protocol on 127.0.0.1 (or a Unix socket)."""

from __future__ import annotations

import os
import runpy
import socket
import socketserver
import struct
import tempfile
import threading
from pathlib import Path
from typing import Any
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, override_settings

from documents import antivirus
from documents import testing as samples
from documents.checks import UploadRefused, check_upload

# The standard antivirus test string, assembled so that this file itself is not flagged.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SIGNATURE = "Win.Test.EICAR_HDB-1"


def received_stream(handler: socketserver.StreamRequestHandler) -> bytes | None:
    """The bytes of one INSTREAM command, or None when the client spoke something else."""
    if handler.rfile.read(len(b"zINSTREAM\0")) != b"zINSTREAM\0":
        return None
    data = b""
    while True:
        (length,) = struct.unpack("!L", handler.rfile.read(4))
        if length == 0:
            return data
        data += handler.rfile.read(length)


class FakeClamd(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        data = received_stream(self)
        self.server.streams.append(data)  # type: ignore[attr-defined]
        if data is None:
            self.wfile.write(b"UNKNOWN COMMAND\0")
        elif EICAR in data:
            self.wfile.write(f"stream: {SIGNATURE} FOUND\0".encode())
        else:
            self.wfile.write(b"stream: OK\0")


class SilentClamd(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        received_stream(self)
        self.server.release.wait(10)  # type: ignore[attr-defined]


class TCPScanner(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class UnixScanner(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True


def serve(server: Any) -> Any:
    server.streams = []
    server.release = threading.Event()
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server


def xml_upload(body: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "to-khai.xml", b'<?xml version="1.0"?><to-khai>' + body + b"</to-khai>"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port  # closed again: nothing listens there


class ScannerTestCase(SimpleTestCase):
    def setUp(self) -> None:
        self.scanner = serve(TCPScanner(("127.0.0.1", 0), FakeClamd))
        self.addCleanup(self.scanner.server_close)
        self.addCleanup(self.scanner.shutdown)
        host, port = self.scanner.server_address
        self.address = f"tcp://{host}:{port}"

    def scanning(self, address: str | None = None, **extra: Any) -> Any:
        return override_settings(MOTCUA_CLAMD=address or self.address, **extra)

    def test_a_clean_upload_is_kept(self) -> None:
        with self.scanning():
            checked = check_upload(xml_upload(b"sach"), accepted=["xml"])
        self.assertEqual(checked.kind, "xml")

    def test_a_clean_upload_is_sent_whole_to_the_scanner(self) -> None:
        upload = xml_upload(b"x" * 200_000)  # several INSTREAM chunks
        with self.scanning():
            check_upload(upload, accepted=["xml"])
        upload.seek(0)
        self.assertEqual(self.scanner.streams, [upload.read()])

    def test_an_infected_upload_is_refused_naming_the_signature(self) -> None:
        with (
            self.scanning(),
            self.assertRaisesMessage(UploadRefused, f"nhiễm virus hoặc mã độc ({SIGNATURE})"),
        ):
            check_upload(xml_upload(EICAR), accepted=["xml"])

    def test_an_infected_pdf_is_refused_even_though_cleaning_would_change_it(self) -> None:
        pdf = samples.pdf_bytes() + b"\n%" + EICAR + b"\n"
        with self.scanning(), self.assertRaisesMessage(UploadRefused, SIGNATURE):
            check_upload(SimpleUploadedFile("don.pdf", pdf), accepted=["pdf"])

    def test_an_unreachable_scanner_refuses_the_upload(self) -> None:
        with (
            self.scanning(f"tcp://127.0.0.1:{free_port()}"),
            self.assertRaisesMessage(
                UploadRefused, "Không kiểm tra được virus, vui lòng thử lại sau"
            ),
        ):
            check_upload(xml_upload(b"sach"), accepted=["xml"])

    def test_an_unreachable_scanner_is_logged(self) -> None:
        with (
            self.scanning(f"tcp://127.0.0.1:{free_port()}"),
            self.assertLogs("documents.checks", "ERROR") as logs,
            self.assertRaises(UploadRefused),
        ):
            check_upload(xml_upload(b"sach"), accepted=["xml"])
        self.assertIn("Virus scan failed", logs.output[0])

    def test_a_scanner_that_does_not_answer_in_time_refuses_the_upload(self) -> None:
        silent = serve(TCPScanner(("127.0.0.1", 0), SilentClamd))
        self.addCleanup(silent.server_close)
        self.addCleanup(silent.shutdown)
        self.addCleanup(silent.release.set)
        host, port = silent.server_address
        with (
            self.scanning(f"tcp://{host}:{port}", MOTCUA_CLAMD_TIMEOUT=1),
            self.assertRaisesMessage(UploadRefused, "Không kiểm tra được virus"),
        ):
            check_upload(xml_upload(b"sach"), accepted=["xml"])

    def test_a_malformed_address_refuses_the_upload(self) -> None:
        with (
            self.scanning("clamd.local:3310"),
            self.assertRaisesMessage(UploadRefused, "Không kiểm tra được virus"),
        ):
            check_upload(xml_upload(b"sach"), accepted=["xml"])

    def test_a_refused_upload_is_not_sent_to_the_scanner(self) -> None:
        with self.scanning(), self.assertRaises(UploadRefused):
            check_upload(xml_upload(EICAR), accepted=["pdf"])
        self.assertEqual(self.scanner.streams, [])

    def test_an_empty_setting_turns_scanning_off(self) -> None:
        with self.settings(MOTCUA_CLAMD=""):
            checked = check_upload(xml_upload(EICAR), accepted=["xml"])
        self.assertEqual((checked.kind, self.scanner.streams), ("xml", []))

    def test_scanning_is_off_by_default(self) -> None:
        settings_file = Path(__file__).resolve().parents[2] / "config" / "settings.py"
        variables = {key: value for key, value in os.environ.items() if key != "MOTCUA_CLAMD"}
        with mock.patch.dict(os.environ, variables, clear=True):
            values = runpy.run_path(str(settings_file))
        self.assertEqual((values["MOTCUA_CLAMD"], values["MOTCUA_CLAMD_TIMEOUT"]), ("", 30))

    def test_a_unix_socket_scanner_is_used(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        path = Path(folder.name) / "clamd.ctl"
        scanner = serve(UnixScanner(str(path), FakeClamd))
        self.addCleanup(scanner.server_close)
        self.addCleanup(scanner.shutdown)
        self.assertEqual(antivirus.scan(EICAR, f"unix://{path}", timeout=5), SIGNATURE)

    def answering_early(self, reply: bytes) -> str:
        """A scanner that answers ``reply`` after the first bytes and hangs up."""
        listener = socket.create_server(("127.0.0.1", 0))
        self.addCleanup(listener.close)

        def answer() -> None:
            connection, _ = listener.accept()
            with connection:
                connection.recv(1024)
                connection.sendall(reply)

        threading.Thread(target=answer, daemon=True).start()
        host, port = listener.getsockname()[:2]
        return f"tcp://{host}:{port}"

    def test_an_unexpected_answer_is_not_taken_as_clean(self) -> None:
        address = self.answering_early(b"INSTREAM size limit exceeded. ERROR\0")
        with self.assertRaisesMessage(antivirus.ScannerUnavailable, "size limit"):
            antivirus.scan(b"x" * 4 * 1024 * 1024, address, timeout=5)

    def test_a_clean_verdict_on_part_of_the_file_is_not_taken_as_clean(self) -> None:
        address = self.answering_early(b"stream: OK\0")
        with self.assertRaises(antivirus.ScannerUnavailable):
            antivirus.scan(b"x" * 32 * 1024 * 1024, address, timeout=5)
