from django.urls import path, re_path

from leadpact.web.views import agreement, auth, home, inbox, information, leads, queue
from leadpact.web.views import audit as audit_views
from leadpact.web.views import marketing as marketing_views
from leadpact.web.views import report as report_views
from leadpact.web.views import team as team_views
from leadpact.web.views.agreement_changes import propose, version_activate, version_sign

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
    path("team/", team_views.team, name="team"),
    path("team/leads/<int:lead_id>/reassign/", team_views.team_reassign, name="team-reassign"),
    path("marketing/pool/", marketing_views.marketing_pool_view, name="marketing-pool"),
    path("marketing/rejected/", marketing_views.marketing_rejected, name="marketing-rejected"),
    path("marketing/accounts/", marketing_views.marketing_accounts, name="marketing-accounts"),
    path("agreement/versions/", agreement.agreement_versions, name="agreement-versions"),
    path("agreement/versions/<int:number>/", agreement.agreement_version, name="agreement-version"),
    path("agreement/versions/<int:number>/sign/", version_sign, name="agreement-sign"),
    path("agreement/versions/<int:number>/activate/", version_activate, name="agreement-activate"),
    path("agreement/diff/", agreement.agreement_diff, name="agreement-diff"),
    path("agreement/propose/", propose, name="agreement-propose"),
    path("audit/", audit_views.audit, name="audit"),
    path("reports/", report_views.report_index, name="report-index"),
    path("reports/<str:period>/", report_views.report_page, name="report"),
    re_path(
        r"^reports/(?P<period>[^/]+)\.(?P<fmt>xlsx|csv|json)$",
        report_views.report_download,
        name="report-download",
    ),
]
