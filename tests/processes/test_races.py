"""Two submissions for one contract at the same moment, from two processes on one database
(the SQLite file, or PostgreSQL when DATABASE_URL names it): one case, one process, both
declarations kept, the second linked to the first."""

import subprocess
import time

import pytest

from tests.channels.email.servers import FAIRDESK, count_rows

CONTRACT = """
from datetime import date
from fairdesk.processes import services
services.save_contract(email="kurt@example.org", name="Kurt Kunde", number="V-1001",
                       starts_on=date(2025, 3, 1), minimum_term_months=24)
"""
DECLARE = """
import time
from fairdesk.processes import services
time.sleep(max(0, {start} - time.time()))
services.declare(data=services.DeclarationIn(kind="ordinary", name="Kurt Kunde",
                 contract_number="V-1001", email="kurt@example.org"))
"""


@pytest.mark.slow
def test_two_submissions_in_the_same_second_make_one_case(race_db):
    subprocess.run([FAIRDESK, "manage", "shell", "-c", CONTRACT], env=race_db, check=True)
    start = time.time() + 4  # both processes are up by then, and start together
    racers = [
        subprocess.Popen(
            [FAIRDESK, "manage", "shell", "-c", DECLARE.format(start=start)],
            env=race_db,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for racer in racers:
        _out, err = racer.communicate(timeout=120)
        assert racer.returncode == 0, err
    assert count_rows(race_db, "select count(*) from processes_declaration") == 2
    firsts = "select count(*) from processes_declaration where first_id is null"
    assert count_rows(race_db, firsts) == 1
    assert count_rows(race_db, "select count(*) from cases_case") == 1
    assert count_rows(race_db, "select count(*) from processes_process") == 1
