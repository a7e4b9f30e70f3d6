import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_profiles_keep_their_profession_when_the_lists_become_one():
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0003_roles")])
    old_apps = executor.loader.project_state([("accounts", "0003_roles")]).apps
    User = old_apps.get_model("accounts", "User")
    for number, old in enumerate(["addiction", "counselling", "nursing_medicine", "coaching"]):
        User.objects.create(email=f"p{number}@example.org", profession=old)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from irp.accounts.models import User as CurrentUser

    professions = dict(CurrentUser.objects.values_list("email", "profession"))
    assert professions == {
        "p0@example.org": "addiction_worker",
        "p1@example.org": "counsellor",
        "p2@example.org": "clinician",
        "p3@example.org": "coaching",
    }
