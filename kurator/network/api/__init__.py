"""``/api/v1/…`` of the resource network, one module per sub-feature (serializers beside
their views): ``agents`` (the directory), ``referrals`` (a case's referrals and the agent's
own side), ``aid`` (deliveries and acts).

Every view resolves through ``access`` (404 out of scope, 403 without the permission) and
changes state only through the services; a ``NetworkError`` becomes ``400 {field: [message]}``.
"""
