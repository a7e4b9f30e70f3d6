"""The professional bodies' CPD requirements as the platform starts with them. Staff
edit them in the admin ("CPD body rules") as the bodies change their rules; this
migration only adds a body that is missing and never overwrites staff's edits."""

from decimal import Decimal

from django.db import migrations

BODIES = [
    {
        "code": "nmc",
        "name": "Nursing and Midwifery Council (NMC)",
        "cycle_years": 3,
        "hours_required": Decimal("35"),
        "participatory_hours_required": Decimal("20"),
        "reflective_accounts_required": 5,
        "categories": "",
        "guidance": "For revalidation every three years: 35 hours of CPD, at least 20 of "
        "them participatory (learning with others), and five written reflective accounts, "
        "each on CPD, feedback or an event in your practice.",
    },
    {
        "code": "hcpc",
        "name": "Health and Care Professions Council (HCPC)",
        "cycle_years": 2,
        "hours_required": None,
        "participatory_hours_required": None,
        "reflective_accounts_required": None,
        "categories": "Work-based learning\nProfessional activity\nFormal or educational\n"
        "Self-directed learning\nOther",
        "guidance": "Keep a continuous, up-to-date record of a mix of learning activities "
        "relevant to your practice. If your record is chosen for audit at renewal, you "
        "send a profile showing how your learning met the standards over the last two years.",
    },
    {
        "code": "bacp",
        "name": "British Association for Counselling and Psychotherapy (BACP)",
        "cycle_years": 1,
        "hours_required": Decimal("30"),
        "participatory_hours_required": None,
        "reflective_accounts_required": None,
        "categories": "",
        "guidance": "Registered members keep a record of their CPD each year, with "
        "reflection on what they learned. Check the figure against BACP's current "
        "requirement.",
    },
    {
        "code": "ukcp",
        "name": "UK Council for Psychotherapy (UKCP)",
        "cycle_years": 5,
        "hours_required": Decimal("250"),
        "participatory_hours_required": None,
        "reflective_accounts_required": None,
        "categories": "",
        "guidance": "CPD is recorded over a five-year cycle, with learning every year and "
        "reflection on it. Check the figure against your UKCP college's current requirement.",
    },
    {
        "code": "babcp",
        "name": "British Association for Behavioural and Cognitive Psychotherapies (BABCP)",
        "cycle_years": 1,
        "hours_required": None,
        "participatory_hours_required": None,
        "reflective_accounts_required": None,
        "categories": "",
        "guidance": "Accredited members keep a yearly record of CPD relevant to their "
        "practice, with reflection on it. Staff set any figure here from BABCP's current "
        "standards.",
    },
]


def add_bodies(apps, schema_editor):
    BodyRule = apps.get_model("cpd", "BodyRule")
    for body in BODIES:
        BodyRule.objects.get_or_create(code=body["code"], defaults=body)


class Migration(migrations.Migration):
    dependencies = [("cpd", "0001_initial")]

    operations = [migrations.RunPython(add_bodies, migrations.RunPython.noop)]
