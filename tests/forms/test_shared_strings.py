"""Shared strings read in bounded time and memory (a 20 MB upload held 8 million of them)."""

import io

import pytest

from henno.forms.shared_strings import read_shared_strings
from henno.model.errors import FormFileError

_SST = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"{}>{}</sst>'


def _table(items: str, attributes: str = "") -> io.BytesIO:
    return io.BytesIO(_SST.format(attributes, items).encode())


def test_plain_and_rich_texts_without_phonetic_readings() -> None:
    items = ("<si><t>転居のため</t></si>"
             "<si><r><t>相次ぐ</t></r><r><rPr><b/></rPr><t>不祥事</t></r></si>"
             "<si><t>山田</t><rPh sb=\"0\" eb=\"2\"><t>ヤマダ</t></rPh></si>"
             "<si><t>a_x005F_x000D_b</t></si><si/>")
    assert read_shared_strings(_table(items), 10) == [
        "転居のため", "相次ぐ不祥事", "山田", "a_x000D_b", ""]


@pytest.mark.parametrize(("count", "attributes"), [
    (4, ""),
    (1, ' uniqueCount="5000000"'),  # refused before reading: the table says how many
    (4, ' uniqueCount="2"'),  # a table that lies is refused when it passes the limit
])
def test_a_table_with_too_many_texts_is_refused(count: int, attributes: str) -> None:
    with pytest.raises(FormFileError) as caught:
        read_shared_strings(_table("<si><t>x</t></si>" * count, attributes), 3)
    assert (caught.value.code, str(caught.value)) == (
        "too_large", "the .xlsx file holds more than 3 different texts")


@pytest.mark.parametrize(("xml", "message"), [
    (b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaa">]><sst><si><t>&a;</t></si></sst>',
     "the .xlsx file holds a DTD: not an Excel file"),
    (b"<sst><si><t>x</si></sst>", "could not read the file as .xlsx: broken shared strings"),
])
def test_a_broken_or_entity_table_is_refused(xml: bytes, message: str) -> None:
    with pytest.raises(FormFileError) as caught:
        read_shared_strings(io.BytesIO(xml), 10)
    assert (caught.value.code, str(caught.value)) == ("not_tabular", message)
