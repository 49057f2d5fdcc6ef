"""The fixed statements of a new case and a reply answer as the ORM's queries did."""

from django.db import connection

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import CustomerEmail
from fairdesk.cases.models import Case


def test_an_address_in_other_letters_finds_its_customer(ada_api, kurt):
    response = ada_api.post(
        "/cases", {"customer_email": "KURT@Example.org", "subject": "Router", "body": "rot"}
    )
    assert response.status_code == 201, response.content
    case = Case.objects.get(reference=response.json()["reference"])
    assert case.customer_id == kurt.pk
    assert CustomerEmail.objects.filter(address__iexact="kurt@example.org").count() == 1


def test_the_address_lookup_uses_its_index(kurt):
    """Every new contact asks it: answered by the index on UPPER(address), not a scan."""
    lookup = accounts._customer_statement()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {lookup}", ["KURT@example.org"])
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: ask for the plan
            cursor.execute(f"EXPLAIN {lookup}", ["KURT@example.org"])
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "customeremail_address_upper" in plan, plan


def test_a_new_customer_and_the_first_team(ada_api, support):
    response = ada_api.post(
        "/cases", {"customer_email": "neu@example.org", "subject": "Router", "body": "rot"}
    )
    out = response.json()
    assert out["customer"] == {"name": "neu", "email": "neu@example.org"}
    assert out["owner"]["team"] == support.name
    assert out["reference"].startswith("FD-")


def test_a_reply_answers_with_its_author_and_no_attachments(ada_api, desk):
    response = ada_api.post(
        f"/cases/{desk.case.reference}/entries", {"kind": "reply", "body": "Wir prüfen."}
    )
    assert response.status_code == 201, response.content
    entry = response.json()
    assert entry["attachments"] == [] and entry["author"]
    desk.case.refresh_from_db()
    assert desk.case.updated_at >= desk.case.created_at
