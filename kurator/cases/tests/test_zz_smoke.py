from kurator.cases.models import Case
def test_smoke(case, client, curator):
    assert case.status == "open"
    print(case.folder_due, case.plan_due, case.opened_at)
    client.force_login(curator)
    r = client.get(f"/cases/{case.pk}/")
    assert r.status_code == 200, r.content[:2000]
    r = client.get("/cases/")
    assert r.status_code == 200
    print(r.content.decode()[-3000:])
