# A pitch keeps its op-ed's campaign, so that lists scoped to campaigns read one table.

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_campaigns(apps, schema_editor):
    Pitch = apps.get_model("outreach", "Pitch")
    OpEd = apps.get_model("outreach", "OpEd")
    Pitch.objects.update(campaign_id=Subquery(OpEd.objects.filter(pk=OuterRef("op_ed_id")).values("campaign_id")))


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0008_demo_ledger_with_search'),
        ('outreach', '0013_interaction_newest_first_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='pitch',
            name='campaign',
            field=models.ForeignKey(db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='campaigns.campaign', verbose_name='campaign'),
        ),
        migrations.RunPython(fill_campaigns, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name='pitch',
            name='campaign',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='campaigns.campaign', verbose_name='campaign'),
        ),
        migrations.AddIndex(
            model_name='pitch',
            index=models.Index(fields=['campaign', 'op_ed', 'position', 'id'], name='pitch_campaign_order_idx'),
        ),
    ]
