from django.contrib import admin
from django.urls import include, path

from fairdesk.api.api import api
from fairdesk.desk.views.root import root

urlpatterns = [
    path("", root, name="root"),
    path("admin/", admin.site.urls),
    path("desk/", include("fairdesk.desk.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("portal/", include("fairdesk.portal.urls")),
    # Public cancellation, returns, and the process pages of portal and desk.
    path("", include("fairdesk.processes.urls")),
]
