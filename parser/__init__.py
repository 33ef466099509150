"""Text → document model for task-division plans (任务分工方案).

>>> doc = parse("一、总体要求\\n(一)做好工作(牵头单位:市发改委;责任单位:市财政局)。\\n")
>>> [(a.role, a.unit) for a in doc.assignments]
[('lead', '市发改委'), ('responsible', '市财政局')]
"""

from .core import parse, parse_file
from .errors import FengongError, InputError
from .model import Document

__all__ = ["parse", "parse_file", "Document", "FengongError", "InputError"]
