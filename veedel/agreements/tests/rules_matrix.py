"""Rows of the permission matrix for the agreements app (collected by core/tests/test_rules.py).

``MATRIX`` holds (permission, target, personas that hold it); ``make_target(kind, key)``
builds the object a row asks about, or returns NotImplemented for kinds it does not know.
"""

MATRIX: list = []


def make_target(kind, key):
    return NotImplemented
