from __future__ import annotations

import unicodedata

from django.test import SimpleTestCase

from core.text import clean, fold, words


class TextTestCase(SimpleTestCase):
    def test_fold_removes_every_diacritic(self) -> None:
        self.assertEqual(fold("Chứng thực bản sao từ bản chính"), "chung thuc ban sao tu ban chinh")

    def test_fold_turns_d_with_stroke_into_d(self) -> None:
        self.assertEqual(fold("ĐĂNG KÝ đất đai"), "dang ky dat dai")

    def test_fold_reads_decomposed_text(self) -> None:
        self.assertEqual(fold(unicodedata.normalize("NFD", "Hộ tịch")), "ho tich")

    def test_clean_gives_nfc_and_single_spaces(self) -> None:
        cleaned = clean(unicodedata.normalize("NFD", "  Nguyễn   Văn\tAn "))
        self.assertEqual(cleaned, "Nguyễn Văn An")
        self.assertTrue(unicodedata.is_normalized("NFC", cleaned))

    def test_words_splits_folded_text(self) -> None:
        self.assertEqual(words("Đăng ký, khai-sinh!"), ["dang", "ky", "khai", "sinh"])
