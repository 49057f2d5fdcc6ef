from django.urls import path

from fairdesk.processes.views import desk, portal, public

app_name = "processes"

urlpatterns = [
    path("cancel/", public.cancel, name="cancel"),
    path("withdraw/", public.withdraw, name="withdraw"),
    path("cancel/receipt/<str:token>/", public.receipt, name="receipt"),
    path("cancel/receipt/<str:token>/<slug:name>.txt", public.document, name="document"),
    path("returns/label/<str:token>/", public.label, name="label"),
    path("portal/contracts/", portal.overview, name="portal_overview"),
    path("portal/orders/<str:number>/return/", portal.start_return, name="start_return"),
    path("desk/returns/receive/", desk.receive, name="receive"),
    path("desk/returns/<str:number>/settle/", desk.settle, name="settle"),
    path("desk/steps/<int:step_id>/<slug:action>/", desk.step_action, name="step_action"),
]
