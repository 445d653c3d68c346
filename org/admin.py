from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError

from .auth import username_normalise
from .models import Commune, Membership, PasswordChangeRequired, Person, Province, Unit

admin.site.unregister(get_user_model())
USERNAME_TAKEN = "Tên đăng nhập này đã có (tên đăng nhập không phân biệt chữ hoa, chữ thường, chữ toàn độ rộng)."


def _username_clean(form) -> str:
    """The one spelling of the username, refused when another account has it."""
    name = username_normalise(form.cleaned_data.get("username") or "")
    others = get_user_model().objects.filter(username=name)
    if form.instance.pk:
        others = others.exclude(pk=form.instance.pk)
    if others.exists():
        raise ValidationError(USERNAME_TAKEN, code="unique")
    return name


class AccountCreationForm(AdminUserCreationForm):
    def clean_username(self) -> str:
        return _username_clean(self)


class AccountChangeForm(UserChangeForm):
    def clean_username(self) -> str:
        return _username_clean(self)


@admin.register(get_user_model())
class AccountAdmin(UserAdmin):
    """An account created here gets a password chosen by someone else: it must change it at its
    first login (org.middleware.PasswordChangeRequiredMiddleware). The demo seed is not this path."""

    add_form = AccountCreationForm
    form = AccountChangeForm

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if not change and obj.has_usable_password():
            PasswordChangeRequired.objects.update_or_create(user=obj, defaults={"password": obj.password})


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    fields = ["code", "name", "kind", "order", "active"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province", "village_word"]
    list_filter = ["province"]
    search_fields = ["code", "name"]
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "commune", "active"]
    list_filter = ["kind", "active", "commune__province", "commune"]
    search_fields = ["code", "name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "province", "commune", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name", "commune__name"]
    autocomplete_fields = ["unit", "commune", "province"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["user", "phone", "zalo_user_id"]
    search_fields = ["user__username", "user__first_name", "phone"]
