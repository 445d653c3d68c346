from django.contrib import admin

from .models import Campaign, Participation, Period, ReportingRule, Task, TaskEvidence


class ReportingRuleInline(admin.TabularInline):
    model = ReportingRule
    extra = 0


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "commune", "start", "end", "status")
    list_filter = ("status", "kind", "commune")
    search_fields = ("code", "title", "number")
    inlines = [ReportingRuleInline, ParticipationInline]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ("label", "campaign", "cadence", "start", "end", "deadline")
    list_filter = ("cadence", "campaign")


class TaskEvidenceInline(admin.TabularInline):
    model = TaskEvidence
    extra = 0


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("content", "campaign", "lead_unit", "deadline_text", "due_date", "status")
    list_filter = ("status", "deadline_kind", "campaign")
    search_fields = ("content",)
    list_select_related = ("campaign", "lead_unit")
    inlines = [TaskEvidenceInline]
