from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import ModelForm

from .models import FollowupSettings
from .rules import lead_times_parse


class FollowupSettingsForm(ModelForm):
    class Meta:
        model = FollowupSettings
        fields = ["commune", "lead_times", "missing_days", "task_lead_days", "round_closing_days"]

    def clean_lead_times(self):
        value = self.cleaned_data["lead_times"]
        try:
            lead_times_parse(value)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
        return value


@admin.register(FollowupSettings)
class FollowupSettingsAdmin(admin.ModelAdmin):
    form = FollowupSettingsForm
    list_display = ["commune", "lead_times", "missing_days", "task_lead_days", "round_closing_days"]
