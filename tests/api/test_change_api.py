"""PATCH /api/v1/cases/{reference}: status, owner, priority, category, tags."""

import pytest

from fairdesk.cases import services as cases
from fairdesk.cases.models import Case


def test_agent_hands_the_case_to_ben_with_a_note(ada_api, ben, desk):
    response = ada_api.patch(
        f"/cases/{desk.case.reference}",
        {"owner": {"agent": "ben", "note": "Leitung gemessen, bitte Technik prüfen"}},
    )
    assert response.status_code == 200, response.content
    assert response.json()["owner"] == {"kind": "agent", "name": "Ben Technik", "team": "Technik"}


def test_handover_without_note_or_to_nobody_known(ada_api, ben, desk):
    path = f"/cases/{desk.case.reference}"
    no_note = ada_api.patch(path, {"owner": {"agent": "ben"}})
    assert no_note.status_code == 422 and no_note.json()["detail"][0]["field"] == "note"
    nobody = ada_api.patch(path, {"owner": {"agent": "zoe", "note": "x"}})
    assert nobody.status_code == 422 and nobody.json()["detail"][0]["field"] == "owner.agent"
    no_team = ada_api.patch(path, {"owner": {"team": "Vertrieb", "note": "x"}})
    assert no_team.status_code == 422 and no_team.json()["detail"][0]["field"] == "owner.team"


def test_priority_category_and_tags_in_one_patch(ada_api, fault, desk):
    response = ada_api.patch(
        f"/cases/{desk.case.reference}",
        {"priority": "high", "category": "internet > störung", "tags": ["DSL", "Router", "dsl"]},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["priority"] == "high"
    assert body["category"] == "Internet > Störung"
    assert body["tags"] == ["dsl", "router"]


def test_tags_replace_the_old_ones_and_an_empty_list_clears_them(ada_api, desk):
    path = f"/cases/{desk.case.reference}"
    ada_api.patch(path, {"tags": ["dsl"]})
    assert ada_api.patch(path, {"tags": ["vdsl"]}).json()["tags"] == ["vdsl"]
    assert ada_api.patch(path, {"tags": []}).json()["tags"] == []


def test_bad_tags_are_refused_per_field(ada_api, desk):
    response = ada_api.patch(f"/cases/{desk.case.reference}", {"tags": ["x" * 51]})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "tags.0"


def test_an_unknown_category_changes_nothing(ada_api, desk):
    response = ada_api.patch(
        f"/cases/{desk.case.reference}", {"priority": "urgent", "category": "Mobilfunk"}
    )
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "category"
    # the priority change in the same request was rolled back with it
    assert Case.objects.get(pk=desk.case.pk).priority == "normal"


def test_a_misspelt_field_is_refused_not_ignored(ada_api, desk):
    response = ada_api.patch(f"/cases/{desk.case.reference}", {"stauts": "resolved"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "stauts"


def test_customer_marks_own_case_solved(kurt_api, desk):
    response = kurt_api.patch(f"/cases/{desk.case.reference}", {"status": "resolved"})
    assert response.status_code == 200 and response.json()["status"] == "resolved"


def test_customer_may_not_reopen_or_close(kurt_api, desk):
    response = kurt_api.patch(f"/cases/{desk.case.reference}", {"status": "closed"})
    assert response.status_code == 403


def test_a_closed_case_is_not_handed_over(ada_api, ben, desk):
    cases.change_status(case=desk.case, agent=None, status="resolved")
    cases.change_status(case=desk.case, agent=None, status="closed")
    path = f"/cases/{desk.case.reference}"
    response = ada_api.patch(path, {"owner": {"agent": "ben", "note": "Bitte messen"}})
    assert response.status_code == 409, response.content
    assert f"Case {desk.case.reference} is closed." in response.content.decode()
    assert Case.objects.get(pk=desk.case.pk).assignee is None


@pytest.mark.parametrize(
    "change",
    [{"priority": "high"}, {"category": "Internet > Störung"}, {"tags": ["glasfaser"]}],
    ids=["priority", "category", "tags"],
)
def test_a_closed_case_keeps_what_it_closed_with(ada_api, fault, desk, change):
    cases.change_status(case=desk.case, agent=None, status="resolved")
    cases.change_status(case=desk.case, agent=None, status="closed")
    before = ada_api.get(f"/cases/{desk.case.reference}").json()
    response = ada_api.patch(f"/cases/{desk.case.reference}", change)
    assert response.status_code == 409, response.content
    assert f"Case {desk.case.reference} is closed." in response.content.decode()
    after = ada_api.get(f"/cases/{desk.case.reference}").json()
    assert {k: after[k] for k in change} == {k: before[k] for k in change}
