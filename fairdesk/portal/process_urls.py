"""The pages of processes outside /portal/: the public cancellation and withdrawal (§ 312k
BGB wants them one link from the company's website), the receipt, documents and label."""

from django.urls import path

from fairdesk.portal import declarations, processes

app_name = "processes"

urlpatterns = [
    path("cancel/", declarations.cancel, name="cancel"),
    path("withdraw/", declarations.withdraw, name="withdraw"),
    path("cancel/receipt/<str:token>/", declarations.receipt, name="receipt"),
    path("cancel/receipt/<str:token>/<slug:name>.txt", declarations.document, name="document"),
    path("returns/label/<str:token>/", declarations.label, name="label"),
    path("portal/contracts/", processes.overview, name="portal_overview"),
    path("portal/orders/<str:number>/return/", processes.start_return, name="start_return"),
]
