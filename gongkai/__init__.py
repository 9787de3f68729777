"""Gongkai (公开): the county's government-openness engagement programme, end to end."""

__version__ = "0.1.0"
