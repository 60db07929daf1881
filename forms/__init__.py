"""Reading and writing form files (CSV, .xlsx, JSON Lines) with a column of reason texts."""

from henno.forms.columns import TEXT_COLUMN_NAMES, find_text_column
from henno.forms.source import Limits, Source
from henno.forms.streams import format_of, open_source

__all__ = ["TEXT_COLUMN_NAMES", "Limits", "Source", "find_text_column", "format_of",
           "open_source"]
