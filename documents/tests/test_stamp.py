"""The visible stamp of a signature: Vietnamese text drawn with real glyphs of the stamp font,
whether from the font cut to Vietnamese once per process or, for a character outside it,
from the whole font; the signature stays valid for pyHanko and for poppler."""

from __future__ import annotations

import re
import shutil
import tempfile
from io import BytesIO
from pathlib import Path

import pikepdf
from django.test import SimpleTestCase, override_settings
from fontTools import ttLib  # type: ignore[import-untyped]

from documents import signing
from documents.poppler import pdfsig
from documents.signing import SEAL_BOX, STAMP_REPERTOIRE, sign_pdf, unit_signer, verify_pdf
from documents.testing import pdf_bytes

UNIT = "Ủy ban nhân dân Phường Hoàn Kiếm"


def _pairs(cmap: str) -> dict[int, str]:
    """CID -> text of a ToUnicode CMap as pyHanko writes it (bfchar, bfrange with arrays)."""
    mapped: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for cid, text in re.findall(r"<([0-9a-f]+)>\s*<([0-9a-f]+)>", block):
            mapped[int(cid, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for first, _last, texts in re.findall(r"<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[(.*?)\]", block):
            for offset, text in enumerate(re.findall(r"<([0-9a-f]+)>", texts)):
                mapped[int(first, 16) + offset] = bytes.fromhex(text).decode("utf-16-be")
    return mapped


def stamp_glyphs(pdf: bytes) -> dict[str, bool]:
    """Each character the stamp draws -> whether its glyph in the embedded font has an outline
    (False: the font's empty .notdef or an empty glyph, i.e. nothing readable is drawn)."""
    with pikepdf.open(BytesIO(pdf)) as document:
        [widget] = [a for a in document.pages[-1].Annots if a.get("/FT") == "/Sig"]
        [font] = widget.AP.N.Resources.Font.values()
        cmap = font.ToUnicode.read_bytes().decode("ascii")
        program = font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()
    embedded = ttLib.TTFont(BytesIO(program))
    order, glyf = embedded.getGlyphOrder(), embedded["glyf"]
    return {
        text: cid != 0 and glyf[order[cid]].numberOfContours != 0
        for cid, text in _pairs(cmap).items()
        if not text.isspace()
    }


@override_settings(MOTCUA_SIGN_LTV=False, MOTCUA_TSA_URL="")
class StampTestCase(SimpleTestCase):
    def setUp(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="motcua-pki-")
        self.override = override_settings(MOTCUA_PKI_DIR=Path(self.folder))
        self.override.enable()

    def tearDown(self) -> None:
        self.override.disable()
        shutil.rmtree(self.folder, ignore_errors=True)

    def sealed(self, unit_line: str) -> bytes:
        return sign_pdf(
            pdf_bytes(),
            unit_signer("000.10.04.H26", UNIT),
            field_name="ChuKyDonVi",
            reason="Thử",
            location="Hà Nội",
            box=SEAL_BOX,
            stamp_unit=unit_line,
        )

    def test_every_vietnamese_letter_of_the_stamp_is_drawn(self) -> None:
        glyphs = stamp_glyphs(self.sealed("Chữ ký số của cơ quan, tổ chức — Đắk Lắk, Ưởng Ỹ"))
        self.assertTrue(set("ữốủơổứĐắẮỹỸƯưởỹ—") & set(glyphs))
        self.assertEqual([c for c, drawn in glyphs.items() if not drawn], [])
        self.assertLessEqual(set(glyphs), STAMP_REPERTOIRE)

    def test_a_character_outside_vietnamese_is_drawn_from_the_whole_font(self) -> None:
        glyphs = stamp_glyphs(self.sealed(f"{UNIT} — Ω ŋ"))
        self.assertEqual((glyphs.get("Ω"), glyphs.get("ŋ")), (True, True))

    def test_the_stamped_signature_is_valid_for_both_validators(self) -> None:
        signed = self.sealed(UNIT)
        self.assertTrue(verify_pdf(signed).signatures[0].intact)
        self.assertEqual([s.validation for s in pdfsig(signed).signatures], ["Signature is Valid."])

    def test_a_signer_s_later_signatures_get_the_room_its_first_was_estimated(self) -> None:
        signing._RESERVED.clear()
        first = self.sealed(UNIT)
        [room] = signing._RESERVED.values()
        second = self.sealed(UNIT)
        self.assertEqual(signing._reserved_in(second), signing._reserved_in(first))
        self.assertEqual(signing._reserved_in(second), room)
        self.assertTrue(verify_pdf(second).signatures[0].intact)

    def test_too_little_room_kept_is_estimated_again(self) -> None:
        signing._RESERVED.clear()
        self.sealed(UNIT)
        [key] = signing._RESERVED
        signing._RESERVED[key] = 64  # far less than any CMS container
        signed = self.sealed(UNIT)
        self.assertTrue(verify_pdf(signed).signatures[0].intact)
        self.assertEqual([s.validation for s in pdfsig(signed).signatures], ["Signature is Valid."])
        self.assertGreater(signing._RESERVED[key], 64)
