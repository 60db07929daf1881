"""Which words pushed a prediction: the model's exact contributions, summed onto words.

A label's linear score is X @ coef + intercept (for the calibrated SVM: the mean of the
cross-validation SVMs' scores, which calibration maps monotonically). Each active feature
contributes its TF-IDF value times its weight. That contribution is shared equally by the
feature's occurrences, and an occurrence's share by the words under it: a word n-gram's
by its words, a character n-gram's by the words its characters belong to. Only content
words are reported (nouns, verbs, adjectives…): particles, auxiliaries, punctuation, light
verbs (する, できる), numbers and names carry weight but mean nothing to a reader alone.
"""

from collections import Counter
from dataclasses import dataclass
from typing import Any, Final

from henno.model.alignment import locate
from henno.model.classifier import Classifier
from henno.model.features import WordNgrams
from henno.model.heads import CalibratedSigmoidHead
from henno.model.normalize import normalize
from henno.model.words import Word, tagged_words

# unidic pos1 and pos2 of words that are never shown as a reason.
FUNCTION_POS1: Final = frozenset(
    {"助詞", "助動詞", "補助記号", "記号", "空白", "接続詞", "感動詞"})
FUNCTION_POS2: Final = frozenset({"非自立可能", "数詞"})
# unidic calls every English word a noun: its function words are listed instead.
ENGLISH_FUNCTION_WORDS: Final = frozenset({
    "a", "an", "the", "i", "me", "my", "we", "our", "you", "your", "he", "she", "it", "its",
    "they", "them", "their", "this", "that", "these", "those", "is", "am", "are", "was",
    "were", "be", "been", "being", "do", "does", "did", "have", "has", "had", "will", "would",
    "can", "could", "should", "to", "of", "in", "on", "at", "for", "from", "by", "with", "as",
    "and", "or", "but", "so", "because", "since", "if", "then", "than", "not", "no", "also",
    "just", "very", "there", "here", "what", "which", "who"})
# Nouns that only stand for a clause (ため, こと, もの…): as empty as a particle to a reader.
FORMAL_NOUNS: Final = frozenset({"為", "事", "物", "所", "様", "訳", "筈", "儘"})
# Adjacent nouns and affixes read as one word (住民+票, 不祥+事).
_COMPOUND_POS1: Final = frozenset({"名詞", "接頭辞", "接尾辞"})
_PLACEHOLDER_NAMES: Final = frozenset({"name", "email", "mynumber", "phone", "postal"})


@dataclass(frozen=True)
class Contribution:
    """A content word of the text as written, and how far it pushed the label's score."""

    text: str
    lemma: str
    pos: str  # unidic pos1: 名詞, 動詞, 形容詞…
    start: int  # [start, end) in the original text
    end: int
    weight: float  # positive: towards the label

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "lemma": self.lemma, "pos": self.pos,
                "span": [self.start, self.end], "weight": self.weight}


def is_content(word: Word) -> bool:
    if word.is_name or word.pos1 in FUNCTION_POS1 or word.pos2 in FUNCTION_POS2:
        return False
    formal = word.pos1 == "名詞" and word.lemma in FORMAL_NOUNS
    return not (formal or word.lemma in ENGLISH_FUNCTION_WORDS)


def feature_contributions(classifier: Classifier, text: str, label: str) -> dict[int, float]:
    """Column → TF-IDF value x the label's weight, for every active feature of `text`."""
    scorer = classifier.scorer
    head = scorer.head
    columns, values = scorer.active_features(text)
    if head is None or columns.size == 0:
        return {}
    weights = head.coef_t[columns]
    if isinstance(head, CalibratedSigmoidHead):
        weights = weights.reshape(len(columns), -1, head.n_classes).mean(axis=1)
    found = values * weights[:, scorer.classes.index(label)]
    return dict(zip(columns.tolist(), found.tolist()))


def _occurrences(units: list[str] | str, sizes: range, joiner: str,
                 vocabulary: dict[str, int]) -> list[tuple[int, int, int]]:
    """(column, first unit, end unit) of every n-gram of `units` the model knows."""
    found = []
    for n in sizes:
        for i in range(len(units) - n + 1):
            column = vocabulary.get(joiner.join(units[i : i + n]))
            if column is not None:
                found.append((column, i, i + n))
    return found


def _owners(words: list[Word], analysed: str) -> dict[bool, list[int]]:
    """Index of the word owning each token (True) and each character (False; -1: space)."""
    chars = [-1] * len(analysed)
    for i, word in enumerate(words):
        chars[word.start : word.end] = [i] * (word.end - word.start)
    return {True: [i for i, word in enumerate(words) for _ in range(word.tokens)], False: chars}


def word_weights(classifier: Classifier, normalized: str, label: str) -> tuple[list[Word],
                                                                               list[float]]:
    """Every word of a normalised text with the sum of the contributions it carries."""
    tokenizer = classifier.scorer.tokenizer
    analysis = tokenizer.analyze(normalized)
    words, analysed = tagged_words(normalized, tokenizer.mode)
    contributions = feature_contributions(classifier, normalized, label)
    owners = _owners(words, analysed)
    weights = [0.0] * len(words)
    for _, analyzer, vocabulary in classifier.scorer.blocks:
        is_word = isinstance(analyzer, WordNgrams)
        units = analysis.tokens if is_word else analysis.text
        owner = owners[is_word]
        if len(owner) != len(units):  # never seen: the tagging disagrees with the tokens
            continue
        low, high = analyzer.ngram_range
        found = _occurrences(units, range(low, high + 1), " " if is_word else "", vocabulary)
        counts = Counter(column for column, _, _ in found)
        for column, first, end in found:
            under = [owner[k] for k in range(first, end) if owner[k] >= 0]
            for i in under:  # spaces belong to no word: their share is dropped
                weights[i] += contributions.get(column, 0.0) / counts[column] / len(under)
    return words, weights


def _in_placeholder(words: list[Word], i: int) -> bool:
    """True for the "phone" of #phone#, which unidic tags as three words."""
    return (0 < i < len(words) - 1 and words[i].surface in _PLACEHOLDER_NAMES
            and words[i - 1].surface == words[i + 1].surface == "#"
            and words[i - 1].end == words[i].start and words[i].end == words[i + 1].start)


def _content_words(text: str, words: list[Word], weights: list[float]) -> list[Contribution]:
    result: list[Contribution] = []
    spans = locate(text, [word.surface for word in words])
    for i, (word, weight, span) in enumerate(zip(words, weights, spans)):
        if span is None or not is_content(word) or _in_placeholder(words, i):
            continue
        start, end = span
        last = result[-1] if result else None
        lemma = word.lemma.partition("-")[0] or word.lemma  # unidic writes ニュース-news
        if (last and last.end == start and word.pos1 in _COMPOUND_POS1
                and last.pos in _COMPOUND_POS1):
            result[-1] = Contribution(text[last.start : end], last.lemma + lemma, "名詞",
                                      last.start, end, last.weight + weight)
        else:
            result.append(Contribution(text[start:end], lemma, word.pos1, start, end, weight))
    return result


def explain(classifier: Classifier, text: str, label: str,
            top: int | None = 10) -> list[Contribution]:
    """The content words of `text` that pushed `label` most, largest |weight| first."""
    normalized = normalize(text)
    words, weights = word_weights(classifier, normalized, label)
    found = [c for c in _content_words(text, words, weights) if c.weight]
    found.sort(key=lambda c: -abs(c.weight))
    return found[:top]


__all__ = ["Contribution", "explain", "feature_contributions", "word_weights"]
