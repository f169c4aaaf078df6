"""Answering: hybrid retrieval, sentence-level evidence, extractive cited answers."""

from qa.answer import NOT_SUPPORTED, Answer, Citation
from qa.conversation import Message
from qa.errors import (
    DocumentNotFound,
    FeedNotFound,
    FetchFailed,
    FetchRefused,
    InvalidDocument,
    InvalidQuestion,
    ModelUnavailable,
    QAError,
    StoreUnavailable,
    UnsupportedFileType,
)
from qa.retrieval import Passage
from qa.service import Service
from qa.settings import Settings

__all__ = [
    "NOT_SUPPORTED", "Answer", "Citation", "DocumentNotFound", "FeedNotFound", "FetchFailed", "FetchRefused",
    "InvalidDocument", "InvalidQuestion", "Message", "ModelUnavailable", "Passage", "QAError", "Service", "Settings",
    "StoreUnavailable", "UnsupportedFileType",
]
