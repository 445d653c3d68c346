from django.contrib import admin

from .models import CommuneChannels, Delivery, InboxItem, PersonChannels, Run


@admin.register(CommuneChannels)
class CommuneChannelsAdmin(admin.ModelAdmin):
    list_display = ["commune", "email", "zalo", "sms"]


@admin.register(PersonChannels)
class PersonChannelsAdmin(admin.ModelAdmin):
    list_display = ["user", "email", "zalo", "sms"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "unit", "user", "channel", "kind", "state", "reason"]
    list_filter = ["channel", "state"]
    readonly_fields = [f.name for f in Delivery._meta.fields]


admin.site.register(InboxItem)
admin.site.register(Run)
