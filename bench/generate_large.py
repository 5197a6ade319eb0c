"""Fill PostgreSQL with a large, realistic Parley database for the dashboard benchmark.

20 campaigns (the first one large), 5,000 outlets, 5,000 organisations, 100,000 contacts,
200,000 interactions, 1,000 op-eds with 5,000 pitches, 700,000 articles and 1,000,000
mentions over the last year (each matching one or two of its campaign's 5 tracked terms),
briefings with invitations, placements, tags on contacts, the benchmark user's alerts; then the
mention rollups. Set-based SQL (generate_series), a few minutes on 2 cores.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parley_bench python bench/generate_large.py --reset
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

SIZES = {
    "campaigns": 20,
    "outlets": 5_000,
    "organisations": 5_000,
    "contacts": 100_000,
    "interactions": 200_000,
    "op_eds": 1_000,
    "pitches": 5_000,
    "articles": 700_000,
    "mentions": 1_000_000,
    "briefings": 60,
    "invitations_per_briefing": 120,
    "placements": 2_000,
    "tags": 30,
    "notifications": 20_000,
}
# Not scaled: what each campaign tracks in the press.
TERMS_PER_CAMPAIGN = 5
TABLES = [
    "media_tracker_notification", "media_tracker_alertsubscription", "media_tracker_trackedterm", "outreach_tag",
    "campaigns_mentionrollup", "campaigns_rollupwatermark", "media_tracker_mention_terms", "media_tracker_mention",
    "media_tracker_placement_spokespeople", "media_tracker_placement", "media_tracker_article",
    "outreach_pitch", "outreach_oped_authors", "outreach_oped", "outreach_invitation", "outreach_briefing_speakers",
    "outreach_briefing", "outreach_interaction", "outreach_contact_tags", "outreach_contact", "media_tracker_feed",
    "media_tracker_outlet", "outreach_organisation", "campaigns_membership", "campaigns_campaignstatuschange",
    "campaigns_objective", "campaigns_campaign",
]  # fmt: skip

# The first campaign gets this share of interactions and mentions; the others share the rest.
LARGE_SHARE = 0.4
STEPS = [
    (
        "campaigns",
        """INSERT INTO campaigns_campaign (name, slug, status, launched_on, summary, exit_criteria,
               follow_up_delay_days, escalation_after_days, created_at, updated_at, coordinator_id)
           SELECT 'Bench campaign ' || g, 'bench-' || g, CASE WHEN g % 4 = 0 THEN 'monitoring' ELSE 'active' END,
                  now()::date - 365, 'Generated for the benchmark.', '', 3, 7, now(), now(), %(user)s
           FROM generate_series(1, %(campaigns)s) g""",
    ),
    (
        "memberships",
        """INSERT INTO campaigns_membership (user_id, campaign_id, role, created_at, updated_at)
           SELECT %(user)s, id, 'coordinator', now(), now() FROM campaigns_campaign""",
    ),
    (
        "objectives",
        """INSERT INTO campaigns_objective (campaign_id, title, target, description, status, position,
               created_at, updated_at)
           SELECT c.id, 'Ask ' || g, 'Institution ' || g, '',
                  (ARRAY['not_started','in_progress','advancing','stalled','achieved'])[1 + g % 5], g, now(), now()
           FROM campaigns_campaign c, generate_series(1, 5) g""",
    ),
    (
        "organisations",
        """INSERT INTO outreach_organisation (name, kind, country, website, is_partner, notes, created_at, updated_at)
           SELECT 'Organisation ' || g,
                  (ARRAY['ngo','humanitarian','human_rights','think_tank','media','government','religious','military'])
                      [1 + g % 8],
                  (ARRAY['AM','AZ','FR','DE','RU','GB','US','TR','LB','GE'])[1 + g % 10], '', g % 3 = 0, '', now(), now()
           FROM generate_series(1, %(organisations)s) g""",
    ),
    (
        "outlets",
        """INSERT INTO media_tracker_outlet (name, kind, country, language, website, audience_size, created_at, updated_at)
           SELECT 'Outlet ' || g, (ARRAY['newspaper','broadcaster','wire','online','magazine','analysis'])[1 + g % 6],
                  (ARRAY['AM','AZ','FR','DE','RU','GB','US','TR','LB','GE'])[1 + g % 10],
                  (ARRAY['hy','az','fr','de','ru','en','en','tr','ar','ka'])[1 + g % 10],
                  'https://outlet-' || g || '.example.org', 1000 * g, now(), now()
           FROM generate_series(1, %(outlets)s) g""",
    ),
    (
        "contacts",
        """INSERT INTO outreach_contact (full_name, organisation_id, title, email, phone, country, languages,
               preferred_language, notes, created_at, updated_at)
           SELECT 'Contact ' || g, (SELECT min(id) FROM outreach_organisation) + g % %(organisations)s, '',
                  'contact' || g || '@bench.example.org', '',
                  (ARRAY['AM','AZ','FR','DE','RU','GB','US','TR','LB','GE'])[1 + g % 10], '["en"]'::jsonb,
                  (ARRAY['en','fr','ar'])[1 + g % 3], '', now(), now()
           FROM generate_series(1, %(contacts)s) g""",
    ),
    (
        "interactions",
        """WITH c AS (SELECT min(id) AS first, count(*) AS n FROM campaigns_campaign),
                k AS (SELECT min(id) AS first FROM outreach_contact)
           INSERT INTO outreach_interaction (campaign_id, contact_id, organisation_id, channel, occurred_at, summary,
               logged_by_id, next_step, follow_up_on, snoozed_until, done, done_at, created_at, updated_at)
           SELECT CASE WHEN random() < %(large)s THEN c.first ELSE c.first + 1 + (g % (c.n - 1)) END,
                  k.first + g % %(contacts)s, NULL, (ARRAY['call','email','meeting','message'])[1 + g % 4],
                  now() - (g % 365) * interval '1 day' - (g % 24) * interval '1 hour', 'Generated interaction ' || g,
                  %(user)s, CASE WHEN g % 5 = 0 THEN 'Follow up' ELSE '' END,
                  CASE WHEN g % 5 = 0 THEN now()::date - 30 + g % 60 END, NULL,
                  g % 10 = 0, CASE WHEN g % 10 = 0 THEN now() END, now(), now()
           FROM c, k, generate_series(1, %(interactions)s) g""",
    ),
    (
        "interaction organisations",
        """UPDATE outreach_interaction i SET organisation_id = ct.organisation_id
           FROM outreach_contact ct WHERE ct.id = i.contact_id""",
    ),
    (
        "op-eds",
        """INSERT INTO outreach_oped (campaign_id, title, language, summary, status, created_at, updated_at, owner_id)
           SELECT (SELECT min(id) FROM campaigns_campaign) + g % %(campaigns)s, 'Op-ed ' || g,
                  (ARRAY['en','fr','de','ru'])[1 + g % 4], '', (ARRAY['idea','drafting','ready','placed'])[1 + g % 4],
                  now(), now(), %(user)s
           FROM generate_series(1, %(op_eds)s) g""",
    ),
    (
        "pitches",
        """INSERT INTO outreach_pitch (op_ed_id, campaign_id, outlet_id, status, pitched_on, follow_up_on, answered_on,
               outcome, position, created_at, updated_at, owner_id)
           SELECT op_ed.id, op_ed.campaign_id,
                  (SELECT min(id) FROM media_tracker_outlet) + (g * 7) % %(outlets)s,
                  (ARRAY['pitched','accepted','declined','placed','expired'])[1 + g % 5],
                  now()::date - g % 300, now()::date - g % 300 + 3,
                  CASE WHEN g % 5 IN (1, 2, 3) THEN now()::date - g % 300 + 2 END, '', g % 5, now(), now(), %(user)s
           FROM generate_series(1, %(pitches)s) g
           JOIN outreach_oped op_ed ON op_ed.id = (SELECT min(id) FROM outreach_oped) + g % %(op_eds)s""",
    ),
    (
        "articles",
        """INSERT INTO media_tracker_article (outlet_id, url, link_url, title, author, published_at, language, text, fingerprint,
               created_at, updated_at)
           SELECT o.first + g % %(outlets)s, 'https://outlet-' || (g % %(outlets)s) || '.example.org/a/' || g, '',
                  'Generated article ' || g, '', now() - (g % 365) * interval '1 day' - (g % 1440) * interval '1 minute',
                  (ARRAY['hy','az','fr','de','ru','en','en','tr','ar','ka'])[1 + (g % %(outlets)s + 1) % 10], '',
                  md5(g::text), now(), now()
           FROM (SELECT min(id) AS first FROM media_tracker_outlet) o, generate_series(1, %(articles)s) g""",
    ),
    (
        "mentions",
        """WITH c AS (SELECT min(id) AS first, count(*) AS n FROM campaigns_campaign),
                a AS (SELECT min(id) AS first FROM media_tracker_article)
           INSERT INTO media_tracker_mention (article_id, campaign_id, snippet, published_at, found_at)
           SELECT DISTINCT ON (article_id, campaign_id) article_id, campaign_id, 'Generated snippet', now(), now()
           FROM (SELECT a.first + g % %(articles)s AS article_id,
                        CASE WHEN g %% 5 < 2 THEN c.first ELSE c.first + 1 + (g::bigint * 7919) % (c.n - 1) END AS campaign_id
                 FROM c, a, generate_series(1, %(mention_rows)s) g) picked""",
    ),
    (
        "mention dates",
        """UPDATE media_tracker_mention m SET published_at = a.published_at, found_at = a.published_at + interval '1 hour'
           FROM media_tracker_article a WHERE a.id = m.article_id""",
    ),
    (
        "briefings",
        """INSERT INTO outreach_briefing (campaign_id, title, agenda, starts_at, ends_at, time_zone, online_url,
               location, status, uid, sequence, created_at, updated_at)
           SELECT (SELECT min(id) FROM campaigns_campaign) + g % %(campaigns)s, 'Briefing ' || g, '',
                  -- one in three upcoming (scheduled, its invitations open), the others held
                  CASE WHEN g % 3 = 1 THEN now() + g * interval '1 day' ELSE now() - (g * 6) * interval '1 day' END,
                  CASE WHEN g % 3 = 1 THEN now() + g * interval '1 day' ELSE now() - (g * 6) * interval '1 day' END
                    + interval '90 minutes',
                  'Europe/Paris', 'https://meet.example.org/' || g, '',
                  CASE WHEN g % 3 = 1 THEN 'scheduled' ELSE 'held' END, gen_random_uuid(), 0, now(), now()
           FROM generate_series(1, %(briefings)s) g""",
    ),
    (
        "invitations",
        """INSERT INTO outreach_invitation (public_id, briefing_id, campaign_id, contact_id, status, attended, sent_at,
               answered_at, created_at, updated_at)
           SELECT gen_random_uuid(), b.id, b.campaign_id, (SELECT min(id) FROM outreach_contact) + (b.id * 1000 + g) %% %(contacts)s,
                  (ARRAY['invited','accepted','declined','tentative'])[1 + g % 4], CASE WHEN g % 4 = 1 THEN g % 3 > 0 END,
                  b.starts_at - interval '7 days', CASE WHEN g % 4 > 0 THEN b.starts_at - interval '3 days' END,
                  now(), now()
           FROM outreach_briefing b, generate_series(1, %(invitations_per_briefing)s) g""",
    ),
    (
        "placements",
        """INSERT INTO media_tracker_placement (campaign_id, outlet_id, kind, title, url, published_on, created_at,
               updated_at)
           SELECT (SELECT min(id) FROM campaigns_campaign) + g % %(campaigns)s,
                  (SELECT min(id) FROM media_tracker_outlet) + (g * 13) % %(outlets)s,
                  (ARRAY['oped','comment','quote','interview'])[1 + g % 4], 'Placement ' || g,
                  'https://outlet.example.org/p/' || g, now()::date - g % 365, now(), now()
           FROM generate_series(1, %(placements)s) g""",
    ),
    (
        "tracked terms",
        """INSERT INTO media_tracker_trackedterm (campaign_id, term, kind, source, is_active, language, exact, forms,
               exclusions, created_at, updated_at)
           SELECT c.id, 'Term ' || c.id || '-' || k, 'keyword', 'manual', true, '', false, '[]', '[]', now(), now()
           FROM campaigns_campaign c, generate_series(1, %(terms_per_campaign)s) k""",
    ),
    (
        # Each mention matched one of its campaign's terms, every third one a second term as well.
        "mention terms",
        """WITH ranked AS (
               SELECT id, campaign_id, row_number() OVER (PARTITION BY campaign_id ORDER BY id) - 1 AS rank
               FROM media_tracker_trackedterm)
           INSERT INTO media_tracker_mention_terms (mention_id, trackedterm_id)
           SELECT m.id, t.id FROM media_tracker_mention m JOIN ranked t ON t.campaign_id = m.campaign_id
             AND (t.rank = m.id % %(terms_per_campaign)s
                  OR (m.id % 3 = 0 AND t.rank = (m.id + 1) % %(terms_per_campaign)s))""",
    ),
    (
        "tags",
        "INSERT INTO outreach_tag (slug, name) SELECT 'tag-' || g, 'Tag ' || g FROM generate_series(1, %(tags)s) g",
    ),
    (
        # Three contacts in four have a tag, one in three a second one.
        "contact tags",
        """INSERT INTO outreach_contact_tags (contact_id, tag_id)
           SELECT c.id, (SELECT min(id) FROM outreach_tag) + (c.id * 7 + k) % %(tags)s
           FROM outreach_contact c, generate_series(0, 1) k
           WHERE (k = 0 AND c.id % 4 > 0) OR (k = 1 AND c.id % 3 = 0)""",
    ),
    (
        # The benchmark's user is alerted on the first term and the first op-ed of every campaign.
        "alert subscriptions",
        """INSERT INTO media_tracker_alertsubscription (user_id, campaign_id, term_id, op_ed_id, created_at)
           SELECT %(user)s, campaign_id, min(id), NULL, now() FROM media_tracker_trackedterm GROUP BY campaign_id
           UNION ALL
           SELECT %(user)s, campaign_id, NULL, min(id), now() FROM outreach_oped GROUP BY campaign_id""",
    ),
    (
        # ...and was told of the newest mentions of the first term of each campaign, the older ones read.
        "notifications",
        """INSERT INTO media_tracker_notification (user_id, campaign_id, kind, mention_id, created_at, read_at,
               emailed_at)
           SELECT %(user)s, m.campaign_id, 'mention', m.id, m.found_at,
                  CASE WHEN row_number() OVER (ORDER BY m.found_at DESC, m.id DESC) > 50 THEN m.found_at END,
                  m.found_at
           FROM media_tracker_mention m
           WHERE m.id IN (SELECT mt.mention_id FROM media_tracker_mention_terms mt
                          JOIN media_tracker_alertsubscription s ON s.term_id = mt.trackedterm_id
                          WHERE s.user_id = %(user)s)
           ORDER BY m.found_at DESC, m.id DESC
           LIMIT %(notifications)s""",
    ),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reset", action="store_true", help="empty the tables first")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size (0.01 for a quick try)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/generate_large.py needs PostgreSQL: set DATABASE_URL=postgres://...")
    call_command("migrate", verbosity=0)
    from campaigns.models import User
    from campaigns.reports.rollups import mention_rollup_refresh
    from media_tracker.models import Mention

    with connection.cursor() as cursor:
        if args.reset:
            cursor.execute("TRUNCATE " + ", ".join(TABLES) + " RESTART IDENTITY CASCADE")
        cursor.execute("SELECT count(*) FROM campaigns_campaign")
        if cursor.fetchone()[0]:
            sys.exit("the database already has campaigns: pass --reset to empty it first")
    # A coordinator of every campaign, not a superuser (whose lists skip the membership checks).
    user, _ = User.objects.update_or_create(username="bench", defaults={"is_staff": False, "is_superuser": False})
    user.set_password("bench-password")
    user.save()
    params = {key: max(2, int(value * args.scale)) for key, value in SIZES.items()}
    # Rows past the article count reuse articles; 40% of those land on the same (article, large
    # campaign) pair and are dropped as duplicates, so 1.2 x rows give exactly the mentions wanted.
    params.update(
        user=user.pk,
        large=LARGE_SHARE,
        mention_rows=int(params["mentions"] * 1.2),
        terms_per_campaign=TERMS_PER_CAMPAIGN,
    )
    for name, sql in STEPS:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            # A lone % is SQL's modulo: escape it for psycopg, leaving %(name)s and %% alone.
            cursor.execute(re.sub(r"(?<!%)%(?![%(])", "%%", sql), params)
            print(f"{name:28s} {cursor.rowcount:>10,} rows {time.perf_counter() - started:7.1f} s", flush=True)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    cells = mention_rollup_refresh(full=True)
    print(f"{'rollups':28s} {cells:>10,} cells {time.perf_counter() - started:6.1f} s")
    # What autovacuum does to a live database within minutes of a bulk load: statistics for the
    # planner and the visibility map, without which an index-only scan reads the table too (home
    # measured 97 ms p50 after it, 305 ms before).
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"{'vacuum analyze':28s} {'':>10s}       {time.perf_counter() - started:6.1f} s")
    print(f"mentions in total: {Mention.objects.count():,}")


if __name__ == "__main__":
    main()
