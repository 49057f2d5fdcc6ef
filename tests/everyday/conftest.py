"""The desk's signed-in clients and Kurt's case, shared with the desk's tests."""

import pytest  # noqa: E402

from fairdesk.promises.presets import ensure_presets  # noqa: E402
from tests.desk.conftest import (  # noqa: F401
    ada_client,
    ben_client,
    kurt_case,
    kurt_user,
    olga_case,
)


@pytest.fixture
def presets(db):
    """The preset calendars and policies, so new cases get their promises."""
    return ensure_presets()


from fairdesk.accounts.services import create_token  # noqa: E402
from tests.api.conftest import ApiClient  # noqa: E402


@pytest.fixture
def ada_api(ada):
    return ApiClient(create_token(user=ada))


@pytest.fixture
def kurt_api(kurt):
    return ApiClient(create_token(customer=kurt))
