"""Articles made through the services, and the clients the desk, portal and API tests use."""

import pytest

from fairdesk.accounts.services import create_token
from fairdesk.knowledge import services
from fairdesk.promises.presets import ensure_presets
from tests.api.conftest import ApiClient
from tests.desk.conftest import ada_client, ben_client, kurt_case, kurt_user  # noqa: F401
from tests.portal.conftest import kurt_client, olga_client  # noqa: F401


@pytest.fixture
def presets(db):
    return ensure_presets()


def published(lena, **texts):
    """An article written by Lena and published at once."""
    version = services.save_draft(agent=lena, **texts)
    return services.publish(agent=lena, article=version.article)


@pytest.fixture
def router_article(lena):
    return published(
        lena,
        title_de="Router neu starten",
        body_de="<p>Ziehen Sie den Stecker des Routers für zehn Sekunden.</p>",
        title_en="Restarting the router",
        body_en="<p>Unplug the router for ten seconds.</p>",
    )


@pytest.fixture
def internal_article(lena):
    return published(
        lena,
        title_de="Router-Störung: Eskalation an Technik",
        body_de="<p>Interne Rufnummer der Technik für Router-Störungen: 1234.</p>",
        visibility="internal",
    )


@pytest.fixture
def ada_api(ada):
    return ApiClient(create_token(user=ada))


@pytest.fixture
def kurt_api(kurt):
    return ApiClient(create_token(customer=kurt))
