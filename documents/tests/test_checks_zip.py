from __future__ import annotations

import dataclasses

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase

from documents.checks import CheckedFile, UploadRefused, check_upload
from documents.tests import crafted
from documents.tests.crafted import stored

MB = 1024 * 1024
OFFICE = ["docx", "xlsx", "pdf"]


def check(data: bytes, name: str = "don.docx") -> CheckedFile:
    return check_upload(SimpleUploadedFile(name, data), accepted=OFFICE)


class ZipChecksTestCase(SimpleTestCase):
    def assertRefused(self, data: bytes, code: str, message: str) -> None:
        with self.assertRaisesMessage(UploadRefused, message) as refused:
            check(data)
        self.assertEqual(refused.exception.code, code)

    def test_a_plain_docx_is_kept(self) -> None:
        self.assertEqual(check(crafted.docx()).kind, "docx")

    def test_a_docx_inflating_to_a_gigabyte_is_refused_before_it_is_read(self) -> None:
        data = crafted.docx(crafted.deflated_zeros("word/media/anh.bin", 1024 * MB))
        self.assertLess(len(data), 2 * MB)
        code, peak = crafted.refusal_and_peak_memory(lambda: check(data))
        self.assertEqual(code, "upload.zip_bomb")
        self.assertLess(peak, 50 * MB)

    def test_a_part_compressed_far_beyond_office_ratios_is_refused(self) -> None:
        # 32 MB of zeros in 32 KB: within the size bounds, not within any real document.
        self.assertRefused(
            crafted.docx(crafted.deflated_zeros("word/media/anh.bin", 32 * MB)),
            "upload.zip_bomb",
            "bom giải nén",
        )

    def test_a_part_that_inflates_past_its_declared_size_is_refused(self) -> None:
        lying = crafted.deflated_zeros("word/media/anh.bin", 16 * MB, declared=1000)
        self.assertRefused(crafted.docx(lying), "upload.zip_bomb", "bom giải nén")

    def test_a_docx_with_a_vba_project_is_refused(self) -> None:
        self.assertRefused(
            crafted.docx(stored("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")),
            "upload.macros",
            "có chứa macro",
        )

    def test_a_docx_declaring_macro_enabled_content_is_refused(self) -> None:
        self.assertRefused(
            crafted.docx(content_types=crafted.DOCM_CONTENT_TYPES), "upload.macros", "macro"
        )

    def test_a_part_with_a_dtd_is_refused(self) -> None:
        document = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">]><w:document/>'
        self.assertRefused(crafted.docx(document=document), "upload.xml_dtd", "DOCTYPE")

    def test_a_zip_of_version_6_3_is_refused(self) -> None:
        newer = dataclasses.replace(stored("word/media/a.bin", b"x"), version=63)
        self.assertRefused(crafted.docx(newer), "upload.zip_unsupported", "không được hỗ trợ")

    def test_a_zip_of_a_version_zipfile_does_not_know_is_refused(self) -> None:
        newer = dataclasses.replace(stored("word/media/a.bin", b"x"), version=64)
        self.assertRefused(crafted.docx(newer), "upload.zip_unsupported", "không được hỗ trợ")

    def test_an_unknown_compression_method_is_refused(self) -> None:
        odd = dataclasses.replace(stored("word/media/a.bin", b"x"), method=99)
        self.assertRefused(crafted.docx(odd), "upload.zip_unsupported", "không được hỗ trợ")

    def test_a_part_with_a_wrong_checksum_is_refused(self) -> None:
        broken = dataclasses.replace(stored("word/media/a.bin", b"abc"), crc=1)
        self.assertRefused(crafted.docx(broken), "upload.malformed", "bị hỏng")
