"""The catalogue in the admin: the centre may add its commune's own elements and indicators."""

from django.contrib import admin

from .models import (
    DataElement,
    Field,
    FormElement,
    Indicator,
    IndicatorTerm,
    Target,
    TargetMilestone,
    UntrackedTarget,
)


@admin.register(DataElement)
class DataElementAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "aggregation", "value_type", "allows_field_breakdown", "source", "commune")
    list_filter = ("aggregation", "source", "allows_field_breakdown", "commune")
    search_fields = ("code", "name")


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "order")
    search_fields = ("code", "name")


class IndicatorTermInline(admin.TabularInline):
    model = IndicatorTerm
    extra = 1
    autocomplete_fields = ("element",)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "direction", "decimals", "commune")
    list_filter = ("kind", "direction", "commune")
    search_fields = ("code", "name")
    inlines = [IndicatorTermInline]


class TargetMilestoneInline(admin.TabularInline):
    model = TargetMilestone
    extra = 1


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = (
        "campaign",
        "indicator",
        "comparator",
        "value",
        "floor",
        "unit",
        "field",
        "applies_to",
        "unit_kind",
        "window",
    )
    list_filter = ("campaign", "window", "applies_to")
    list_select_related = ("campaign", "indicator", "unit", "field")
    inlines = [TargetMilestoneInline]


@admin.register(FormElement)
class FormElementAdmin(admin.ModelAdmin):
    list_display = ("campaign", "cadence", "element", "unit", "unit_kind", "order")
    list_filter = ("campaign", "cadence", "unit_kind")
    list_select_related = ("campaign", "element", "unit")


@admin.register(UntrackedTarget)
class UntrackedTargetAdmin(admin.ModelAdmin):
    list_display = ("campaign", "order", "quote", "reason")
    list_filter = ("campaign",)
    search_fields = ("quote",)
