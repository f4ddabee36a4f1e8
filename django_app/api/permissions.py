from rest_framework.permissions import SAFE_METHODS
from rest_framework.permissions import BasePermission


class IsOwnerOrStaffOrReadOnly(BasePermission):
    """Let anyone read, a signed-in user create, and the owner or staff change."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or request.user.is_authenticated

    def has_object_permission(self, request, view, obj):
        return request.method in SAFE_METHODS or obj.can_be_changed_by(request.user)
