from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User

# Only superusers hold the user permissions, so only they see or change users;
# staff get the catalog's permissions from the Staff group (migration 0002).
admin.site.register(User, UserAdmin)
