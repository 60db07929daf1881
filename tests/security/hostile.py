"""Builders of the hostile files the attack on henno used (issue 14), made by code rather than
kept as opaque blobs. Each returns the file's bytes; write them wherever a test needs them."""

import io
import zipfile

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>')
_SHARED_STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def _inline(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def workbook(sheet_data: str, dimension: str = "A1", shared_strings: str | None = None) -> bytes:
    """A minimal .xlsx whose one sheet declares `dimension` and holds `sheet_data` (rows),
    with a shared-strings part when given."""
    sheet = ('<?xml version="1.0" encoding="UTF-8"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES if shared_strings is None
                         else _CONTENT_TYPES.replace("</Types>", _SHARED_STRINGS_TYPE))
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared_strings is not None:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
    return buffer.getvalue()


def sparse_workbook(last_row: int = 20_000, header: bool = True) -> bytes:
    """The 1.6 KB workbook of finding 1: it declares A1:XFD<last_row> and holds a header (when
    asked) and one reason in row `last_row`; openpyxl pads every row in between to 16,384
    columns."""
    rows = f'<row r="1">{_inline("A1", "返納理由")}</row>' if header else ""
    rows += f'<row r="{last_row}">{_inline(f"A{last_row}", "転居のため")}</row>'
    return workbook(rows, f"A1:XFD{last_row}")


def many_strings_workbook(count: int = 8_000_000) -> bytes:
    """A workbook whose shared-strings table holds `count` tiny different texts: 8 million
    make a 20 MB upload that unpacks to 175 MB (openpyxl: 129 s and 1.2 GB to read it)."""
    items = "".join(f"<si><t>{n:x}</t></si>" for n in range(count))
    table = f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{items}</sst>'
    return workbook(f'<row r="1">{_inline("A1", "返納理由")}</row>', "A1",
                    shared_strings=table)


def wide_workbook(column: str = "XFD") -> bytes:
    """A header in A1 and one cell far to the right (column `column`)."""
    return workbook(f'<row r="1">{_inline("A1", "返納理由")}{_inline(f"{column}1", "x")}</row>'
                    f'<row r="2">{_inline("A2", "転居のため")}</row>', f"A1:{column}2")


def unclosed_quote_csv() -> bytes:
    """Finding 7: the quote opened on line 3 is never closed."""
    return '理由\nA\n"B\nC\nD\n'.encode()


def big_number_jsonl(on_line: int = 1, digits: int = 5000) -> bytes:
    """Finding 10: a JSON Lines file with a number of `digits` digits on line `on_line`."""
    lines = [f'{{"理由": "転居のため {n}"}}' for n in range(1, 4)]
    lines.insert(on_line - 1, '{"理由": ' + "9" * digits + "}")
    return ("\n".join(lines) + "\n").encode()


def deep_jsonl(on_line: int = 1, depth: int = 100_000) -> bytes:
    """Finding 10: a JSON Lines file with `depth` nested arrays on line `on_line`."""
    lines = [f'{{"理由": "転居のため {n}"}}' for n in range(1, 4)]
    lines.insert(on_line - 1, '{"理由": ' + "[" * depth + "]" * depth + "}")
    return ("\n".join(lines) + "\n").encode()


def wide_csv(columns: int = 1_000_000) -> bytes:
    """The 1,000,000-column CSV: one header row of `columns` short names, one data row."""
    header = ",".join(f"c{n}" for n in range(columns - 1))
    return f"返納理由,{header}\n転居のため\n".encode()


def headerless_csv(name: str = "佐藤花子") -> bytes:
    """Finding 12: no header row; the first row holds a name, a reason and a phone number."""
    return f"{name},転居のため,090-0000-0000\n鈴木一郎,特になし,090-0000-0001\n".encode()


def legacy_xls() -> bytes:
    """An old Excel (.xls) file's first bytes: the OLE2 signature, then nothing useful."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
