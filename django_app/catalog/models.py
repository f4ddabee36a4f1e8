from django.conf import settings
from django.db import models


class Product(models.Model):
    """Something for sale, created by a user who may later be deleted."""

    name = models.CharField(max_length=200)
    description = models.TextField(max_length=2000, blank=True, default="")
    price = models.DecimalField(max_digits=10, decimal_places=2)
    stock = models.PositiveIntegerField(default=0)
    # Django 5.2 applies SET_NULL in the ORM; a database-level rule needs 6.0.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="products",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name
