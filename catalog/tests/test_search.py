from __future__ import annotations

from django.test import TestCase

from catalog.models import ProcedureVersion
from catalog.search import search_versions
from core.testing import create_sector, create_version


def codes(query: str) -> list[str]:
    found = search_versions(ProcedureVersion.objects.in_force(), query)
    return [v.procedure.code for v in found.select_related("procedure")]


class SearchTestCase(TestCase):
    """Runs on the configured database: FTS5 on SQLite, unaccent + trigram on PostgreSQL."""

    birth: str
    rebirth: str
    marriage: str
    copy: str
    residence: str

    @classmethod
    def setUpTestData(cls) -> None:
        civil = create_sector(name="Hộ tịch")
        cls.birth = create_version(name="Đăng ký khai sinh", sector=civil).procedure.code
        cls.rebirth = create_version(name="Đăng ký lại khai sinh", sector=civil).procedure.code
        cls.marriage = create_version(name="Đăng ký kết hôn", sector=civil).procedure.code
        cls.copy = create_version(
            name="Chứng thực bản sao từ bản chính", sector=create_sector(name="Chứng thực")
        ).procedure.code
        cls.residence = create_version(
            name="Đăng ký thường trú", sector=create_sector(name="Cư trú")
        ).procedure.code

    def test_it_finds_an_accented_query(self) -> None:
        self.assertEqual(codes("Đăng ký khai sinh")[0], self.birth)

    def test_it_finds_an_unaccented_query(self) -> None:
        self.assertEqual(codes("dang ky khai sinh")[0], self.birth)

    def test_it_folds_d_with_stroke_in_the_query(self) -> None:
        self.assertIn(self.residence, codes("dang ky thuong tru"))
        self.assertIn(self.residence, codes("ĐĂNG KÝ THƯỜNG TRÚ"))

    def test_it_matches_d_with_stroke_typed_as_d(self) -> None:
        self.assertEqual(
            set(codes("dang")), {self.birth, self.rebirth, self.marriage, self.residence}
        )

    def test_it_ignores_case(self) -> None:
        self.assertEqual(codes("KẾT HÔN"), [self.marriage])

    def test_it_folds_letters_with_two_marks(self) -> None:
        self.assertEqual(codes("ket hon"), [self.marriage])

    def test_it_needs_every_word(self) -> None:
        self.assertEqual(codes("khai sinh ket hon"), [])

    def test_it_puts_the_exact_phrase_first(self) -> None:
        self.assertEqual(codes("dang ky khai sinh")[:2], [self.birth, self.rebirth])

    def test_it_matches_word_beginnings(self) -> None:
        self.assertIn(self.copy, codes("chung thu ban sa"))

    def test_it_does_not_match_inside_words(self) -> None:
        # "inh" ends "chính" and "sinh": a word-start search must not find either.
        self.assertEqual(codes("inh"), [])

    def test_it_finds_a_procedure_by_its_code(self) -> None:
        self.assertEqual(codes(self.marriage), [self.marriage])

    def test_it_searches_sector_names(self) -> None:
        self.assertIn(self.copy, codes("chung thuc"))

    def test_a_query_without_words_returns_everything(self) -> None:
        self.assertEqual(len(codes("  ?!  ")), 5)

    def test_it_survives_fts_syntax_in_the_query(self) -> None:
        self.assertEqual(codes('"khai" OR NEAR( * sinh'), [])

    def test_it_leaves_out_versions_not_in_force(self) -> None:
        create_version(name="Đăng ký khai sinh lưu động", status=ProcedureVersion.Status.DRAFT)
        self.assertEqual(len(codes("khai sinh")), 2)
