"""Hooks for the apps above the registry (which it must not import): ``update_applied`` is sent
once an update is recorded as applied, with ``update`` (the ``RegistryUpdate`` row). The
dossiers app uses it to put a new-born's birth certificate in the data store under the ID
number the registry gave."""

from __future__ import annotations

from django.dispatch import Signal

update_applied = Signal()
