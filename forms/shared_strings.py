"""An .xlsx file's shared strings (every text of its sheets, once each), read in bounded time
and memory.

openpyxl keeps an empty element per string and builds a rich-text object for each: a 20 MB
upload holding 8 million tiny strings took 129 s and 1.2 GB before a single row was read.
Here the strings are read from the stream by expat handlers, and a table with more strings
than `limit` refuses the file.
"""

from typing import IO, Any
from xml.parsers import expat

from openpyxl.reader.excel import ExcelReader
from openpyxl.xml.constants import SHARED_STRINGS

from henno.model.errors import FormFileError


def too_many_strings(limit: int) -> FormFileError:
    return FormFileError(f"the .xlsx file holds more than {limit:,} different texts",
                         code="too_large")


class _Table:
    """expat handlers collecting each <si>'s text: its <t> parts, those inside a phonetic
    reading (<rPh>, furigana) left out as openpyxl does. expat rather than ElementTree: no
    element is built per string, which makes a big table about 2.4 times faster to read."""

    def __init__(self, limit: int):
        self.limit = limit
        self.strings: list[str] = []
        self.parts: list[str] = []
        self.in_text = self.in_reading = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if local == "t":
            self.in_text += 1
        elif local == "rPh":
            self.in_reading += 1
        elif local == "si":
            self.parts = []
        elif local == "sst":
            declared = attributes.get("uniqueCount", "")
            if declared.isdigit() and int(declared) > self.limit:  # said at once (may lie low)
                raise too_many_strings(self.limit)

    def end(self, name: str) -> None:
        local = name.rpartition(" ")[2]
        if local == "t":
            self.in_text -= 1
        elif local == "rPh":
            self.in_reading -= 1
        elif local == "si":
            if len(self.strings) == self.limit:
                raise too_many_strings(self.limit)
            self.strings.append("".join(self.parts).replace("x005F_", ""))

    def text(self, data: str) -> None:
        if self.in_text and not self.in_reading:
            self.parts.append(data)


def _no_doctype(*_: Any) -> None:
    raise FormFileError("the .xlsx file holds a DTD: not an Excel file", code="not_tabular")


def read_shared_strings(xml: IO[bytes], limit: int) -> list[str]:
    table = _Table(limit)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = table.start
    parser.EndElementHandler = table.end
    parser.CharacterDataHandler = table.text
    parser.StartDoctypeDeclHandler = _no_doctype  # no entities, so no entity expansion
    try:
        while chunk := xml.read(1 << 20):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise FormFileError("could not read the file as .xlsx: broken shared strings",
                            code="not_tabular") from exc
    return table.strings


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
