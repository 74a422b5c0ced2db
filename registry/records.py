"""What the population registry answers, and the interface every implementation offers.

In a module of their own so that the implementations (``registry.embedded``,
``registry.http``) import these and the connector, which picks one of them, without a circle.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Protocol


class RegistryError(Exception):
    """The registry could not answer; the message is for people (Vietnamese)."""


class RegistryUnavailable(RegistryError):
    pass


@dataclass(frozen=True)
class ResidencePeriod:
    kind: str
    address: str
    from_date: str
    to_date: str | None = None
    unit_code: int | None = None
    legacy_ward: str = ""


@dataclass(frozen=True)
class Relative:
    id_number: str
    full_name: str
    relation: str


@dataclass(frozen=True)
class PersonRecord:
    id_number: str
    full_name: str
    date_of_birth: date
    sex: str
    permanent_address: str
    old_id_number: str | None = None
    permanent_unit_code: int | None = None
    temporary_address: str = ""
    marital_status: str = ""
    residence_history: tuple[ResidencePeriod, ...] = ()
    household: tuple[Relative, ...] = field(default_factory=tuple)

    @property
    def fields(self) -> list[str]:
        """The kinds of data this answer carries (logged, and used to decide what it proves)."""
        present = ["identity", "permanent_residence"]
        if self.temporary_address:
            present.append("temporary_residence")
        if self.residence_history:
            present.append("residence_history")
        if self.household:
            present.append("household")
        if self.marital_status:
            present.append("marital_status")
        return present

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["date_of_birth"] = self.date_of_birth.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PersonRecord:
        try:
            return cls(
                id_number=str(data["id_number"]),
                full_name=str(data["full_name"]),
                date_of_birth=date.fromisoformat(str(data["date_of_birth"])),
                sex=str(data["sex"]),
                permanent_address=str(data.get("permanent_address") or ""),
                old_id_number=data.get("old_id_number") or None,
                permanent_unit_code=data.get("permanent_unit_code"),
                temporary_address=str(data.get("temporary_address") or ""),
                marital_status=str(data.get("marital_status") or ""),
                residence_history=tuple(
                    ResidencePeriod(**period) for period in data.get("residence_history") or []
                ),
                household=tuple(Relative(**relative) for relative in data.get("household") or []),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise RegistryError(f"Dữ liệu dân cư trả về không đúng định dạng: {exc}") from exc


class Registry(Protocol):
    source: str

    def find(self, id_number: str, *, purpose: str, requester: str) -> PersonRecord | None:
        """The person with this ID number, or None; RegistryError when it cannot answer."""
        ...
