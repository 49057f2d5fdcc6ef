"""PATCH /api/v1/cases/{reference} with `subject`: an agent renames a case."""

from fairdesk.api.api import api
from fairdesk.cases import services as cases
from fairdesk.cases.models import Case


def test_an_agent_renames_the_case_and_the_timeline_says_so(ada_api, kurt_api, desk):
    path = f"/cases/{desk.case.reference}"
    response = ada_api.patch(path, {"subject": " DSL drops every evening ", "tags": ["dsl"]})
    assert response.status_code == 200, response.content
    assert response.json()["subject"] == "DSL drops every evening"
    assert response.json()["tags"] == ["dsl"]
    said = [e["body"] for e in ada_api.get(path).json()["timeline"]]
    assert "Subject: Kein Internet → DSL drops every evening" in said
    # The customer sees the new title, not the agents' entry about it.
    seen = kurt_api.get(path).json()
    assert seen["subject"] == "DSL drops every evening"
    assert not [e for e in seen["timeline"] if "Subject:" in e["body"]]


def test_a_blank_or_too_long_subject_changes_nothing(ada_api, desk):
    path = f"/cases/{desk.case.reference}"
    blank = ada_api.patch(path, {"subject": "   ", "priority": "urgent"})
    assert blank.status_code == 422 and blank.json()["detail"][0]["field"] == "subject"
    long = ada_api.patch(path, {"subject": "x" * 251})
    assert long.status_code == 422 and long.json()["detail"][0]["field"] == "subject"
    case = Case.objects.get(pk=desk.case.pk)
    assert (case.subject, case.priority) == ("Kein Internet", "normal")


def test_a_customer_may_not_rename_their_case(kurt_api, desk):
    response = kurt_api.patch(f"/cases/{desk.case.reference}", {"subject": "Mein Titel"})
    assert response.status_code == 403
    assert Case.objects.get(pk=desk.case.pk).subject == "Kein Internet"


def test_a_closed_case_is_not_renamed(ada_api, desk):
    cases.change_status(case=desk.case, agent=None, status="closed")
    response = ada_api.patch(f"/cases/{desk.case.reference}", {"subject": "Neu"})
    assert response.status_code == 409
    assert Case.objects.get(pk=desk.case.pk).subject == "Kein Internet"


def test_the_openapi_document_describes_the_subject(db):
    spec = api.get_openapi_schema(path_prefix="/api/v1/")
    subject = spec["components"]["schemas"]["CasePatch"]["properties"]["subject"]
    assert subject["anyOf"][0] == {"type": "string", "minLength": 1, "maxLength": 250}
    assert "title" in subject["description"].lower()
