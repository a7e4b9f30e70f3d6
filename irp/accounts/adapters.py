"""allauth's hooks, pointed at our own helpers.

allauth's emails need no hook: EMAIL_BACKEND (irp.emails.backends.QueueBackend) puts
every message in our queue and has it delivered after commit."""

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from irp.core.http import client_ip
from irp.emails.services import render_custom_email

# The address the last confirmation email went to, for the "check your email" page.
VERIFICATION_SENT_TO = "accounts:verification_sent_to"


def site_link(path: str) -> str:
    """An address on the site as people reach it (SITE_URL), never as this request's Host
    header says: behind a proxy that is an internal name, and a forged Host must never
    end up in an email."""
    return settings.SITE_URL.rstrip("/") + path


@dataclass(frozen=True)
class PublicSite:
    """The site as allauth's email templates name it (`current_site.name`, `.domain`)."""

    name: str
    domain: str


def public_site() -> PublicSite:
    return PublicSite(name=settings.WAGTAIL_SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    # allauth's refusals in our words: what happened and what to do next.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "That email address and password are not correct. "
        "Check both, or reset your password.",
        "enter_current_password": "Enter your current password.",
        "incorrect_code": "That code is not correct. Check it and try again.",
        "incorrect_password": "That password is not correct.",
        "invalid_or_expired_key": "This link has expired or was already used. Ask for a new one.",
        "too_many_login_attempts": "Too many failed attempts to sign in. "
        "Wait a few minutes, then try again.",
        "rate_limited": "Too many requests in a short time. Wait a few minutes, then try again.",
        "cannot_remove_primary_email": "Your main email address cannot be removed. "
        "Make another one your main address first.",
        "duplicate_email": "That email address is already on your account.",
        "same_as_current": "The new one must be different from the one you have now.",
    }

    def send_mail(self, template_prefix, email, context):
        # allauth would greet people from the request's Host header ("Hello from
        # 10.0.0.5:8000"); like every link, the name comes from our settings instead.
        super().send_mail(template_prefix, email, {"current_site": public_site(), **context})

    def render_mail(self, template_prefix, email, context, headers=None):
        # Staff may have rewritten this email in the admin (Email texts); otherwise
        # allauth renders its template files as usual.
        custom = render_custom_email(template_prefix, context)
        if custom is None:
            return super().render_mail(template_prefix, email, context, headers=headers)
        subject, text, html = custom
        to = [email] if isinstance(email, str) else email
        message = EmailMultiAlternatives(
            self.format_email_subject(subject), text, self.get_from_email(), to, headers=headers
        )
        if html:
            message.attach_alternative(html, "text/html")
        return message

    def get_client_ip(self, request) -> str:
        # One reading of the client's address for the whole site: rate limits key on
        # the entry our own proxies wrote, so a rotated X-Forwarded-For changes nothing.
        return client_ip(request) or super().get_client_ip(request)

    # Links in allauth's emails (confirm, reset, "you already have an account") use
    # SITE_URL like every other email; allauth would build them from the request.
    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return site_link(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        # allauth's own way of putting its opaque "uid-key" into the URL.
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return site_link(path.replace("UID-KEY", quote(key)))

    def send_account_already_exists_mail(self, email: str) -> None:
        context = {
            "signup_url": site_link(reverse("account_signup")),
            "password_reset_url": site_link(reverse("account_reset_password")),
        }
        self.send_mail("account/email/account_already_exists", email, context)

    def respond_email_verification_sent(self, request, user):
        # Remember which address to show on the "check your email" page. After a sign-up
        # for an address that already has an account (or a bot's) there is no user: the
        # address is the one typed, so the page reads the same either way.
        email = user.email if user is not None else request.POST.get("email", "")
        if email.strip():
            request.session[VERIFICATION_SENT_TO] = email.strip()
        return super().respond_email_verification_sent(request, user)
