from django.contrib import admin

from .models import HouseholdVisit, SurveyRound, VillageReturn, VillageReturnLog
from .services import survey_deadline, survey_round_create


@admin.register(SurveyRound)
class SurveyRoundAdmin(admin.ModelAdmin):
    list_display = ["title", "campaign", "window_start", "window_end", "due_date", "status", "visits_enabled"]
    list_filter = ["status", "campaign__commune"]
    list_select_related = ["campaign"]
    search_fields = ["title", "campaign__code"]
    raw_id_fields = ["campaign"]

    def get_readonly_fields(self, request, obj=None):
        # The period is made by the service from the window and the due date.
        return ["period"]

    def save_model(self, request, obj, form, change) -> None:
        if change:
            period = obj.period
            period.start, period.end, period.deadline = obj.window_start, obj.window_end, survey_deadline(obj.due_date)
            period.save(update_fields=["start", "end", "deadline"])
            obj.save()
            return
        saved = survey_round_create(
            campaign=obj.campaign,
            title=obj.title,
            window_start=obj.window_start,
            window_end=obj.window_end,
            due_date=obj.due_date,
            visits_enabled=obj.visits_enabled,
        )
        if saved.status != obj.status:
            saved.status = obj.status
            saved.save(update_fields=["status"])
        obj.pk, obj.period_id = saved.pk, saved.period_id


class VillageReturnLogInline(admin.TabularInline):
    model = VillageReturnLog
    extra = 0
    can_delete = False
    readonly_fields = ["action", "field", "old", "new", "reason", "user", "at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(VillageReturn)
class VillageReturnAdmin(admin.ModelAdmin):
    """Read-only here: figures change through the form or the import, so the history holds."""

    list_display = ["village", "survey_round", "status", "is_late", "from_visits", "submitted_at", "submitted_by"]
    list_filter = ["status", "is_late", "from_visits", "survey_round"]
    list_select_related = ["village", "survey_round", "submitted_by"]
    inlines = [VillageReturnLogInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(HouseholdVisit)
class HouseholdVisitAdmin(admin.ModelAdmin):
    list_display = ["household_code", "head_name", "village", "members", "members_vneid", "rated", "visited_on"]
    list_filter = ["survey_round", "village"]
    list_select_related = ["village"]
    search_fields = ["household_code", "head_name"]
