from django.contrib import admin

from .models import Commune, Membership, Person, Province, Unit


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
