"""Signing in and out, password reset by e-mail, and each person's language and time zone."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leadpact.web.access import user_of
from leadpact.web.forms import PreferencesForm, SignInForm

LANGUAGES = {code for code, _ in settings.LANGUAGES}


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "web/auth/sign_in.html"
    redirect_authenticated_user = True


sign_in = SignInView.as_view()
sign_out = auth_views.LogoutView.as_view()

password_reset = auth_views.PasswordResetView.as_view(
    template_name="web/auth/password_reset.html",
    email_template_name="web/auth/password_reset_email.txt",
    subject_template_name="web/auth/password_reset_subject.txt",
    success_url=reverse_lazy("web:password-reset-sent"),
)
password_reset_sent = auth_views.PasswordResetDoneView.as_view(
    template_name="web/auth/password_reset_sent.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="web/auth/password_reset_confirm.html",
    success_url=reverse_lazy("web:password-reset-done"),
)
password_reset_done = auth_views.PasswordResetCompleteView.as_view(
    template_name="web/auth/password_reset_done.html"
)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch between Polish and English: kept on the user (so it follows them to any device)
    and in the language cookie (so the sign-in page speaks it too)."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(_safe_next(request))
    if language not in LANGUAGES:
        return response
    if request.user.is_authenticated:
        user = user_of(request)
        user.language = language
        user.save(update_fields=["language"])
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = PreferencesForm(
        request.POST or None, initial={"language": user.language, "time_zone": user.time_zone}
    )
    if request.method == "POST" and form.is_valid():
        user.language = form.cleaned_data["language"]
        user.time_zone = form.cleaned_data["time_zone"]
        user.save(update_fields=["language", "time_zone"])
        translation.activate(user.language)
        messages.success(request, _("Your preferences are saved."))
        return redirect("web:preferences")
    return render(request, "web/preferences.html", {"form": form})
