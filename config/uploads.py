"""Uploads whose size is enforced while they stream in, never after they were read."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

# The multipart envelope around the file: boundaries, headers, the CSRF token and a form token.
FORM_OVERHEAD_BYTES = 64 * 1024


class LimitedUploadHandler(FileUploadHandler):
    """Keeps an uploaded file in memory up to ``max_bytes`` and stops reading the request past it.

    A request announcing more than the limit is refused before any of its body is read; one that
    sends more than it announced (or a file bigger than the limit) is cut off at the limit. The
    view sees ``request.upload_too_large`` and says so.
    """

    def __init__(self, request=None, *, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.size = 0
        self.buffer: io.BytesIO | None = None

    def _refuse(self):
        self.request.upload_too_large = True
        # connection_reset: do not read (and discard) the rest of the body either.
        raise StopUpload(connection_reset=True)

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):  # noqa: N803 (Django's name)
        self.request.upload_too_large = False
        if content_length > self.max_bytes + FORM_OVERHEAD_BYTES:
            # Parsed as nothing: not one byte of the body is read.
            self.request.upload_too_large = True
            return QueryDict(encoding=encoding), MultiValueDict()
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.size = 0
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data, start):
        self.size += len(raw_data)
        if self.size > self.max_bytes:
            self._refuse()
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
