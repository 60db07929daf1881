"""henno's ML core: normalisation, tokenizer, pipeline, versioned artifacts, predict()."""

from henno.model.classifier import Classifier, Prediction, ReviewThresholds
from henno.model.errors import (
    DatasetError,
    HennoError,
    InvalidInputError,
    ModelCompatibilityError,
    ModelIntegrityError,
    ModelNotFoundError,
)
from henno.model.labels import LABEL_JA, LABELS

__all__ = [
    "LABELS",
    "LABEL_JA",
    "Classifier",
    "DatasetError",
    "HennoError",
    "InvalidInputError",
    "ModelCompatibilityError",
    "ModelIntegrityError",
    "ModelNotFoundError",
    "Prediction",
    "ReviewThresholds",
]
