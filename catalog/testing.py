"""Builders for tests and demo data: declarations that the e-forms of the demo catalog
(catalog/data/hanoi_commune_procedures.json) accept.

A person is given as the values of a person group (``eforms.schema.PERSON_FIELDS``): what
``dossiers.prefill.person_values`` makes of a registry record, or ``sample_person``::

    commune = create_commune()
    mother = sample_person("Trần Thị Bình", date(1995, 1, 2), "female", commune=commune)
    data = sample_declaration_for("1.001193", applicant=mother, mother=mother)
    submit_dossier(..., declaration=data)

Values the registry gives (the applicant, a relative looked up) are placed as they would be
prefilled; what the schema asks beyond them gets a plausible value. Extra keys of a person
(``marital_status`` for a group that does not ask it) are dropped by the validator.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from core import clock
from units.models import AdministrativeUnit

Person = Mapping[str, Any]
_serial = itertools.count(1)


def sample_id_number(date_of_birth: date, sex: str, province: str = "001") -> str:
    """A 12-digit personal ID number that agrees with the date of birth and sex (DOMAIN §6.3)."""
    century = (date_of_birth.year // 100) - 19
    digit = century * 2 + (1 if sex == "female" else 0)
    return f"{province}{digit}{date_of_birth.year % 100:02d}{next(_serial) % 10**6:06d}"


def sample_person(
    full_name: str,
    date_of_birth: date,
    sex: str,
    *,
    commune: AdministrativeUnit | int,
    street: str = "12 Hàng Bài",
    id_number: str = "",
    marital_status: str = "single",
) -> dict[str, Any]:
    """A person as a registry lookup fills a person group (with a valid ID number)."""
    code = commune if isinstance(commune, int) else commune.code
    return {
        "full_name": full_name,
        "date_of_birth": date_of_birth.isoformat(),
        "sex": sex,
        "id_number": id_number or sample_id_number(date_of_birth, sex),
        "residence": {"commune": code, "street": street},
        "marital_status": marital_status,
    }


def _origin(person: Person) -> dict[str, Any]:
    """A person with the ethnicity and nationality the registry does not give (Kinh, VN)."""
    return {"ethnicity": "01", "nationality": "VN", **person}


def _commitment(copies: int = 0) -> dict[str, Any]:
    return {"copies": copies, "commitment": True}


class _Sample:
    def __init__(
        self,
        applicant: Person,
        *,
        today: date,
        commune: int,
        mother: Person | None,
        father: Person | None,
        other_party: Person | None,
        household_head: Person | None,
        deceased: Person | None,
    ) -> None:
        self.applicant, self.today, self.commune = dict(applicant), today, commune
        self.deceased = deceased or sample_person(
            "Nguyễn Văn Cụ", date(1940, 2, 3), "male", commune=commune
        )
        self.mother = mother or sample_person(
            "Trần Thị Mai", date(1995, 3, 8), "female", commune=commune
        )
        self.father = father
        born = date.fromisoformat(str(applicant["date_of_birth"]))
        self.other_party = other_party or sample_person(
            "Lê Thị Hạnh" if applicant["sex"] == "male" else "Lê Văn Hùng",
            born + timedelta(days=400),
            "female" if applicant["sex"] == "male" else "male",
            commune=commune,
        )
        self.household_head = household_head or sample_person(
            "Phạm Văn Chủ", date(1970, 6, 1), "male", commune=commune
        )

    def address(self, street: str = "5 Tràng Tiền") -> dict[str, Any]:
        return {"commune": self.commune, "street": street}

    def requester(self) -> dict[str, Any]:
        return {"requester": _origin(self.applicant)}

    # Civil status -------------------------------------------------------------------------
    def birth(self) -> dict[str, Any]:
        child_born = self.today - timedelta(days=3)
        data: dict[str, Any] = {
            **self.requester(),
            "relationship": "mother" if self.applicant["sex"] == "female" else "father",
            "child": {
                "full_name": "Nguyễn Thị Hoa",
                "date_of_birth": child_born.isoformat(),
                "sex": "female",
                "ethnicity": "01",
                "nationality": "VN",
                "place_of_birth_kind": "hospital",
                "place_of_birth": "Bệnh viện Phụ sản Hà Nội",
                "place_of_birth_address": self.address("929 La Thành"),
                "home_town": "Hà Nội",
            },
            "mother": _origin(self.mother),
            "has_father": self.father is not None,
            **_commitment(1),
        }
        if self.father is not None:
            data["father"] = _origin(self.father)
        return data

    def marriage(self) -> dict[str, Any]:
        return {
            "applicant_party": {"marital_status": "single", **_origin(self.applicant)},
            "other_party": {"marital_status": "single", **_origin(self.other_party)},
            **_commitment(),
        }

    def death(self) -> dict[str, Any]:
        died = self.today - timedelta(days=2)
        return {
            **self.requester(),
            "relationship": "child",
            "deceased": _origin(self.deceased),
            "died_at": datetime.combine(died, time(8, 30)).isoformat(timespec="minutes"),
            "place_of_death": "Bệnh viện Bạch Mai",
            "cause_of_death": "Bệnh",
            "notice_number": "123/GBT",
            "notice_issuer": "Bệnh viện Bạch Mai",
            "notice_issued_on": (died + timedelta(days=1)).isoformat(),
            **_commitment(1),
        }

    def marital_status(self) -> dict[str, Any]:
        return {
            "requester": _origin(self.applicant),
            "marital_status": self.applicant.get("marital_status") or "single",
            "residence_history": "2020-01-01 – nay: 12 Hàng Bài, Phường Hoàn Kiếm, Hà Nội",
            "purpose": "Để đăng ký kết hôn",
            "for_marriage": True,
            "intended_spouse": {
                "full_name": self.other_party["full_name"],
                "nationality": "VN",
            },
            "marriage_place": "Ủy ban nhân dân Phường Hoàn Kiếm",
            **_commitment(1),
        }

    def rebirth(self) -> dict[str, Any]:
        person = _origin(self.applicant)
        return {
            **self.requester(),
            "relationship": "self",
            "person": {**person, "place_of_birth": "Hà Nội", "home_town": "Nam Định"},
            "mother": {"full_name": "Trần Thị Mai", "nationality": "VN"},
            "previous_registered_at": "Ủy ban nhân dân phường Hàng Trống",
            **_commitment(),
        }

    def remarriage(self) -> dict[str, Any]:
        return {
            "applicant_party": _origin(self.applicant),
            "other_party": _origin(self.other_party),
            "previous_registered_at": "Ủy ban nhân dân phường Hàng Trống",
            "previous_registered_on": "2015-05-01",
            **_commitment(),
        }

    def recognition(self) -> dict[str, Any]:
        return {
            **self.requester(),
            "recognition_kind": "child",
            "recognised": _origin(
                sample_person("Nguyễn Minh Khang", date(2018, 4, 5), "male", commune=self.commune)
            ),
            **_commitment(),
        }

    def record(self) -> dict[str, Any]:
        return {
            "event_kind": "birth",
            "registered_at": "Ủy ban nhân dân phường Hàng Trống",
            "record_number": "15",
            "record_book": "01/2018",
            "record_date": "2018-04-20",
        }

    def change(self) -> dict[str, Any]:
        return {
            **self.requester(),
            "relationship": "self",
            "subject": _origin(self.applicant),
            **self.record(),
            "change_kind": "correction",
            "changes": [
                {"information": "Quê quán", "current_value": "Nam Đinh", "new_value": "Nam Định"}
            ],
            "reason": "Ghi sai khi đăng ký",
            **_commitment(),
        }

    def guardianship(self) -> dict[str, Any]:
        return {
            "requester": _origin(self.applicant),
            "ward": _origin(
                sample_person("Nguyễn Minh Khang", date(2018, 4, 5), "male", commune=self.commune)
            ),
            "guardianship_kind": "statutory",
            "reason": "Cha mẹ đều đã chết",
            **_commitment(),
        }

    def extract_copy(self) -> dict[str, Any]:
        return {
            **self.requester(),
            "relationship": "self",
            "subject": {"full_name": self.applicant["full_name"]},
            **self.record(),
            "copies": 2,
        }

    def register_copy(self) -> dict[str, Any]:
        return {
            **self.requester(),
            "relationship": "self",
            "document_name": "Bằng tốt nghiệp trung học phổ thông",
            "holder_name": self.applicant["full_name"],
            "issuing_body": "Sở Giáo dục và Đào tạo Hà Nội",
            "copies": 1,
        }

    # Certification -------------------------------------------------------------------------
    def certified_copy(self, pages: int = 3, copies: int = 2) -> dict[str, Any]:
        return {
            **self.requester(),
            "document_name": "Giấy khai sinh",
            "issuing_body": "Ủy ban nhân dân phường Hàng Trống",
            "issued_on": "2018-04-20",
            "pages": pages,
            "copies": copies,
        }

    def signature(self) -> dict[str, Any]:
        return {
            **self.requester(),
            "document_name": "Giấy ủy quyền",
            "signatures": 1,
            "copies": 2,
        }

    # Residence (CT01) ----------------------------------------------------------------------
    def ct01(self) -> dict[str, Any]:
        head = self.household_head
        return {
            "person": dict(self.applicant),
            "phone": "0912345678",
            "relationship_to_head": "child",
            "household_head": {
                k: head[k] for k in ("full_name", "id_number", "date_of_birth", "sex")
            },
        }

    def permanent(self) -> dict[str, Any]:
        return {
            **self.ct01(),
            "new_address": self.address(),
            "lawful_residence_proof": "relative",
            "content": "Đăng ký thường trú vào hộ gia đình của cha tại địa chỉ trên",
        }

    def temporary(self) -> dict[str, Any]:
        return {
            **self.ct01(),
            "new_address": self.address("20 Lý Thường Kiệt"),
            "period_from": self.today.isoformat(),
            "period_to": (self.today + timedelta(days=365)).isoformat(),
            "lawful_residence_proof": "rented",
            "content": "Đăng ký tạm trú để đi làm",
        }

    def extension(self) -> dict[str, Any]:
        return {
            **self.ct01(),
            "temporary_address": self.address("20 Lý Thường Kiệt"),
            "extend_to": (self.today + timedelta(days=365)).isoformat(),
            "content": "Gia hạn tạm trú thêm 01 năm",
        }

    def split(self) -> dict[str, Any]:
        return {
            **self.ct01(),
            "address": self.applicant["residence"],
            "head_agrees": True,
            "content": "Tách hộ để làm chủ hộ mới tại cùng chỗ ở",
        }


_BUILDERS: dict[str, Callable[[_Sample], dict[str, Any]]] = {
    "1.001193": _Sample.birth,
    "1.000894": _Sample.marriage,
    "1.000656": _Sample.death,
    "1.004873": _Sample.marital_status,
    "1.004884": _Sample.rebirth,
    "1.004746": _Sample.remarriage,
    "1.001022": _Sample.recognition,
    "1.004859": _Sample.change,
    "1.004837": _Sample.guardianship,
    "2.000635": _Sample.extract_copy,
    "2.000908": _Sample.register_copy,
    "2.000815": _Sample.certified_copy,
    "2.000884": _Sample.signature,
    "1.004222": _Sample.permanent,
    "1.004194": _Sample.temporary,
    "1.002755": _Sample.extension,
    "1.010038": _Sample.split,
}
SAMPLE_CODES = frozenset(_BUILDERS)


def sample_declaration_for(
    code: str,
    *,
    applicant: Person,
    mother: Person | None = None,
    father: Person | None = None,
    other_party: Person | None = None,
    household_head: Person | None = None,
    deceased: Person | None = None,
    commune: AdministrativeUnit | int | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """A declaration the demo e-form of procedure ``code`` accepts, made by ``applicant``.

    ``mother`` and ``father``: the parents of a birth (no father: "has_father" is no);
    ``other_party``: the other spouse of a marriage (and the intended spouse of a
    marital-status confirmation); ``household_head``: the head of household of a residence
    declaration; ``deceased``: the person whose death is registered.
    Addresses other than the applicant's are in ``commune`` (by default the applicant's)."""
    residence = applicant.get("residence") or {}
    place = commune if commune is not None else residence.get("commune")
    if place is None:
        raise ValueError("sample_declaration_for needs a commune (the applicant has no residence)")
    sample = _Sample(
        applicant,
        today=today or clock.today(),
        commune=place if isinstance(place, int) else place.code,
        mother=mother,
        father=father,
        other_party=other_party,
        household_head=household_head,
        deceased=deceased,
    )
    return _BUILDERS[code](sample)


def sample_result_for(
    code: str, *, commune: AdministrativeUnit | int, today: date | None = None
) -> dict[str, Any]:
    """Result data the demo result schema of procedure ``code`` accepts (what the officer
    preparing the result fills in: the register entry, the validity, the address registered).
    One set of values serves every procedure; the validator keeps those the schema asks."""
    day = today or clock.today()
    place = commune if isinstance(commune, int) else commune.code
    if code not in SAMPLE_CODES:
        raise KeyError(code)
    return {
        "register_book": f"01/{day.year}",
        "register_page": 15,
        "registered_on": day.isoformat(),
        "valid_until": (day + timedelta(days=182)).isoformat(),
        "marital_status": "single",
        "status_text": "Chưa đăng ký kết hôn với ai.",
        "registered_address": {"commune": place, "street": "5 Tràng Tiền"},
        "household_number": "HN0000001",
        "copies_issued": 1,
    }
