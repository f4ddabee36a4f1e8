"""The create-user command."""

import click
from sqlalchemy import select

from flask_app.accounts.models import User
from flask_app.accounts.models import create_user
from flask_app.extensions import db


@click.command("create-user")
@click.argument("username")
@click.password_option(help="Prompted for when not given.")
@click.option("--email", default="", help="Optional e-mail address.")
@click.option("--staff", is_flag=True, help="Let the user edit every product.")
@click.option(
    "--superuser", is_flag=True, help="A staff user who also manages the users."
)
def create_user_command(
    username: str, password: str, email: str, staff: bool, superuser: bool
) -> None:
    """Create a user account."""
    if db.session.scalar(select(User).filter_by(username=username)) is not None:
        raise click.ClickException(f"The username {username!r} is already taken.")
    try:
        user = create_user(
            username,
            password,
            email=email,
            is_staff=staff or superuser,
            is_superuser=superuser,
        )
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="USERNAME") from error
    kind = "superuser" if superuser else "staff user" if user.is_staff else "user"
    click.echo(f"Created {kind} {user.username}.")
