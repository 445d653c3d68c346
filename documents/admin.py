"""The commune's document defaults (Nơi nhận) are set in the admin; drafts are edited on the
documents page."""

from django.contrib import admin

from .models import DocumentDefaults


@admin.register(DocumentDefaults)
class DocumentDefaultsAdmin(admin.ModelAdmin):
    list_display = ("commune",)
    search_fields = ("commune__name",)
