from django.contrib import admin
from django.urls import include, path

from fairdesk.api.api import api
from fairdesk.desk.policy import may_use_django_admin
from fairdesk.desk.views.auth import admin_sign_in
from fairdesk.desk.views.root import root
from fairdesk.lib.locale import set_language
from fairdesk.ops import views as ops

# The Django admin signs in through the desk (throttled, two-factor) and only admins enter.
admin.site.login = admin_sign_in  # type: ignore[method-assign]
admin.site.has_permission = may_use_django_admin  # type: ignore[method-assign]

urlpatterns = [
    path("", root, name="root"),
    path("health", ops.health, name="health"),
    path("metrics", ops.metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("desk/", include("fairdesk.desk.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("portal/", include("fairdesk.portal.urls")),
    # The public cancellation and withdrawal, receipts, labels; the portal's process pages.
    path("", include("fairdesk.portal.process_urls")),
]
