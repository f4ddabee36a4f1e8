"""User accounts: the user model and the create-user command."""
