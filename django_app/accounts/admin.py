from django.contrib import admin
from django.contrib.auth import admin as auth_admin

from .models import User


# Only superusers hold the user permissions, so only they see or change users;
# staff get the catalog's permissions from the Staff group (migration 0002).
@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    # Dates shown, not edited, and groups in a plain list: Django's split date and
    # filter widgets carry markup axe-core refuses (make test-a11y).
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ()
