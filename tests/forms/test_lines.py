"""One bad line never sinks a file: line-by-line decoding and the encoding vote (issue 10 §1)."""

import io
from pathlib import Path

import pytest

from henno.forms.decoding import detect_encoding
from henno.forms.lines import decode_line, decoded_lines
from henno.forms.streams import open_source
from henno.model.errors import FormFileError

CP932 = "転居のため\n".encode("cp932")
UTF8 = "転居のため\n".encode()


@pytest.mark.parametrize(("raw", "encoding", "text"), [
    (CP932, "cp932", "転居のため\n"),
    (UTF8, "cp932", "転居のため\n"),  # a line pasted from a UTF-8 system
    (UTF8, "utf-8", "転居のため\n"),
    (CP932, "utf-8", "転居のため\n"),  # and the other way round
    (b"\x81 x\n", "cp932", "\udc81 x\n"),  # valid in neither: the bad byte kept
    (b"\xe6\x9c\xac,\xff\xfe\xfd\n", "utf-8", "本,\udcff\udcfe\udcfd\n"),  # not CP932 外字
    (b"caf\xe9\n", "latin-1", "café\n"),
])
def test_each_line_is_decoded_in_the_encoding_it_is_in(raw: bytes, encoding: str,
                                                       text: str) -> None:
    assert decode_line(raw, encoding) == text


def test_a_bom_is_dropped_and_line_ends_kept() -> None:
    handle = io.BytesIO(b"\xef\xbb\xbfa\r\nb\n")
    assert list(decoded_lines(handle, "utf-8-sig")) == ["a\r\n", "b\n"]


@pytest.mark.parametrize(("sample", "encoding"), [
    (b"\xef\xbb\xbf" + UTF8, "utf-8-sig"),
    (UTF8 * 3, "utf-8"),
    (CP932 * 3, "cp932"),
    (CP932 * 3 + UTF8 + b"\x81\xff\n", "cp932"),  # mostly CP932
    (UTF8 * 3 + CP932 + b"\xff\n", "utf-8"),  # mostly UTF-8
    (b"ascii only\n", "utf-8"),
])
def test_the_file_encoding_is_what_most_lines_are_in(sample: bytes, encoding: str) -> None:
    assert detect_encoding(sample) == encoding


@pytest.mark.parametrize(("encoding", "message"), [
    ("utf-16", "utf-16 files cannot be read; save the file as UTF-8"),
    ("no-such-codec", "unknown encoding 'no-such-codec'"),
])
def test_encodings_that_cannot_be_read_by_lines_are_refused(tmp_path: Path, encoding: str,
                                                            message: str) -> None:
    path = tmp_path / "f.csv"
    path.write_text("返納理由\n転居\n", encoding="utf-16")
    with pytest.raises(FormFileError) as caught:
        open_source(path, "csv", encoding)
    assert (caught.value.code, str(caught.value)) == ("unknown_encoding", message)
