from django.urls import path

from leadpact.web.views import agreement, auth, home, inbox, information, leads, queue

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("sign-in/", auth.sign_in, name="sign-in"),
    path("sign-out/", auth.sign_out, name="sign-out"),
    path("password-reset/", auth.password_reset, name="password-reset"),
    path("password-reset/sent/", auth.password_reset_sent, name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path("password-reset/done/", auth.password_reset_done, name="password-reset-done"),
    path("language/", auth.language_set, name="language"),
    path("preferences/", auth.preferences, name="preferences"),
    path("queue/", queue.queue, name="queue"),
    path("leads/<int:lead_id>/", leads.lead_detail, name="lead"),
    path("leads/<int:lead_id>/accept/", leads.lead_accept, name="lead-accept"),
    path("leads/<int:lead_id>/reject/", leads.lead_reject, name="lead-reject"),
    path("leads/<int:lead_id>/first-contact/", leads.lead_first_contact, name="lead-first-contact"),
    path("leads/<int:lead_id>/qualify/", leads.lead_qualify, name="lead-qualify"),
    path("leads/<int:lead_id>/close/", leads.lead_close, name="lead-close"),
    path("leads/<int:lead_id>/feedback/", leads.lead_feedback_give, name="lead-feedback"),
    path("information-requests/", information.information_requests, name="information-requests"),
    path(
        "information-requests/<int:request_id>/answer/",
        information.information_request_answer_view,
        name="information-request-answer",
    ),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/read-all/", inbox.inbox_mark_all_read, name="inbox-read-all"),
    path("inbox/<int:notification_id>/read/", inbox.inbox_mark_read, name="inbox-read"),
    path("agreement/", agreement.agreement, name="agreement"),
]
