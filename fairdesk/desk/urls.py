from django.urls import path

from fairdesk.desk import attachments
from fairdesk.desk.views import (
    account,
    admin_categories,
    admin_people,
    admin_terms,
    auth,
    cases,
    customers,
    demo_mail,
    insights,
    mail,
    queues,
    returns,
    search,
)

app_name = "desk"

admin_urls = [
    path("admin/", admin_categories.admin_home, name="admin"),
    path("admin/teams/", admin_people.teams, name="admin_teams"),
    path("admin/teams/<int:team_id>/", admin_people.team, name="admin_team"),
    path("admin/agents/", admin_people.agents, name="admin_agents"),
    path(
        "admin/agents/<int:user_id>/<slug:action>/",
        admin_people.agent_action,
        name="admin_agent_action",
    ),
    path("admin/calendars/", admin_terms.calendars, name="admin_calendars"),
    path("admin/calendars/new/", admin_terms.calendar, name="admin_new_calendar"),
    path("admin/calendars/<int:calendar_id>/", admin_terms.calendar, name="admin_calendar"),
    path("admin/policies/", admin_terms.policies, name="admin_policies"),
    path("admin/policies/new/", admin_terms.policy, name="admin_new_policy"),
    path("admin/policies/<int:policy_id>/", admin_terms.policy, name="admin_policy"),
    path("admin/policies/<int:policy_id>/rules/", admin_terms.add_rule, name="admin_add_rule"),
    path(
        "admin/policies/<int:policy_id>/rules/<int:rule_id>/remove/",
        admin_terms.remove_rule,
        name="admin_remove_rule",
    ),
    path("admin/sign-in/", account.sign_in_settings, name="admin_sign_in"),
    path("admin/categories/", admin_categories.categories, name="admin_categories"),
    path("admin/categories/<int:category_id>/", admin_categories.category, name="admin_category"),
]

urlpatterns = [
    path("", queues.my_work, name="my_work"),
    path("queue/", queues.team_queue, name="team_queue"),
    path("sign-in/", auth.sign_in, name="login"),
    path("sign-in/code/", auth.sign_in_code, name="sign_in_code"),
    path("sign-out/", auth.sign_out, name="logout"),
    path("account/", account.account, name="account"),
    path("account/two-factor/", auth.two_factor_setup, name="two_factor"),
    path("search/", search.search, name="search"),
    path("mail/flagged/", mail.flagged_mail, name="flagged_mail"),
    path("mail/<int:inbound_id>/reviewed/", mail.mark_mail_reviewed, name="mark_mail_reviewed"),
    path("cases/<str:reference>/", cases.case_detail, name="case"),
    path("cases/<str:reference>/<slug:action>/", cases.case_action, name="case_action"),
    path("customers/<int:customer_id>/", customers.customer_detail, name="customer"),
    path("files/<int:attachment_id>/", attachments.download, name="download"),
    path("reports/", insights.report, name="reports"),
    path("reports/<slug:name>/", insights.report, name="report"),
    path("reports/<slug:name>/csv/", insights.report_csv, name="report_csv"),
    path("surveys/", insights.survey_editor, name="survey_editor"),
    path("staffing/", insights.staffing, name="staffing"),
    path("morning/", insights.morning, name="morning"),
    path("morning/<slug:name>/", insights.morning_cases, name="morning_cases"),
    path("returns/receive/", returns.receive, name="receive"),
    path("returns/<str:number>/<slug:action>/", returns.return_action, name="return_action"),
    path("steps/<int:step_id>/<slug:action>/", returns.step_action, name="step_action"),
    path("invitation/<str:uid>/<str:token>/", admin_people.invitation, name="invitation"),
    *admin_urls,
    path("demo/mail/", demo_mail.demo_mailbox, name="demo_mail"),
]
