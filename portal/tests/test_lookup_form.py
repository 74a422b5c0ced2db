"""The lookup form alone: what it turns into a code and four ASCII digits, and the stable
codes of its refusals."""

from __future__ import annotations

from django.test import SimpleTestCase

from portal.forms import LookupForm

CODE = "000.00.70.H26-261121-0001"


def errors(code: str = CODE, suffix: str = "5678") -> dict[str, list[str | None]]:
    form = LookupForm({"code": code, "suffix": suffix})
    form.is_valid()
    return {field: [e.code for e in errs] for field, errs in form.errors.as_data().items()}


def cleaned(code: str = CODE, suffix: str = "5678") -> dict[str, str]:
    form = LookupForm({"code": code, "suffix": suffix})
    assert form.is_valid(), form.errors
    return {"code": form.cleaned_data["code"], "suffix": form.cleaned_data["suffix"]}


class LookupFormTestCase(SimpleTestCase):
    def test_it_reads_full_width_digits_as_ascii(self) -> None:
        self.assertEqual(cleaned(suffix="\uff15\uff16\uff17\uff18")["suffix"], "5678")

    def test_it_refuses_arabic_indic_digits(self) -> None:
        self.assertEqual(
            errors(suffix="\u0665\u0666\u0667\u0668"), {"suffix": ["lookup.suffix_script"]}
        )

    def test_it_refuses_digits_of_other_scripts(self) -> None:
        # Devanagari and Bengali digits: str.isdigit and \d say yes, we do not.
        for suffix in ("\u096b\u096c\u096d\u096e", "\u09eb\u09ec\u09ed\u09ee"):
            with self.subTest(suffix=suffix):
                self.assertEqual(errors(suffix=suffix), {"suffix": ["lookup.suffix_script"]})

    def test_it_refuses_a_suffix_that_is_not_four_digits(self) -> None:
        for suffix in ("567", "56789", "56a8", "56 78", "5678\n5"):
            with self.subTest(suffix=suffix):
                self.assertEqual(errors(suffix=suffix), {"suffix": ["lookup.suffix_digits"]})

    def test_it_normalises_the_code(self) -> None:
        self.assertEqual(cleaned(code=f"  {CODE.lower()} ")["code"], CODE)

    def test_it_refuses_a_code_of_another_shape(self) -> None:
        for code in ("000.00.70.H26", "000.00.70.H26-261121-0001-1", "x" * 40, CODE + "\u0665"):
            with self.subTest(code=code):
                self.assertEqual(errors(code=code), {"code": ["lookup.code_shape"]})
