from django.urls import path

from fairdesk.portal import account, callbacks, contact, knowledge, privacy, survey, views

app_name = "portal"

urlpatterns = [
    path("", views.my_cases, name="my_cases"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/link/", views.request_link, name="request_link"),
    path("sign-in/password/", views.password_sign_in, name="password"),
    path("sign-in/<str:token>/", views.link, name="link"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("account/", account.account, name="account"),
    path("language/", account.language, name="language"),
    path("account/tokens/<int:token_id>/revoke/", account.revoke_token, name="revoke_token"),
    path("new/", views.new_request, name="new_request"),
    path("write/", contact.write, name="write"),
    path("write/received/<str:token>/", contact.written, name="written"),
    path("cases/<str:reference>/", views.case_detail, name="case"),
    path("cases/<str:reference>/received/", views.received, name="received"),
    path("cases/<str:reference>/reply/", views.reply, name="reply"),
    path("cases/<str:reference>/solved/", views.solved, name="solved"),
    path("cases/<str:reference>/callback/", callbacks.callback, name="callback"),
    path(
        "cases/<str:reference>/callback/<int:booking_id>/cancel/",
        callbacks.cancel,
        name="callback_cancel",
    ),
    path("callback/", callbacks.find, name="callback_find"),
    path("callback/<str:token>/", callbacks.by_link, name="callback_link"),
    path(
        "callback/<str:token>/cancel/<int:booking_id>/",
        callbacks.cancel_by_link,
        name="callback_link_cancel",
    ),
    path("cases/<str:reference>/new-matter/", views.split_off, name="split_off"),
    path("new-matter/<str:token>/", views.new_matter, name="new_matter"),
    path("files/<int:attachment_id>/", views.attachment, name="attachment"),
    path("my-data/", privacy.my_data, name="my_data"),
    path("help/", knowledge.help_index, name="help"),
    path("help/suggest/", knowledge.suggest, name="help_suggest"),
    path("help/<int:article_id>/", knowledge.help_article, name="help_article"),
    path("help/<int:article_id>/answered/", knowledge.answered, name="help_answered"),
    path("help/files/<int:file_id>/", knowledge.help_file, name="help_file"),
    path("survey/<str:token>/", survey.survey, name="survey"),
    path("survey/<str:token>/opt-out/", survey.opt_out, name="survey_opt_out"),
]
