"""Login throttling counters (org.auth), accounts that must change their password, and one
spelling per username (NFKC, case-folded) for the accounts that exist.

Numbered 0003 so that it follows the other 0002 of this round; at merge the dependency below
may have to name that migration.
"""

import unicodedata

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def usernames_normalise(apps, schema_editor):
    """Store each username in its one spelling; a spelling taken by another account is left
    as it is (that account can still log in with its exact name)."""
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    taken = set(User.objects.values_list("username", flat=True))
    for user in User.objects.all().order_by("pk"):
        name = unicodedata.normalize("NFKC", user.username).casefold().strip()
        if name != user.username and name not in taken:
            taken.discard(user.username)
            taken.add(name)
            User.objects.filter(pk=user.pk).update(username=name)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0002_person"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The old rows were one per failure; the counters start empty.
        migrations.DeleteModel(name="LoginFailure"),
        migrations.CreateModel(
            name="LoginFailure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=300, unique=True)),
                ("username", models.CharField(blank=True, db_index=True, max_length=150)),
                ("ip", models.GenericIPAddressField(blank=True, null=True)),
                ("count", models.PositiveIntegerField(default=0)),
                ("at", models.DateTimeField(auto_now_add=True, db_index=True)),
            ],
        ),
        migrations.CreateModel(
            name="PasswordChangeRequired",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("password", models.CharField(max_length=128)),
                ("at", models.DateTimeField(auto_now_add=True)),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="password_change_required",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.RunPython(usernames_normalise, migrations.RunPython.noop),
    ]
