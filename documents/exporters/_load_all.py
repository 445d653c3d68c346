"""Importing this module registers every document exporter."""

from . import mau_02, push_final, quarterly, task_list, weekly  # noqa: F401
