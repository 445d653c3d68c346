from django.contrib import admin

from .models import FigureChangeLog, ImportBatch, ReportEvent, UnitReport


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    readonly_fields = ["action", "user", "at", "comment", "status_after"]
    can_delete = False


@admin.register(UnitReport)
class UnitReportAdmin(admin.ModelAdmin):
    """Read-mostly: status changes go through the report pages (services keep the audit trail)."""

    list_display = ["unit", "period", "campaign", "status", "late", "submitted_at"]
    list_filter = ["status", "late", "campaign"]
    search_fields = ["unit__name", "unit__code", "campaign__code"]
    list_select_related = ["unit", "period", "campaign"]
    readonly_fields = [
        "campaign",
        "unit",
        "period",
        "status",
        "first_submitted_at",
        "submitted_at",
        "submitted_by",
        "late",
        "reviewed_by",
        "reviewed_at",
        "approved_by",
        "version",
    ]
    inlines = [ReportEventInline]


@admin.register(FigureChangeLog)
class FigureChangeLogAdmin(admin.ModelAdmin):
    list_display = ["report", "element", "field", "old", "new", "event"]
    list_select_related = ["report__unit", "report__period", "element", "field", "event"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["filename", "user", "at", "rows", "reports", "changed"]
