"""The read log's middleware: one ``ReadContext`` per request, written after the response.

Placed after the authentication middleware. The context lives in a context variable for the
duration of the request only (``kurator.audit.context.reading``), so a thread or task never
sees another request's reads. The rows are written before the response leaves: if the
INSERT fails, the user gets a 500 instead of data that was not logged (fail closed).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from kurator.audit.context import ReadContext, reading
from kurator.audit.services import write_reads


class ReadLogMiddleware:
    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with reading(ReadContext.from_request(request)) as context:
            response = self.get_response(request)
            match = request.resolver_match
            write_reads(
                context=context,
                status=response.status_code,
                url_name=match.view_name if match is not None else None,
            )
        return response
