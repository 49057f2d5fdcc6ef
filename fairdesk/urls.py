from django.contrib import admin
from django.urls import include, path

from fairdesk.api.api import api
from fairdesk.desk.views.root import root
from fairdesk.lib.locale import set_language

urlpatterns = [
    path("", root, name="root"),
    path("admin/", admin.site.urls),
    path("desk/", include("fairdesk.desk.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("portal/", include("fairdesk.portal.urls")),
    # The public cancellation and withdrawal, receipts, labels; the portal's process pages.
    path("", include("fairdesk.portal.process_urls")),
]
