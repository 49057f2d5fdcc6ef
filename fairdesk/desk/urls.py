from django.urls import path

from fairdesk.desk import attachments
from fairdesk.desk.views import auth, cases, customers, mail, queues, returns, search

app_name = "desk"

urlpatterns = [
    path("", queues.my_work, name="my_work"),
    path("queue/", queues.team_queue, name="team_queue"),
    path("sign-in/", auth.sign_in, name="login"),
    path("sign-out/", auth.sign_out, name="logout"),
    path("search/", search.search, name="search"),
    path("mail/flagged/", mail.flagged_mail, name="flagged_mail"),
    path("mail/<int:inbound_id>/reviewed/", mail.mark_mail_reviewed, name="mark_mail_reviewed"),
    path("cases/<str:reference>/", cases.case_detail, name="case"),
    path("cases/<str:reference>/<slug:action>/", cases.case_action, name="case_action"),
    path("customers/<int:customer_id>/", customers.customer_detail, name="customer"),
    path("files/<int:attachment_id>/", attachments.download, name="download"),
    path("returns/receive/", returns.receive, name="receive"),
    path("returns/<str:number>/<slug:action>/", returns.return_action, name="return_action"),
    path("steps/<int:step_id>/<slug:action>/", returns.step_action, name="step_action"),
]
