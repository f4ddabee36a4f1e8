from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A user of the catalogue; custom from the first migration so it can grow."""
