"""Training-time augmentation: copies of rows wrapped in label-neutral form noise.

The labelling guideline (docs/labels.md) says greetings, names, addresses, phone and card
numbers and dates never change a label. A model that saw "連絡先" or "個人番号" mostly in one
label's rows would disagree, so a share of the training rows is copied with such noise added
around the reason. Every name and number here is fictional.
"""

import random
from collections.abc import Callable

# Placeholder names the dictionary knows as person names, so that they become #name# like a
# resident's own would; English ones stay words, as English names do.
_SURNAMES = ("山田", "佐藤", "鈴木", "高橋", "田中", "Sample", "Dummy")
_GIVEN = ("一郎", "花子", "次郎", "さくら", "太一", "John", "Maria")


def _name(rng: random.Random) -> str:
    return f"{rng.choice(_SURNAMES)}{rng.choice(('', ' ', '　'))}{rng.choice(_GIVEN)}"


def _phone(rng: random.Random) -> str:
    return rng.choice(("090-0000-{:04d}", "080-0000-{:04d}", "03-0000-{:04d}", "0120-000-{:03d}",
                       "070 0000 {:04d}")).format(rng.randrange(1000))


def _number(rng: random.Random) -> str:
    digits = f"0000{rng.randrange(10**8):08d}"
    return rng.choice((digits, f"{digits[:4]} {digits[4:8]} {digits[8:]}",
                       f"{digits[:4]}-{digits[4:8]}-{digits[8:]}"))


def _date(rng: random.Random) -> str:
    month, day = rng.randrange(1, 13), rng.randrange(1, 29)
    return rng.choice((f"令和5年{month}月{day}日", f"2023/{month:02d}/{day:02d}",
                       f"R5.{month}.{day}", f"{month}月{day}日"))


def _address(rng: random.Random) -> str:
    return f"〒{rng.randrange(100, 999)}-0000 架空県{rng.choice(('見本市', '例町', '仮村'))}1-2-3"


Noise = Callable[[random.Random], str]
PREFIXES: tuple[Noise, ...] = (
    lambda r: "お世話になります。",
    lambda r: "いつもお世話になっております。",
    lambda r: "お疲れ様です。",
    lambda r: "ご担当者様 ",
    lambda r: "市民課御中 ",
    lambda r: "拝啓 ",
    lambda r: "失礼します。",
    lambda r: "【返納理由】",
    lambda r: "理由：",
    lambda r: f"{_name(r)}です。",
    lambda r: f"氏名：{_name(r)} ",
    lambda r: f"TEL {_phone(r)} ",
    lambda r: f"個人番号 {_number(r)} ",
    lambda r: f"マイナンバー{_number(r)}、",
    lambda r: f"{_date(r)} ",
    lambda r: f"{_address(r)} {_name(r)} ",
    lambda r: "Hello. ",
    lambda r: "Dear Sir or Madam, ",
    lambda r: f"Name: {_name(r)} / Tel: {_phone(r)} / ",
)
SUFFIXES: tuple[Noise, ...] = (
    lambda r: "。よろしくお願いします",
    lambda r: " よろしくお願いいたします。",
    lambda r: " 何卒よろしくお願い申し上げます。",
    lambda r: " 以上です。",
    lambda r: " ありがとうございました。",
    lambda r: " 失礼いたします。",
    lambda r: " 敬具",
    lambda r: " 🙏",
    lambda r: f"（{_name(r)}）",
    lambda r: f"\n記入者 {_name(r)}",
    lambda r: f" 連絡先：{_phone(r)}",
    lambda r: f" 電話{_phone(r)}までご連絡ください",
    lambda r: f"（番号：{_number(r)}）",
    lambda r: f" {_date(r)}受付",
    lambda r: f" 住所 {_address(r)}",
    lambda r: " Thank you.",
    lambda r: f" Regards, {_name(r)}",
)


def add_noise(text: str, rng: random.Random) -> str:
    """The text with a random prefix, suffix or both from the pools above."""
    where = rng.randrange(3)
    prefix = rng.choice(PREFIXES)(rng) if where != 1 else ""
    suffix = rng.choice(SUFFIXES)(rng) if where != 0 else ""
    return f"{prefix}{text}{suffix}"


def augment(texts: list[str], labels: list[str], share: float,
            seed: int) -> tuple[list[str], list[str], list[int]]:
    """The rows plus, for about `share` of them, one copy wrapped in form noise; the third list
    gives the index of the row each output row comes from."""
    rng = random.Random(seed)
    out_texts, out_labels, sources = list(texts), list(labels), list(range(len(texts)))
    for index, (text, label) in enumerate(zip(texts, labels)):
        if rng.random() < share:
            out_texts.append(add_noise(text, rng))
            out_labels.append(label)
            sources.append(index)
    return out_texts, out_labels, sources
