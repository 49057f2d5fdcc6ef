"""`timeline_page` reads a case's entries for the desk's and the portal's case pages in one
fixed statement: the entries `timeline` gives (all, or what the customer may read), with the
same values, authors and files, and the quoted text of the mail an entry came from."""

from fairdesk.cases import selectors
from fairdesk.cases import services as cases
from fairdesk.channels.email.ingest import ingest
from fairdesk.channels.email.selectors import QUOTED_TEXT
from tests.desk.test_mail import raw_mail


def _same(loaded, stored) -> None:
    for field in type(stored)._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(stored, field.attname), field.attname


def _busy_case(kurt, ada):
    file = cases.NewAttachment(filename="log.txt", data=b"Fehler 42", content_type="text/plain")
    case = cases.open_case(
        customer=kurt, subject="Router", body="Blinkt.", channel="web", attachments=(file,)
    ).case
    cases.take(case=case, agent=ada)
    cases.add_note(case=case, agent=ada, body="Intern: Leitung prüfen.")
    pair = (file, cases.NewAttachment(filename="b.pdf", data=b"%PDF", content_type="x/y"))
    cases.reply(case=case, agent=ada, body="Wir prüfen das.", attachments=pair)
    return case


def test_the_entries_read_as_the_orm_reads_them(kurt, ada, django_assert_num_queries):
    case = _busy_case(kurt, ada)
    for public_only in (False, True):
        stored = list(selectors.timeline(case, public_only=public_only))
        with django_assert_num_queries(2):  # the entries, then the files of those with some
            entries = selectors.timeline_page(case, public_only=public_only)
            labels = [entry.author_label for entry in entries]
        assert [entry.pk for entry in entries] == [entry.pk for entry in stored]
        assert labels == [entry.author_label for entry in stored]
        for entry, orm in zip(entries, stored, strict=True):
            _same(entry, orm)
            assert [file.pk for file in entry.files] == [file.pk for file in orm.attachments.all()]
            for file, orm_file in zip(entry.files, orm.attachments.all(), strict=True):
                _same(file, orm_file)
    every = {entry.kind for entry in selectors.timeline_page(case, public_only=False)}
    public = {entry.kind for entry in selectors.timeline_page(case, public_only=True)}
    assert {"note", "reply"} <= every and "reply" in public and not {"note", "owner"} & public


def test_a_timeline_without_files_is_one_statement(support, kurt, django_assert_num_queries):
    case = cases.open_case(customer=kurt, subject="Rechnung", body="Zu hoch.", channel="web").case
    with django_assert_num_queries(1):
        (entry,) = selectors.timeline_page(case, public_only=False)
        assert entry.files == [] and entry.author_label == kurt.name


def test_the_quoted_text_of_a_mail_comes_along(support, kurt, django_assert_num_queries):
    inbound = ingest(raw_mail(body="Neue Info.\n\nOn Mon, Kurt wrote:\n> alte Info\n")).inbound
    case = inbound.case
    cases.record_event(case=case, data={"field": "x", "from": "a", "to": "b"}, audit="x.y")
    with django_assert_num_queries(1):
        entries = selectors.timeline_page(case, public_only=False, along=QUOTED_TEXT)
    by_pk = {entry.pk: entry.quoted_text for entry in entries}
    assert "alte Info" in by_pk.pop(inbound.entry_id)
    assert list(by_pk.values()) == [None]
