import pytest

from fairdesk.accounts import services as accounts


@pytest.fixture
def auto(settings):
    """Automatic assignment on (the test settings keep cases in the team queue)."""
    settings.FAIRDESK_QUEUE_AUTO_ASSIGN = True


@pytest.fixture
def emre(support):
    """A third Support agent who speaks English and Turkish, not German."""
    return accounts.create_agent(
        username="emre",
        password=None,
        name="Emre English",
        teams=(support,),
        languages=("en", "tr"),
    )
