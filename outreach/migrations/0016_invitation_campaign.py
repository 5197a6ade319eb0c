# An invitation keeps its briefing's campaign, so that the API list and its count read one table.

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_campaigns(apps, schema_editor):
    Invitation = apps.get_model("outreach", "Invitation")
    Briefing = apps.get_model("outreach", "Briefing")
    campaign_of_briefing = Briefing.objects.filter(pk=OuterRef("briefing_id")).values("campaign_id")
    Invitation.objects.update(campaign_id=Subquery(campaign_of_briefing))


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0008_demo_ledger_with_search'),
        ('outreach', '0015_list_order_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='invitation',
            name='campaign',
            field=models.ForeignKey(db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='campaigns.campaign', verbose_name='campaign'),
        ),
        migrations.RunPython(fill_campaigns, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name='invitation',
            name='campaign',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='campaigns.campaign', verbose_name='campaign'),
        ),
        migrations.AddIndex(
            model_name='invitation',
            index=models.Index(fields=['campaign', 'briefing'], name='invitation_campaign_idx'),
        ),
    ]
