"""``/api/v1/cases/…`` and ``/api/v1/families/{id}/one_off_help/…`` (the published API
contract; docs/api.md), one module per sub-feature — ``opening``, ``lifecycle`` — with the
serializers beside their views."""
