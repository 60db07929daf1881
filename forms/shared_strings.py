"""An .xlsx file's shared strings (every text of its sheets, once each), read in bounded time
and memory.

openpyxl keeps an empty element per string and builds a rich-text object for each: a 20 MB
upload holding 8 million tiny strings took 129 s and 1.2 GB before a single row was read.
Here each string is read from the stream and its element dropped at once, and a table with
more strings than `limit` refuses the file.
"""

from typing import IO, Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from model.errors import FormFileError

_SI = f"{{{SHEET_MAIN_NS}}}si"
_T = f"{{{SHEET_MAIN_NS}}}t"
_R = f"{{{SHEET_MAIN_NS}}}r"


def too_many_strings(limit: int) -> FormFileError:
    return FormFileError(f"the .xlsx file holds more than {limit:,} different texts",
                         code="too_large")


def _text(item: Any) -> str:
    # The plain text and the rich-text runs; phonetic readings (<rPh>, furigana) left out,
    # as openpyxl does.
    parts = [item.findtext(_T) or ""]
    parts += [run.findtext(_T) or "" for run in item.iterfind(_R)]
    return "".join(parts).replace("x005F_", "")


def read_shared_strings(xml: IO[bytes], limit: int) -> list[str]:
    strings: list[str] = []
    root: Any = None
    for event, element in iterparse(xml, events=("start", "end")):
        if root is None:
            root = element
            declared = element.get("uniqueCount", "")
            if declared.isdigit() and int(declared) > limit:  # said at once (it may lie low)
                raise too_many_strings(limit)
        if event == "end" and element.tag == _SI:
            if len(strings) == limit:
                raise too_many_strings(limit)
            strings.append(_text(element))
            root.clear()  # the finished <si>: nothing else of the table is needed
    return strings


class BoundedReader(ExcelReader):  # type: ignore[misc]
    """openpyxl's read-only workbook reader with the shared strings read as above."""

    def __init__(self, path: Any, max_strings: int):
        super().__init__(path, read_only=True, data_only=True)
        self.max_strings = max_strings

    def read_strings(self) -> None:
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            with self.archive.open(part.PartName[1:]) as xml:
                self.shared_strings = read_shared_strings(xml, self.max_strings)
