from django.contrib import admin
from django.contrib.auth import admin as auth_admin

from .models import User


class StaffAdminMixin:
    """Let every active staff user do everything with this model in the admin."""

    # The contract's rule is "staff = admin"; Django's admin would also ask for
    # per-model permissions, which only a superuser has without being granted them.

    def has_module_permission(self, request) -> bool:
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self.admin_site.has_permission(request)

    def has_add_permission(self, request) -> bool:
        return self.admin_site.has_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self.admin_site.has_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.admin_site.has_permission(request)


class SuperuserAdminMixin:
    """Let only active superusers see or change this model in the admin."""

    # Django would let staff who hold the user permissions in too, and with them
    # they could make themselves superusers; the contract says superusers only.

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)


@admin.register(User)
class UserAdmin(SuperuserAdminMixin, auth_admin.UserAdmin):
    list_display = [
        "username",
        "email",
        "is_staff",
        "is_superuser",
        "is_active",
        "date_joined",
    ]
    # The contract's roles are staff and superuser: no groups or per-model
    # permissions to grant, and the dates are shown, not edited.
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Personal info", {"fields": ["first_name", "last_name", "email"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
