from django.contrib.auth.models import AbstractUser

# The group of staff users, with every permission on products (migration 0002).
STAFF_GROUP = "Staff"


class User(AbstractUser):
    """A user of the catalogue; custom from the first migration so it can grow."""
