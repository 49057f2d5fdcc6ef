"""lib.migrations.index_dropped: the index goes on the way up and comes back on the way down."""

import pytest
from django.core.management import call_command
from django.db import connection


def index_names(table: str) -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {name for name, info in constraints.items() if info["index"]}


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_reversing_a_dropped_index_brings_back_each_index_the_backend_had():
    dropped = "mail_outboundmessage_to_address_9e2fd413"
    expected = {dropped}
    if connection.vendor == "postgresql":
        expected.add(f"{dropped}_like")
    assert not expected & index_names("mail_outboundmessage")
    try:
        call_command("migrate", "mail", "0006", verbosity=0)
        assert expected <= index_names("mail_outboundmessage")
    finally:
        call_command("migrate", "mail", verbosity=0)
    assert not expected & index_names("mail_outboundmessage")
