"""Veedel: a platform for social-space coordination in cities."""

__version__ = "0.1.0"
