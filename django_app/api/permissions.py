from rest_framework.permissions import SAFE_METHODS
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from catalog.models import Product


class IsOwnerOrStaffOrReadOnly(BasePermission):
    """Let anyone read, a signed-in user create, and the owner or staff change."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return request.method in SAFE_METHODS or request.user.is_authenticated

    def has_object_permission(
        self, request: Request, view: APIView, obj: Product
    ) -> bool:
        return request.method in SAFE_METHODS or obj.can_be_changed_by(request.user)
