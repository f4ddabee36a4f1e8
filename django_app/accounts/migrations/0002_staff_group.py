from django.db import migrations

STAFF_GROUP = "Staff"
# What staff do in the admin: manage every product. Users stay the superusers'.
PRODUCT_ACTIONS = ["add", "change", "delete", "view"]


def create_staff_group(apps, schema_editor):
    """Create the Staff group, holding every permission on catalog.Product."""
    db_alias = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    # Django creates permissions after the last migration (post_migrate): on a new
    # database they do not exist yet, so create them as it would.
    product, _ = ContentType.objects.db_manager(db_alias).get_or_create(
        app_label="catalog", model="product"
    )
    permissions = [
        Permission.objects.db_manager(db_alias).get_or_create(
            content_type=product,
            codename=f"{action}_product",
            defaults={"name": f"Can {action} product"},
        )[0]
        for action in PRODUCT_ACTIONS
    ]
    group, _ = Group.objects.db_manager(db_alias).get_or_create(name=STAFF_GROUP)
    group.permissions.set(permissions)


def delete_staff_group(apps, schema_editor):
    """Delete the Staff group (the permissions stay, as Django keeps them)."""
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(
        name=STAFF_GROUP
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalog", "0006_product_created_at_index"),
    ]

    operations = [
        migrations.RunPython(create_staff_group, delete_staff_group),
    ]
