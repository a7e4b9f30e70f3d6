"""People who sign in: practitioners, facilitators and staff. Email is the login."""

import zoneinfo

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django_countries.fields import CountryField

TIME_ZONE_CHOICES = [
    (name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())
]


class Profession(models.TextChoices):
    """The one list of professions: a person's profile and the contact form both use it."""

    COUNSELLOR = "counsellor", "Counsellor or psychotherapist"
    ADDICTION_WORKER = "addiction_worker", "Addiction or recovery worker"
    MENTAL_HEALTH = "mental_health", "Mental health professional"
    SOCIAL_WORKER = "social_worker", "Social worker"
    CLINICIAN = "clinician", "Doctor, nurse or other clinician"
    PEER_SUPPORT = "peer_support", "Peer support or lived-experience worker"
    COACH = "coaching", "Coach"
    MANAGER = "manager", "Service manager or commissioner"
    STUDENT = "student", "Student or trainee"
    OTHER = "other", "Other"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account. No username: people sign in with their email address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(
        max_length=150, blank=True, help_text="How you would like to be addressed."
    )
    time_zone = models.CharField(
        max_length=64,
        choices=TIME_ZONE_CHOICES,
        default="Europe/London",
        help_text="Times of live discussions are shown in this zone.",
    )
    profession = models.CharField(max_length=32, choices=Profession.choices, blank=True)
    profession_other = models.CharField(
        "your profession, in your words", max_length=150, blank=True
    )
    organisation = models.CharField(max_length=200, blank=True)
    country = CountryField(blank=True)
    # Consent for email is opt-in (PECR/UK GDPR): both start off.
    wants_reminders = models.BooleanField(
        "email me reminders of live discussions I have joined", default=False
    )
    wants_news = models.BooleanField("email me occasional news from the project", default=False)

    # What a person may change about themselves: the profile form, the admin's profile
    # section and update_profile all use this one list.
    PROFILE_FIELDS = (
        "display_name",
        "profession",
        "profession_other",
        "organisation",
        "country",
        "time_zone",
        "wants_reminders",
        "wants_news",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]
        permissions = [
            ("manage_people", "Can see people's accounts and act for them (people screen)")
        ]

    def __str__(self):
        return self.display_name or self.email

    def get_full_name(self):
        return self.display_name or self.email

    def get_short_name(self):
        return self.display_name or self.email.split("@")[0]
