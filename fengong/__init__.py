"""fengong: read Chinese task-division plans into a typed knowledge graph."""

__version__ = "0.1.0"
