"""The service's error hierarchy.

It lives in the lowest layer so that ingestion, answering and the HTTP edge all
raise the same types; ``api`` maps each one to a status code in one place.
"""


class QAError(Exception):
    """Base class of every error the service reports to a user."""


class UnsupportedFileType(QAError):
    """A file whose type cannot be ingested."""


class InvalidDocument(QAError):
    """A document that cannot be read: undecodable, empty or malformed."""


class DocumentNotFound(QAError):
    """No document with the given id is in the index."""


class IndexNotFound(DocumentNotFound):
    """No index of the name asked for (``QA_COLLECTION``) where the database holds others: a read creates none."""


class InvalidQuestion(QAError):
    """A question or query that cannot be answered as asked (empty, too long)."""


class StoreUnavailable(QAError):
    """The vector store cannot be reached or refused the operation."""


class ModelUnavailable(QAError):
    """The packaged embedding model could not be loaded."""


class ServiceStopping(QAError):
    """The process is stopping (Ctrl-C, SIGTERM): work it had begun was given up, nothing of it stored; send it
    again once the service is back."""


class DocumentTooLarge(QAError):
    """An upload over the size limit."""


class FetchFailed(QAError):
    """A web page or feed that could not be fetched: unreachable, an HTTP error, too slow."""


class FetchRefused(QAError):
    """A fetch this service will not make: a private or local address, or a path robots.txt disallows."""


class FeedNotFound(QAError):
    """No feed with the given id is in the feed list."""
