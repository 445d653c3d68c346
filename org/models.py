"""Provinces, communes, units and who belongs where (docs/design.md sections 2 and 7)."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Province(models.Model):
    code = models.CharField("mã tỉnh", max_length=10, unique=True)
    name = models.CharField("tên tỉnh", max_length=100)

    class Meta:
        verbose_name = "tỉnh"
        verbose_name_plural = "tỉnh"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"Tỉnh {self.name}"


class VillageWord(models.TextChoices):
    THON = "thôn", "thôn"
    XOM = "xóm", "xóm"
    AP = "ấp", "ấp"
    TO_DAN_PHO = "tổ dân phố", "tổ dân phố"


class Commune(models.Model):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes", verbose_name="tỉnh")
    code = models.CharField("mã xã", max_length=10, unique=True)
    name = models.CharField("tên xã", max_length=100)
    village_word = models.CharField(
        "cách gọi thôn", max_length=20, choices=VillageWord.choices, default=VillageWord.THON
    )
    # Signature block of documents sent to the province (Nghị định 30/2020/NĐ-CP).
    signer_name = models.CharField("người ký", max_length=100, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=100, blank=True, default="PHÓ CHỦ TỊCH")
    signer_mode = models.CharField("thẩm quyền ký", max_length=50, blank=True, default="KT. CHỦ TỊCH")
    chair_name = models.CharField("chủ tịch UBND xã", max_length=100, blank=True)

    class Meta:
        verbose_name = "xã"
        verbose_name_plural = "xã"
        ordering = ["province__name", "name"]

    def __str__(self) -> str:
        return f"Xã {self.name}"

    @property
    def village_word_title(self) -> str:
        return self.village_word[:1].upper() + self.village_word[1:]


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", "Phòng chuyên môn"
    CENTRE = "centre", "Trung tâm"
    POLICE = "police", "Công an"
    MILITARY = "military", "Quân sự"
    FRONT = "front", "Mặt trận, đoàn thể"
    VILLAGE = "village", "Thôn, xóm, ấp, tổ dân phố"
    DIGITAL_TEAM = "digital_team", "Tổ công nghệ số cộng đồng"


class Unit(models.Model):
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="units", verbose_name="xã")
    code = models.CharField("mã đơn vị", max_length=20)
    name = models.CharField("tên đơn vị", max_length=200)
    kind = models.CharField("loại đơn vị", max_length=20, choices=UnitKind.choices)
    active = models.BooleanField("đang hoạt động", default=True)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["commune_id", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "code"],
                name="unit_code_unique_in_commune",
                violation_error_message="Mã đơn vị này đã có trong xã.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_village(self) -> bool:
        return self.kind == UnitKind.VILLAGE


class Role(models.TextChoices):
    CENTRE = "centre", "Trung tâm Phục vụ hành chính công"
    LEADERSHIP = "leadership", "Lãnh đạo UBND xã"
    UNIT_STAFF = "unit_staff", "Cán bộ đơn vị"
    VILLAGE_HEAD = "village_head", "Trưởng thôn / Tổ công nghệ số"
    PROVINCE_VIEWER = "province_viewer", "Cán bộ tỉnh (chỉ xem)"


class Membership(models.Model):
    """A user's role and where it applies.

    centre / leadership → a commune; unit_staff / village_head → a unit; province_viewer →
    a province. The rules that follow from it live in ``org.access`` (docs/design.md rule 9).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name="tài khoản"
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    province = models.ForeignKey(Province, null=True, blank=True, on_delete=models.CASCADE, verbose_name="tỉnh")
    commune = models.ForeignKey(Commune, null=True, blank=True, on_delete=models.CASCADE, verbose_name="xã")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, verbose_name="đơn vị")

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    Q(
                        role__in=["centre", "leadership"],
                        commune__isnull=False,
                        unit__isnull=True,
                        province__isnull=True,
                    )
                    | Q(
                        role__in=["unit_staff", "village_head"],
                        unit__isnull=False,
                        commune__isnull=True,
                        province__isnull=True,
                    )
                    | Q(role="province_viewer", province__isnull=False, commune__isnull=True, unit__isnull=True)
                ),
                violation_error_message="Phạm vi không khớp vai trò: trung tâm/lãnh đạo gắn với xã, cán bộ/trưởng thôn gắn với đơn vị, cán bộ tỉnh gắn với tỉnh.",
            ),
            models.UniqueConstraint(fields=["user", "role", "province", "commune", "unit"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        where = self.unit or self.commune or self.province
        return f"{self.user} – {self.get_role_display()} – {where}"


class Person(models.Model):
    """A person's contact details beside the login account: the phone a centre calls and the
    Zalo account a later reminder channel writes to (empty until linked)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person", verbose_name="tài khoản"
    )
    phone = models.CharField("số điện thoại", max_length=20, blank=True)
    zalo_user_id = models.CharField("mã người dùng Zalo", max_length=64, blank=True)

    class Meta:
        verbose_name = "thông tin liên hệ"
        verbose_name_plural = "thông tin liên hệ"

    def __str__(self) -> str:
        return f"{self.user} – {self.phone or 'chưa có số điện thoại'}"


class PasswordChangeRequired(models.Model):
    """An account whose password someone else chose (created in the admin): it must choose its
    own at its next login. ``password`` is the hash it was given; another hash means changed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_change_required"
    )
    password = models.CharField(max_length=128)
    at = models.DateTimeField(auto_now_add=True)


class LoginFailure(models.Model):
    """One throttling counter (see org.auth): the tries counted for one key (an account from an
    address, an account, an address) since ``at``, the start of its window."""

    key = models.CharField(max_length=300, unique=True)
    username = models.CharField(max_length=150, blank=True, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    count = models.PositiveIntegerField(default=0)
    at = models.DateTimeField(auto_now_add=True, db_index=True)


class AuditEntry(models.Model):
    """One change made on a set-up page (issue 15): who, when, what, and each field old → new.

    Figures and narratives keep their own logs beside their reports (``reporting``); this is
    the trail of everything else the centre sets up: units, villages, accounts, memberships,
    campaigns, targets, report forms. ``changes`` maps a field's Vietnamese label to
    ``[old, new]`` as text (empty string for none)."""

    commune = models.ForeignKey(
        Commune, null=True, blank=True, on_delete=models.CASCADE, related_name="audit_entries", verbose_name="xã"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("lúc", auto_now_add=True, db_index=True)
    action = models.CharField("thao tác", max_length=60)
    object_kind = models.CharField("loại", max_length=40)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    object_label = models.CharField("đối tượng", max_length=300, blank=True)
    campaign_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    changes = models.JSONField("thay đổi", default=dict, blank=True)

    class Meta:
        verbose_name = "nhật ký thiết lập"
        verbose_name_plural = "nhật ký thiết lập"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["commune", "-at"], name="audit_commune_at")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.object_label}"


class AccountInvite(models.Model):
    """A one-time link that lets a new (or locked-out) person choose their own password. Only the
    SHA-256 of the token is stored; the link works once, until ``expires_at``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invites")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("hết hạn lúc")
    used_at = models.DateTimeField("đã dùng lúc", null=True, blank=True)

    class Meta:
        verbose_name = "lời mời đặt mật khẩu"
        verbose_name_plural = "lời mời đặt mật khẩu"
