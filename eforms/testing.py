"""Schemas for tests: a small birth-like declaration touching every feature the faces render
(a locked person from the registry, a relative looked up by ID number, a condition, a date
check across groups, a repeating group, an address, a money field)."""

from __future__ import annotations

from typing import Any


def label(vi: str, en: str) -> dict[str, str]:
    return {"vi": vi, "en": en}


def sample_declaration(satisfies: tuple[int, ...] = (1,)) -> dict[str, Any]:
    return {
        "format": 1,
        "title": label("Tờ khai thử", "Test declaration"),
        "form": "Mẫu thử",
        "satisfies": list(satisfies),
        "sections": [
            {
                "key": "about_you",
                "title": label("Người yêu cầu", "Requester"),
                "fields": [
                    {
                        "key": "requester",
                        "type": "person",
                        "prefill": "applicant.person",
                        "locked": True,
                        "required": True,
                        "omit": ["ethnicity", "nationality"],
                        "label": label("Người yêu cầu", "Requester"),
                    },
                    {
                        "key": "relationship",
                        "type": "choice",
                        "codelist": "relationship",
                        "required": True,
                        "label": label("Quan hệ với người được khai sinh", "Relationship"),
                    },
                    {
                        "key": "phone",
                        "type": "phone",
                        "prefill": "account.phone",
                        "required": True,
                        "label": label("Số điện thoại", "Phone"),
                    },
                ],
            },
            {
                "key": "the_child",
                "title": label("Người được khai sinh", "The child"),
                "fields": [
                    {
                        "key": "child",
                        "type": "person",
                        "required": True,
                        "omit": ["id_number", "residence"],
                        "label": label("Người được khai sinh", "The child"),
                        "fields": [
                            {
                                "key": "place_of_birth",
                                "type": "text",
                                "required": True,
                                "label": label("Nơi sinh", "Place of birth"),
                            },
                        ],
                    },
                ],
            },
            {
                "key": "parents",
                "title": label("Cha, mẹ", "Parents"),
                "fields": [
                    {
                        "key": "mother",
                        "type": "person",
                        "prefill": "relative",
                        "locked": True,
                        "required": True,
                        "omit": ["ethnicity", "nationality"],
                        "label": label("Mẹ", "Mother"),
                        "fields": [
                            {
                                "key": "date_of_birth",
                                "type": "date",
                                "required": True,
                                "label": label("Ngày, tháng, năm sinh", "Date of birth"),
                                "checks": {"before": "child.date_of_birth"},
                            }
                        ],
                    },
                    {
                        "key": "has_father",
                        "type": "yes_no",
                        "label": label("Khai thông tin người cha", "Declare the father"),
                    },
                    {
                        "key": "father",
                        "type": "person",
                        "prefill": "relative",
                        "locked": True,
                        "required": True,
                        "omit": ["ethnicity", "nationality"],
                        "show_if": {"field": "has_father", "equals": True},
                        "label": label("Cha", "Father"),
                        "fields": [
                            {
                                "key": "date_of_birth",
                                "type": "date",
                                "required": True,
                                "label": label("Ngày, tháng, năm sinh", "Date of birth"),
                                "checks": {"before": "child.date_of_birth"},
                            }
                        ],
                    },
                ],
            },
            {
                "key": "other",
                "title": label("Thông tin khác", "Other information"),
                "fields": [
                    {
                        "key": "siblings",
                        "type": "repeat",
                        "max_items": 5,
                        "label": label("Anh chị em ruột", "Siblings"),
                        "fields": [
                            {
                                "key": "full_name",
                                "type": "text",
                                "required": True,
                                "label": label("Họ và tên", "Full name"),
                            },
                            {
                                "key": "date_of_birth",
                                "type": "date",
                                "label": label("Ngày sinh", "Date of birth"),
                                "checks": {"not_after": "today"},
                            },
                        ],
                    },
                    {
                        "key": "copies",
                        "type": "integer",
                        "required": True,
                        "default": 1,
                        "checks": {"minimum": 1, "maximum": 10},
                        "label": label("Số bản sao yêu cầu", "Copies requested"),
                    },
                    {
                        "key": "mailing_address",
                        "type": "address",
                        "label": label("Địa chỉ nhận kết quả", "Address for the result"),
                    },
                ],
            },
        ],
    }
