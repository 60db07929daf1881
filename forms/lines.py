"""Decoding a text file line by line, so that one bad line never sinks the file.

Ledgers are often CP932 with a line pasted from a UTF-8 system (or the other way round): a
line is read as UTF-8 when it is valid UTF-8 and as CP932 otherwise, and only a line valid
in neither keeps its bad bytes as lone surrogates (errors="surrogateescape"), which the
labelling flags as unreadable and the writer gives back as the same bytes.
"""

import codecs
import re
from collections.abc import Iterator
from typing import IO

from henno.forms.decoding import ERRORS

_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_BLOCK_LINES = 256
_BLOCK_BYTES = 1 << 20
_UTF8_SEQUENCE = re.compile(rb"[\xe0-\xef][\x80-\xbf][\x80-\xbf]")


def _base(encoding: str) -> str:
    name = codecs.lookup(encoding).name  # sjis -> shift_jis, ms932 -> cp932, utf8 -> utf-8
    return "utf-8" if name == "utf-8-sig" else name


def decode_line(raw: bytes, encoding: str) -> str:
    """One line of a UTF-8 or CP932 file, decoded as UTF-8 or as CP932, whichever it is; a
    line valid in neither keeps its bad bytes as lone surrogates. Other encodings: as given."""
    if encoding not in ("utf-8", "cp932") or raw.isascii():
        return raw.decode(encoding, ERRORS)
    if encoding == "cp932" and not _UTF8_SEQUENCE.search(raw):
        # The common case, without a failed UTF-8 attempt per line (costly): a line with no
        # UTF-8 three-byte sequence (all of Japanese in UTF-8 is one) cannot be UTF-8 text.
        try:
            return raw.decode("cp932")
        except UnicodeDecodeError:
            return raw.decode("cp932", ERRORS)
    try:  # strict UTF-8 is a strong signal: CP932 Japanese is almost never valid UTF-8
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp932")
    except UnicodeDecodeError:
        return raw.decode(encoding, ERRORS)
    # In a UTF-8 file, CP932 is only a guess: bytes 0xFD-0xFF and 外字 decode to private-use
    # characters, a sign of a broken UTF-8 line rather than of a CP932 one.
    if encoding == "utf-8" and _PRIVATE_USE.search(text):
        return raw.decode(encoding, ERRORS)
    return text


def _decode_block(block: bytes, encoding: str) -> str | None:
    """A block of whole lines decoded at once (decoding line by line costs a call per line),
    or None when some line of it needs decoding on its own."""
    if encoding == "cp932" and _UTF8_SEQUENCE.search(block):
        return None  # perhaps a UTF-8 line among CP932 ones
    try:
        return block.decode(encoding)
    except UnicodeDecodeError:
        return None


def _block(handle: IO[bytes]) -> list[bytes]:
    """The next lines, up to _BLOCK_LINES of them or _BLOCK_BYTES (a cell may be huge)."""
    block: list[bytes] = []
    size = 0
    for line in handle:
        block.append(line)
        size += len(line)
        if len(block) == _BLOCK_LINES or size >= _BLOCK_BYTES:
            break
    return block


def decoded_lines(handle: IO[bytes], encoding: str) -> Iterator[str]:
    """The lines of a binary file (line ends kept, a UTF-8 BOM dropped), each decoded alone.
    A CP932 or UTF-8 byte never holds 0x0A inside a character, so splitting on it is safe."""
    base = _base(encoding)
    if base == "utf-8" and handle.read(3) != codecs.BOM_UTF8:
        handle.seek(0)
    while block := _block(handle):
        text = _decode_block(b"".join(block), base) if base in ("utf-8", "cp932") else None
        if text is None:
            yield from (decode_line(raw, base) for raw in block)
            continue
        lines = text.split("\n")
        last = lines.pop()  # "" when the block ends with a line end, as it does but at the end
        yield from (line + "\n" for line in lines)
        if last:
            yield last
