from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> "User":
        fields.setdefault("role", User.Role.ADMIN)
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class Team(models.Model):
    """A sales team: the unit that routing sends leads to and whose manager is escalated to."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    manager = models.ForeignKey(
        "users.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="managed_teams"
    )
    # The rep who got the team's last lead: round robin continues after them.
    rotation_cursor = models.ForeignKey(
        "users.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class User(AbstractBaseUser, PermissionsMixin):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        MARKETING = "marketing", _("Marketing")
        SALES_REP = "sales_rep", _("Sales rep")
        SALES_MANAGER = "sales_manager", _("Sales manager")

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MARKETING)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    language = models.CharField(max_length=8, default="pl")
    time_zone = models.CharField(max_length=64, default="Europe/Warsaw")
    is_active = models.BooleanField(default=True)  # type: ignore[misc]
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.name or self.email


class ApiToken(models.Model):
    """A bearer token for the API. Only a SHA-256 of the secret is stored; the secret is shown once."""

    class Scope(models.TextChoices):
        TOUCHES_WRITE = "touches:write", "touches:write"
        LEADS_READ = "leads:read", "leads:read"
        LEADS_ACT = "leads:act", "leads:act"
        REPORTS_READ = "reports:read", "reports:read"
        AGREEMENT_WRITE = "agreement:write", "agreement:write"
        PRIVACY_ADMIN = "privacy:admin", "privacy:admin"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.user.is_active
