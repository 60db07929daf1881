"""The one exception family of henno; every layer raises these, the edges translate them."""


class HennoError(Exception):
    """Root of every error henno raises on purpose."""

    code = "henno_error"


class InvalidInputError(HennoError):
    code = "invalid_input"


class DatasetError(HennoError):
    code = "invalid_dataset"


class ModelNotFoundError(HennoError):
    code = "model_not_found"


class ModelIntegrityError(HennoError):
    code = "model_integrity"


class ModelCompatibilityError(HennoError):
    code = "model_incompatible"


class FormFileError(HennoError):
    """A form file that cannot be read as a table of reasons; `code` says why."""

    def __init__(self, message: str, code: str = "invalid_file"):
        super().__init__(message)
        self.code = code
