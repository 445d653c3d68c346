"""Thin Celery tasks of reporting. The reminders moved to ``followup.tasks.reminders_send``
(issue 17); this module stays so Celery's autodiscovery keeps finding the app."""
