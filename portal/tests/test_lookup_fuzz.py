"""Whatever anyone types into the public lookup, the answer is a page, never a server error."""

from __future__ import annotations

from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from dossiers.models import Dossier
from dossiers.testing import create_received_dossier
from portal.tests.base import PortalTestCase

# Digits of every script, full-width forms and the characters a code is made of, mixed with
# anything else, so that the form's every branch (and the comparison behind it) is reached.
_digits = st.characters(categories=["Nd", "No"])
_code_parts = st.sampled_from([*"0123456789.-HhAZ ", "\uff10", "\uff0e", "\uff0d", "\u0665"])
_text = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.one_of(_digits, _code_parts), max_size=30),
)
_suffix = st.one_of(_text, st.text(alphabet=_digits, min_size=4, max_size=4))


# Hypothesis's TestCase runs each example in its own transaction, with a fresh test client.
class LookupFuzzTestCase(HypothesisTestCase, PortalTestCase):
    dossier: Dossier

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.dossier = create_received_dossier(cls.version, cls.office, applicant=cls.citizen)

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        code=_text,
        real_code=st.booleans(),
        suffix=_suffix,
    )
    def test_no_input_gives_a_server_error(self, code: str, real_code: bool, suffix: str) -> None:
        # Each example starts with fresh limits, or the per-address limit would answer
        # every example after the twentieth before the form is read.
        cache.clear()
        data = {"code": self.dossier.code if real_code else code, "suffix": suffix}
        response = self.client.post(reverse("portal:lookup"), data)
        self.assertLess(response.status_code, 500)

    @settings(max_examples=100, deadline=None)
    @given(code=st.text(max_size=80))
    def test_no_prefilled_code_gives_a_server_error(self, code: str) -> None:
        response = self.client.get(reverse("portal:lookup"), {"ma": code})
        self.assertLess(response.status_code, 500)
