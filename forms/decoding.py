"""Telling what a form file is from its first bytes: its encoding, or an old Excel file."""

import codecs

from henno.model.errors import FormFileError

# Bytes that decode in neither encoding become lone surrogates (and are written back as the
# same bytes), so one bad cell is reported on its row instead of stopping the whole file.
ERRORS = "surrogateescape"
CSV_ENCODINGS = ("utf-8-sig", "cp932")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (Excel 97-2003) and other OLE2 files


def legacy_excel() -> FormFileError:
    return FormFileError("old Excel files (.xls) cannot be read; save the file as .xlsx in "
                         "Excel", code="legacy_excel")


def check_not_legacy_excel(head: bytes) -> None:
    if head.startswith(OLE2_MAGIC):
        raise legacy_excel()


def detect_encoding(sample: bytes) -> str:
    """utf-8-sig, utf-8 or cp932, judged on the first megabyte; when it is wholly neither (a
    line pasted from another system, a bad byte), the encoding most of its lines are in."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for encoding in ("utf-8", "cp932"):
        if _decodes(sample, encoding, final=False):  # a character cut at the end is fine
            return encoding
    votes = {"utf-8": 0, "cp932": 0}
    for line in sample.split(b"\n")[:-1]:  # the last line may be cut
        valid = [encoding for encoding in votes if _decodes(line, encoding)]
        if len(valid) == 1:
            votes[valid[0]] += 1
    return "cp932" if votes["cp932"] > votes["utf-8"] else "utf-8"


def _decodes(data: bytes, encoding: str, final: bool = True) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=final)
    except UnicodeDecodeError:
        return False
    return True


def check_encoding(encoding: str) -> None:
    try:
        codecs.lookup(encoding)
    except LookupError as exc:
        raise FormFileError(f"unknown encoding {encoding!r}", code="unknown_encoding") from exc


def check_line_encoding(encoding: str) -> None:
    """Refuse an encoding whose line ends are not the byte 0x0A (files are split into lines
    before decoding, so that one bad line never sinks the file)."""
    check_encoding(encoding)
    if codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")):
        raise FormFileError(f"{encoding} files cannot be read; save the file as UTF-8",
                            code="unknown_encoding")


def decode_text(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) of bytes wholly in one of CSV_ENCODINGS (utf-8-sig also reads plain
    UTF-8), or None."""
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None
