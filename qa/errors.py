"""The service's errors, re-exported for callers of ``qa`` (they are defined in ``index.errors``)."""

from index.errors import (
    DocumentNotFound,
    DocumentTooLarge,
    FeedNotFound,
    FetchFailed,
    FetchRefused,
    IndexNotFound,
    InvalidDocument,
    InvalidQuestion,
    ModelUnavailable,
    QAError,
    ServiceStopping,
    StoreUnavailable,
    UnsupportedFileType,
)

__all__ = [
    "DocumentNotFound", "DocumentTooLarge", "FeedNotFound", "FetchFailed", "FetchRefused", "IndexNotFound",
    "InvalidDocument", "InvalidQuestion", "ModelUnavailable", "QAError", "ServiceStopping", "StoreUnavailable",
    "UnsupportedFileType",
]
