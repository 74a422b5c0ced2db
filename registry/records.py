"""What the population registry answers, and the interface every implementation offers.

In a module of their own so that the implementations (``registry.embedded``,
``registry.http``) import these and the connector, which picks one of them, without a circle.
"""

from __future__ import annotations

import types
from dataclasses import MISSING, asdict, dataclass, field, fields
from datetime import date
from enum import StrEnum
from typing import Any, ClassVar, Protocol, Self, get_args, get_type_hints

from core.text import clean


class RegistryError(Exception):
    """The registry could not answer; the message is for people (Vietnamese), ``code`` is
    stable (``registry.…``)."""

    default_code = "registry.error"

    def __init__(self, message: str = "", code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code


class RegistryUnavailable(RegistryError):
    """The registry cannot be reached now (timeouts, connection errors, 5xx, breaker open)."""

    default_code = "registry.unavailable"


class RegistryRefused(RegistryError):
    """The registry decided not to apply an update (unknown person, already dead, …): final,
    sending it again changes nothing."""

    default_code = "registry.refused"


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
    date_of_death: date | None = None
    ethnicity: str = ""
    nationality: str = ""
    place_of_birth: str = ""
    home_town: str = ""
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
        if self.date_of_death:
            present.append("death")
        return present

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["date_of_birth"] = self.date_of_birth.isoformat()
        data["date_of_death"] = self.date_of_death.isoformat() if self.date_of_death else None
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
                date_of_death=(
                    date.fromisoformat(str(data["date_of_death"]))
                    if data.get("date_of_death")
                    else None
                ),
                ethnicity=str(data.get("ethnicity") or ""),
                nationality=str(data.get("nationality") or ""),
                place_of_birth=str(data.get("place_of_birth") or ""),
                home_town=str(data.get("home_town") or ""),
                residence_history=tuple(
                    ResidencePeriod(**period) for period in data.get("residence_history") or []
                ),
                household=tuple(Relative(**relative) for relative in data.get("household") or []),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise RegistryError(f"Dữ liệu dân cư trả về không đúng định dạng: {exc}") from exc


class UpdateKind(StrEnum):
    BIRTH = "birth"
    DEATH = "death"
    MARRIAGE = "marriage"
    RESIDENCE = "residence"


SEXES = ("male", "female")
RESIDENCE_KINDS = ("permanent", "temporary")
# registry.models.Relation
RELATIONS = ("head", "spouse", "child", "parent", "grandchild", "sibling", "other")


def _invalid(message: str) -> ValueError:
    return ValueError(message)


def _id_number(value: str | None, what: str) -> None:
    if value is not None and not (len(value) == 12 and value.isascii() and value.isdigit()):
        raise _invalid(f"{what}: số định danh cá nhân phải gồm đúng 12 chữ số.")


def _decode(hint: Any, value: Any) -> Any:
    """A JSON value as the field's type (str, int, bool, date, or one of them or None)."""
    options = get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    if value is None:
        if type(None) in options:
            return None
        raise TypeError("thiếu giá trị")
    kind = next(option for option in options if option is not type(None))
    if kind is date:
        if not isinstance(value, str):
            raise TypeError("ngày phải ở dạng YYYY-MM-DD")
        return date.fromisoformat(value)
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise TypeError("phải là số nguyên")
    if kind is not int and not isinstance(value, kind):
        raise TypeError(f"phải là {kind.__name__}")
    return value


@dataclass(frozen=True)
class _Update:
    """What the update records share: their kind, and their JSON form (dates as ISO text),
    which is also what the outbox keeps and what the gateway receives."""

    KIND: ClassVar[UpdateKind]
    _TEXTS: ClassVar[tuple[str, ...]] = ()

    def __post_init__(self) -> None:
        for name in self._TEXTS:  # stored NFC, spaces folded; required
            value = clean(getattr(self, name))
            if not value:
                raise _invalid(f"Thiếu thông tin bắt buộc: {name}.")
            object.__setattr__(self, name, value)

    @property
    def subjects(self) -> tuple[str, ...]:
        """The ID numbers of the people the update concerns (a birth: its parents)."""
        raise NotImplementedError

    def to_json(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        return {
            name: value.isoformat() if isinstance(value, date) else value
            for name, value in data.items()
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        """Refuses (``RegistryRefused``, code ``registry.invalid_update``) what is not one."""
        try:
            hints = get_type_hints(cls)
            values = {}
            for f in fields(cls):
                if f.name in data:
                    values[f.name] = _decode(hints[f.name], data[f.name])
                elif f.default is MISSING:
                    raise KeyError(f.name)
            return cls(**values)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise RegistryRefused(
                f"Nội dung cập nhật dữ liệu dân cư không hợp lệ ({cls.KIND}): {exc}",
                code="registry.invalid_update",
            ) from exc


@dataclass(frozen=True)
class BirthUpdate(_Update):
    """A birth registered (khai sinh): a new person, registered at the permanent residence of
    the parent they live with (``residence_address`` / ``residence_unit_code``, a commune code),
    in that parent's household. ``registering_body`` is the code of the unit that registered
    the birth (its area gives the first three digits of the new ID number)."""

    KIND: ClassVar[UpdateKind] = UpdateKind.BIRTH
    _TEXTS: ClassVar[tuple[str, ...]] = (
        "full_name", "ethnicity", "nationality", "place_of_birth", "home_town",
        "residence_address", "registering_body", "register_number",
    )  # fmt: skip

    full_name: str
    date_of_birth: date
    sex: str
    ethnicity: str
    nationality: str
    place_of_birth: str
    home_town: str
    mother_id_number: str
    residence_address: str
    residence_unit_code: int | None
    registering_body: str
    register_number: str
    father_id_number: str | None = None
    # From when the child's permanent residence counts (the date of birth when not given).
    registered_on: date | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.sex not in SEXES:
            raise _invalid(f"Giới tính không hợp lệ: {self.sex!r}.")
        _id_number(self.mother_id_number, "Mẹ")
        _id_number(self.father_id_number, "Cha")

    @property
    def subjects(self) -> tuple[str, ...]:
        return tuple(n for n in (self.mother_id_number, self.father_id_number) if n)


@dataclass(frozen=True)
class DeathUpdate(_Update):
    """A death registered (khai tử)."""

    KIND: ClassVar[UpdateKind] = UpdateKind.DEATH
    _TEXTS: ClassVar[tuple[str, ...]] = ("place_of_death", "registering_body", "register_number")

    id_number: str
    date_of_death: date
    place_of_death: str
    registering_body: str
    register_number: str

    def __post_init__(self) -> None:
        super().__post_init__()
        _id_number(self.id_number, "Người chết")

    @property
    def subjects(self) -> tuple[str, ...]:
        return (self.id_number,)


@dataclass(frozen=True)
class MarriageUpdate(_Update):
    """A marriage registered (đăng ký kết hôn): both people become married."""

    KIND: ClassVar[UpdateKind] = UpdateKind.MARRIAGE
    _TEXTS: ClassVar[tuple[str, ...]] = ("registering_body", "register_number")

    first_id_number: str
    second_id_number: str
    married_on: date
    registering_body: str
    register_number: str

    def __post_init__(self) -> None:
        super().__post_init__()
        _id_number(self.first_id_number, "Bên thứ nhất")
        _id_number(self.second_id_number, "Bên thứ hai")

    @property
    def subjects(self) -> tuple[str, ...]:
        return (self.first_id_number, self.second_id_number)


@dataclass(frozen=True)
class ResidenceUpdate(_Update):
    """A permanent or temporary residence registered (đăng ký thường trú / tạm trú) at
    ``address`` in commune ``unit_code`` from ``from_date`` (a temporary one until
    ``to_date``). A permanent one may join the household of ``household_head_id_number`` (as
    ``relation``) or found a new household (``new_household``, or ``relation`` "head" with no
    head named: the person is its head); otherwise the person keeps their household."""

    KIND: ClassVar[UpdateKind] = UpdateKind.RESIDENCE
    _TEXTS: ClassVar[tuple[str, ...]] = ("address",)

    id_number: str
    kind: str
    address: str
    unit_code: int | None
    from_date: date
    to_date: date | None = None
    household_head_id_number: str | None = None
    new_household: bool = False
    relation: str = "other"  # to the head joined; "head" for a new household

    def __post_init__(self) -> None:
        super().__post_init__()
        _id_number(self.id_number, "Người đăng ký")
        _id_number(self.household_head_id_number, "Chủ hộ")
        if self.kind not in RESIDENCE_KINDS:
            raise _invalid(f"Loại cư trú không hợp lệ: {self.kind!r}.")
        if self.to_date is not None and (self.kind != "temporary" or self.to_date < self.from_date):
            raise _invalid("Thời hạn tạm trú phải sau ngày bắt đầu, và chỉ dành cho tạm trú.")
        if self.relation == "head" and not self.household_head_id_number:
            object.__setattr__(self, "new_household", True)  # declared as the head
        if (self.household_head_id_number or self.new_household) and self.kind != "permanent":
            raise _invalid("Chỉ đăng ký thường trú mới thay đổi hộ gia đình.")
        if self.household_head_id_number and self.new_household:
            raise _invalid("Nhập hộ đã có hoặc lập hộ mới, không thể cả hai.")
        if self.new_household:
            object.__setattr__(self, "relation", "head")
        elif self.relation not in RELATIONS or self.relation == "head":
            raise _invalid(f"Quan hệ với chủ hộ không hợp lệ: {self.relation!r}.")

    @property
    def subjects(self) -> tuple[str, ...]:
        return (self.id_number,)


PopulationUpdate = BirthUpdate | DeathUpdate | MarriageUpdate | ResidenceUpdate
UPDATE_TYPES: dict[str, type[PopulationUpdate]] = {
    cls.KIND: cls for cls in (BirthUpdate, DeathUpdate, MarriageUpdate, ResidenceUpdate)
}


def update_from_json(kind: str, data: Any) -> PopulationUpdate:
    """The update of this kind from its JSON form; ``RegistryRefused`` for anything else."""
    cls = UPDATE_TYPES.get(kind)
    if cls is None or not isinstance(data, dict):
        raise RegistryRefused(
            f"Loại cập nhật dữ liệu dân cư không hợp lệ: {kind!r}.", code="registry.invalid_update"
        )
    return cls.from_json(data)


@dataclass(frozen=True)
class UpdateOutcome:
    """What the registry answered to an update it accepted: for a birth, the new person's ID
    number. (A refusal is ``RegistryRefused``; ``accepted`` is false only on the wire.)"""

    accepted: bool
    id_number: str | None = None
    message: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> UpdateOutcome:
        if not isinstance(data, dict) or not isinstance(data.get("accepted"), bool):
            raise RegistryError("Phản hồi cập nhật dữ liệu dân cư không đúng định dạng.")
        id_number = data.get("id_number") or None
        try:
            _id_number(id_number if isinstance(id_number, str | None) else "?", "Số được cấp")
        except ValueError as exc:
            raise RegistryError(f"Phản hồi cập nhật dữ liệu dân cư: {exc}") from exc
        return cls(
            accepted=data["accepted"], id_number=id_number, message=str(data.get("message") or "")
        )


class Registry(Protocol):
    source: str

    def find(self, id_number: str, *, purpose: str, requester: str) -> PersonRecord | None:
        """The person with this ID number, or None; RegistryError when it cannot answer."""
        ...

    def apply(self, update: PopulationUpdate, *, requester: str, reference: str) -> UpdateOutcome:
        """Record a decided change (birth, death, marriage, residence); idempotent per
        ``reference`` (the same update sent again gives the same outcome). Raises
        ``RegistryRefused`` when the registry will not record it (final) and another
        ``RegistryError`` when it could not be asked (try again later)."""
        ...
