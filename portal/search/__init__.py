"""Chinese full-text search over every public record (see engine, documents, backends)."""

from . import engine  # noqa: F401
from .engine import Filters, Result, parse, search  # noqa: F401
