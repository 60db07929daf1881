"""Reading and writing form files (CSV, Excel) with a column of reason texts."""

from forms.columns import TEXT_COLUMN_NAMES, find_text_column
from forms.table import Table, read_table, write_table

__all__ = ["TEXT_COLUMN_NAMES", "Table", "find_text_column", "read_table", "write_table"]
