# The export record moves from reporting to documents: state only, the table keeps its name.

import django.db.models.deletion
import documents.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('campaigns', '0002_reporting_rule_due_offset'),
        ('org', '0001_initial'),
        ('reporting', '0002_export_record'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='ExportRecord',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(max_length=20, verbose_name='loại văn bản')),
                    ('fmt', models.CharField(max_length=5, verbose_name='định dạng')),
                    ('parameters', models.JSONField(default=dict, verbose_name='tham số')),
                    ('status', models.CharField(choices=[('queued', 'Đang chờ'), ('running', 'Đang tạo'), ('done', 'Hoàn thành'), ('failed', 'Lỗi')], default='queued', max_length=10, verbose_name='trạng thái')),
                    ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='tiến độ (%)')),
                    ('error', models.TextField(blank=True, verbose_name='lý do lỗi')),
                    ('file', models.FileField(blank=True, max_length=300, upload_to=documents.models.export_upload_to, verbose_name='tệp')),
                    ('filename', models.CharField(blank=True, max_length=200, verbose_name='tên tệp')),
                    ('content_type', models.CharField(blank=True, max_length=100)),
                    ('sha256', models.CharField(blank=True, max_length=64, verbose_name='SHA-256')),
                    ('size', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='kích thước (byte)')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='yêu cầu lúc')),
                    ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='bắt đầu')),
                    ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='xong lúc')),
                    ('campaign', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='exports', to='campaigns.campaign', verbose_name='kế hoạch')),
                    ('commune', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='exports', to='org.commune', verbose_name='xã')),
                    ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'văn bản đã xuất',
                    'verbose_name_plural': 'văn bản đã xuất',
                    'ordering': ['-created_at', '-id'],
                    'db_table': 'reporting_exportrecord',
                    'indexes': [models.Index(fields=['commune', 'created_at'], name='export_commune_created')],
                },
            ),
            ],
            database_operations=[],
        ),
    ]
