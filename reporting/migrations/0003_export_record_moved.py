# The export record now belongs to documents (documents/migrations/0001): state only.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0002_export_record'),
        ('documents', '0001_export_record_moved'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='ExportRecord')],
            database_operations=[],
        ),
    ]
