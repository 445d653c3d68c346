"""Forms of the commune's set-up pages. They only parse; ``org.setup_services`` validates and saves.
A form that edits an existing row carries ``version`` (``org.audit.row_version``)."""

from __future__ import annotations

from django import forms

from .models import Commune, Role, Unit, UnitKind, VillageWord

ROLE_CHOICES = [(r.value, r.label) for r in (Role.CENTRE, Role.LEADERSHIP, Role.UNIT_STAFF, Role.VILLAGE_HEAD)]


class VersionedForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, required=False)


class VillageWordForm(VersionedForm):
    village_word = forms.ChoiceField(label="Cách gọi thôn", choices=VillageWord.choices)


class UnitForm(forms.Form):
    code = forms.CharField(label="Mã đơn vị", max_length=20, help_text="Ví dụ: VP, CA, T01")
    name = forms.CharField(label="Tên đơn vị", max_length=200)
    kind = forms.ChoiceField(label="Loại đơn vị", choices=UnitKind.choices)
    order = forms.IntegerField(label="Thứ tự", min_value=0, required=False, initial=0)


class UnitEditForm(UnitForm, VersionedForm):
    active = forms.BooleanField(label="Đang hoạt động", required=False)


def _unit_field(commune: Commune) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Đơn vị",
        queryset=Unit.objects.filter(commune=commune, active=True).order_by("order", "code"),
        required=False,
        help_text="Cần cho cán bộ đơn vị và trưởng thôn; để trống cho Trung tâm, lãnh đạo.",
    )


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label="Vai trò", choices=ROLE_CHOICES)

    def __init__(self, *args, commune: Commune, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _unit_field(commune)


class AccountForm(MembershipForm):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.EmailField(label="Thư điện tử", required=False)
    phone = forms.CharField(label="Số điện thoại", max_length=20, required=False)
    password = forms.CharField(
        label="Mật khẩu ban đầu",
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Người dùng phải đổi ở lần đăng nhập đầu. Để trống để gửi liên kết đặt mật khẩu.",
    )
    field_order = ["username", "full_name", "role", "unit", "email", "phone", "password"]

    def __init__(self, *args, commune: Commune, **kwargs) -> None:
        super().__init__(*args, commune=commune, **kwargs)
        self.order_fields(self.field_order)


class PasswordResetForm(VersionedForm):
    password = forms.CharField(label="Mật khẩu mới", widget=forms.PasswordInput(render_value=False))


class InviteAcceptForm(forms.Form):
    new_password1 = forms.CharField(label="Mật khẩu mới", widget=forms.PasswordInput)
    new_password2 = forms.CharField(label="Nhập lại mật khẩu mới", widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", "Hai mật khẩu không giống nhau.")
        return data
