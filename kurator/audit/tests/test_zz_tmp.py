from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def test_count(client, curator, head, case) -> None:
    for u in (curator, head):
        client.force_login(u)
        client.get(reverse("cases:case_detail", args=[case.pk]))
        with CaptureQueriesContext(connection) as c:
            client.get(reverse("cases:case_detail", args=[case.pk]))
        print(u.username, len(c.captured_queries))
    with CaptureQueriesContext(connection) as c:
        client.get(reverse("cases:case_list"))
    print("list", len(c.captured_queries))
