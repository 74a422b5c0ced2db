from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.identifiers import normalise_login
from core.text import clean
from core.validators import validate_tax_code
from identity.validators import validate_personal_id_number


class Role(models.TextChoices):
    """What an officer may do in one unit; one person can hold roles in several units."""

    FRONT_DESK = "front_desk", _("Cán bộ tiếp nhận (một cửa)")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    LEADER = "leader", _("Lãnh đạo")
    UNIT_ADMIN = "unit_admin", _("Quản trị đơn vị")
    INSPECTOR = "inspector", _("Thanh tra, giám sát")


class MotCuaUserManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        # What ModelBackend looks the typed name up with: the same spelling as everywhere else
        # in the sign-in (accounts.identifiers), whoever calls authenticate().
        return super().get_by_natural_key(
            normalise_login(username) if isinstance(username, str) else username
        )

    def create_citizen(
        self, personal_id: str, full_name: str, password: str | None = None, **extra: Any
    ) -> User:
        """Applicants log in with their 12-digit personal ID number as user name."""
        return self.create_user(
            username=personal_id,
            password=password,
            personal_id=personal_id,
            full_name=full_name,
            kind=User.Kind.CITIZEN,
            **extra,
        )

    def create_officer(
        self, username: str, full_name: str, password: str | None = None, **extra: Any
    ) -> User:
        return self.create_user(
            username=username,
            password=password,
            full_name=full_name,
            kind=User.Kind.OFFICER,
            **extra,
        )


class User(AbstractUser):
    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Công dân")
        ORGANIZATION = "organization", _("Tổ chức, doanh nghiệp")
        OFFICER = "officer", _("Cán bộ, công chức")

    kind = models.CharField(_("loại tài khoản"), max_length=16, choices=Kind.choices)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    personal_id = models.CharField(
        _("số định danh cá nhân"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_personal_id_number],
    )
    tax_code = models.CharField(
        _("mã số thuế"), max_length=14, blank=True, validators=[validate_tax_code]
    )
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    is_digital_team = models.BooleanField(
        _("thành viên tổ công nghệ số cộng đồng"),
        default=False,
        help_text=_("Được nộp hồ sơ thay người dân khi người dân đồng ý."),
    )

    objects = MotCuaUserManager()  # type: ignore[misc]

    REQUIRED_FIELDS = ["email", "full_name", "kind"]

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="citizen") | Q(personal_id__isnull=False),
                name="accounts_citizen_has_personal_id",
            ),
            models.CheckConstraint(
                condition=~Q(kind="organization") | ~Q(tax_code=""),
                name="accounts_organization_has_tax_code",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.full_name = clean(self.full_name)
        if self.personal_id == "":
            self.personal_id = None
        super().save(*args, **kwargs)

    @classmethod
    def normalize_username(cls, username: Any) -> Any:
        """User names are stored as sign-in looks them up (create_user and clean() call this)."""
        return normalise_login(username) if isinstance(username, str) else username

    def get_full_name(self) -> str:
        return self.full_name

    @property
    def is_officer(self) -> bool:
        return self.kind == self.Kind.OFFICER

    @cached_property
    def can_configure(self) -> bool:
        """May enter the configuration UI: a superuser, or the administrator of some unit.

        Read from the memberships each time (not stored in ``is_staff``), so that removing the
        role in any way — one row, a bulk action, deleting the unit — removes the access.
        """
        if not self.is_active:
            return False
        return (
            self.is_superuser
            or self.memberships.filter(role=Role.UNIT_ADMIN, is_active=True).exists()
        )


class Membership(models.Model):
    """One role of one officer in one government unit."""

    user = models.ForeignKey(
        User,
        verbose_name=_("cán bộ"),
        on_delete=models.CASCADE,
        related_name="memberships",
        limit_choices_to={"kind": User.Kind.OFFICER},
    )
    unit = models.ForeignKey(
        "units.GovernmentUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    # The position (chức vụ) printed under a signature: "Phó Chủ tịch", "Trưởng Công an phường".
    title = models.CharField(
        _("chức vụ"),
        max_length=100,
        blank=True,
        help_text=_("Như ghi trong thể thức chữ ký, ví dụ: Phó Chủ tịch, Trưởng Công an phường."),
    )
    is_head = models.BooleanField(
        _("là người đứng đầu"),
        default=False,
        help_text=_("Người đứng đầu ký trực tiếp; cấp phó ký “KT.” (ký thay) người đứng đầu."),
    )
    is_active = models.BooleanField(_("đang hiệu lực"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("vai trò tại đơn vị")
        verbose_name_plural = _("vai trò tại đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="accounts_member_uniq")
        ]
        indexes = [
            # Inboxes ask "who holds role R in unit U"; access checks ask "where is user X".
            models.Index(fields=["unit", "role"], name="accounts_member_unit_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.title = clean(self.title)
        super().save(*args, **kwargs)


class LoginCode(models.Model):
    """A one-time login code sent to an applicant: kept only as a keyed hash, used once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64)
    destination = models.CharField(_("gửi đến"), max_length=200)
    notification = models.ForeignKey(
        "notifications.Notification", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"))
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    used_at = models.DateTimeField(_("dùng lúc"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần nhập sai"), default=0)

    class Meta:
        verbose_name = _("mã đăng nhập một lần")
        verbose_name_plural = _("mã đăng nhập một lần")
        indexes = [
            # The code step reads the user's latest code that is still open.
            models.Index(
                fields=["user", "-created_at"],
                name="accounts_logincode_open",
                condition=Q(used_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.created_at:%Y-%m-%d %H:%M}"


class TOTPDevice(models.Model):
    """An officer's authenticator app (RFC 6238). The secret must be readable to check codes,
    as in django-otp; a database dump therefore needs the same care as the password hashes."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    # The time step of the last code accepted: a code seen once is refused afterwards.
    last_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thiết bị xác thực hai lớp")
        verbose_name_plural = _("thiết bị xác thực hai lớp")

    def __str__(self) -> str:
        return str(self.user)


class LoginEvent(models.Model):
    """The record of sign-ins: successes, wrong passwords or codes, and lockouts."""

    class Method(models.TextChoices):
        PASSWORD = "password", _("Mật khẩu")
        CODE = "code", _("Mã một lần")
        TOTP = "totp", _("Mã xác thực hai lớp")
        SSO = "sso", _("Định danh điện tử (OpenID Connect)")

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("Đăng nhập thành công")
        FAILURE = "failure", _("Nhập sai")
        LOCKED = "locked", _("Tạm khóa do nhập sai nhiều lần")

    user = models.ForeignKey(
        User,
        verbose_name=_("tài khoản"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="login_events",
    )
    identifier = models.CharField(_("tên đăng nhập đã nhập"), max_length=150)
    client_ip = models.CharField(_("địa chỉ IP"), max_length=64)
    method = models.CharField(_("cách xác thực"), max_length=12, choices=Method.choices)
    outcome = models.CharField(_("kết quả"), max_length=12, choices=Outcome.choices)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lượt đăng nhập")
        verbose_name_plural = _("lượt đăng nhập")
        ordering = ["-created_at"]
        indexes = [
            # An account's recent sign-ins, newest first (the admin's filter by account).
            models.Index(fields=["user", "-created_at"], name="accounts_loginevent_user"),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} — {self.get_outcome_display()}"
