"""The facts behind the demo campaign, as plain tables; campaigns/demo.py writes them.

Every partner NGO, staff member, journalist, editor and officer named here is invented, and
every email address is on a reserved example domain. Real public institutions, the two
briefing speakers and Catholicos Karekin II keep their real names.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from campaigns.models import Campaign

# Printed by seed_demo for anyone to read: never seed a production database.
DEMO_PASSWORD = "parley-demo"  # noqa: S105
PARIS = ZoneInfo("Europe/Paris")

# (username, first name, last name, time zone, language, campaign role); invented people.
USERS = [
    ("coordinator", "Nareh", "Vartanian", "Europe/Paris", "en", "coordinator"),
    ("staff", "Lilit", "Avetisyan", "Asia/Yerevan", "en", "staff"),
    ("viewer", "Samir", "Nassar", "Asia/Beirut", "ar", "viewer"),
]
DEMO_USERNAMES = [row[0] for row in USERS]

CAMPAIGN = {
    "slug": "nagorno-karabakh-2020",
    "name": "Nagorno-Karabakh emergency response",
    "status": Campaign.Status.MONITORING,
    "launched_on": date(2020, 10, 15),
    "summary": (
        "Launched when the fighting over Nagorno-Karabakh escalated in October 2020. Two aims: get Armenia "
        "and Azerbaijan to commit to a ceasefire that lasts, and protect civilians on both sides of the front."
    ),
    "exit_criteria": (
        "We wind the emergency response down once the ceasefire has held through a monitoring period. "
        "The truce Russia brokered on 9-10 November 2020 opened that period."
    ),
}
# (from, to, when in Paris time, note)
STATUS_CHANGES = [
    ("draft", "active", "2020-10-15T09:00", "Emergency response launched."),
    ("active", "monitoring", "2020-11-10T10:00", "Ceasefire signed overnight; we watch whether it holds."),
]
# (ask, target institution, status, description)
OBJECTIVES = [
    ("Franco-German leadership in bilateral talks with Armenia and Azerbaijan", "French and German governments",
     "advancing", "Paris and Berlin use their direct channels to both capitals to push for a lasting truce."),
    ("A stronger OSCE Minsk Group mechanism", "OSCE Minsk Group co-chairs",
     "stalled", "Give the mediation format the means to verify a ceasefire, not only to convene talks."),
    ("A stronger humanitarian role for the EU and the UN Security Council", "EU institutions and UN Security Council",
     "in_progress", "Funding, a humanitarian envoy and Council attention to the protection of civilians."),
    ("Humanitarian access granted by the warring parties", "Governments of Armenia and Azerbaijan",
     "advancing", "Safe, unhindered access for aid agencies to civilians and detainees on both sides."),
]  # fmt: skip
# Where the asks aim, in the address book: (organisation key, contact keys), by ask position.
ASK_TARGETS = [
    ("auswaertiges-amt", ("ffo_desk",)),
    ("osce-mg", ()),
    ("eeas", ()),
    (None, ()),
]
# How each ask reached its status: (ask position, from, to, when in Paris time, why).
ASK_HISTORY = [
    (1, "not_started", "in_progress", "2020-10-23T17:00", "Briefed the German foreign office's South Caucasus desk."),
    (1, "in_progress", "advancing", "2020-11-18T12:00",
     "Berlin's desk asked for our notes on how a ceasefire can be verified."),
    (2, "not_started", "in_progress", "2020-10-20T16:00", "Shared our paper on verifying a ceasefire."),
    (2, "in_progress", "stalled", "2020-11-10T11:00", "The ceasefire was agreed outside the Minsk Group format."),
    (3, "not_started", "in_progress", "2020-11-18T15:00", "Asked the ICRC for its guidance on access for partners."),
    (4, "not_started", "in_progress", "2020-10-29T16:00", "Partners at the briefing agreed to press both governments."),
    (4, "in_progress", "advancing", "2020-11-11T10:00",
     "The truce opens the way for aid convoys; the journalists' call for access was heard on BBC World and in "
     "Le Monde."),
]  # fmt: skip
# What served each ask: (ask position, kind, what). "what" is an interaction's (contact key or
# organisation key, ISO day), a placement's or a mention's URL, or a note's (text, link, day).
ASK_EVIDENCE = [
    (1, "interaction", ("ffo_desk", "2020-10-23")),
    (1, "placement", "https://www.dw.com/de/parley-demo-interview-berg-karabach"),
    (2, "interaction", ("general", "2020-10-20")),
    (2, "mention", "https://ifsh.de/en/publications/osce-insights/parley-demo-after-the-ceasefire"),
    (3, "interaction", ("icrc", "2020-11-18")),
    (3, "note", ("The EU statement of 12 November cites the women journalists' call for the protection of civilians.",
                 "https://parley-demo.example.org/notes/eu-statement-12-november", "2020-11-12")),
    (4, "briefing", None),
    (4, "placement", "https://www.bbc.com/news/world-europe-parley-demo-karabakh-ceasefire"),
    (4, "placement", "https://www.lemonde.fr/idees/article/2020/11/11/parley-demo-deux-journalistes-un-meme-appel.html"),
    (4, "mention", "https://www.c-r.org/news-and-insights/parley-demo-civil-society-voices"),
]  # fmt: skip
# (condition, state, evidence, as of)
EXIT_CRITERIA = [
    ("The ceasefire holds for three months without a major violation", "partly",
     "Signed on 9-10 November 2020; Russian peacekeepers deployed along the line of contact. Monitoring since.",
     "2020-12-15"),
    ("The two sides agree to exchange prisoners of war and the remains of the dead", "met",
     "Provided for in the statement of 10 November 2020; a first exchange took place on 14 December.", "2020-12-14"),
    ("Humanitarian agencies reach civilians on both sides", "partly",
     "Aid reaches Stepanakert; access to detainees is still limited.", "2020-12-10"),
]  # fmt: skip
TAGS = [
    ("expert", "Expert"), ("journalist", "Journalist"), ("editor", "Editor"), ("diplomat", "Diplomat"),
    ("religious-leader", "Religious leader"), ("officer", "Officer"), ("ngo-staff", "NGO staff"),
]  # fmt: skip

# (key, name, kind, country, website, partner). Websites on example.org are invented organisations.
ORGANISATIONS = [
    ("iphr", "International Partnership on Human Rights", "human_rights", "BE", "https://www.iphronline.org", True),
    ("carnegie", "Carnegie Europe", "think_tank", "BE", "https://carnegieeurope.eu", False),
    ("icrc", "International Committee of the Red Cross", "humanitarian", "CH", "https://www.icrc.org", False),
    ("etchmiadzin", "Mother See of Holy Etchmiadzin", "religious", "AM", "https://www.armenianchurch.org", False),
    ("osce-mg", "OSCE Minsk Group", "intergovernmental", "", "https://www.osce.org/mg", False),
    ("eeas", "European External Action Service", "intergovernmental", "BE", "https://www.eeas.europa.eu", False),
    ("auswaertiges-amt", "Federal Foreign Office", "government", "DE", "https://www.auswaertiges-amt.de", False),
    ("quai-dorsay", "French Ministry for Europe and Foreign Affairs", "government", "FR",
     "https://www.diplomatie.gouv.fr", False),
    ("generals-forum", "European Generals' Peace Forum", "military", "FR", "", False),
    ("bbc", "BBC", "media", "GB", "https://www.bbc.com", False),
    ("lemonde", "Le Monde", "media", "FR", "https://www.lemonde.fr", False),
    ("faz", "Frankfurter Allgemeine Zeitung", "media", "DE", "https://www.faz.net", False),
    ("novaya-gazeta", "Novaya Gazeta", "media", "RU", "https://novayagazeta.ru", False),
    ("caucasus-civil", "Caucasus Civil Initiatives", "ngo", "AM", "", True),
    ("kura-dialogue", "Kura River Dialogue Centre", "ngo", "AZ", "", True),
    ("tbilisi-bridge", "Tbilisi Bridge Forum", "ngo", "GE", "", True),
    ("levant-civic", "Levant Civic Solidarity", "ngo", "LB", "", True),
    ("aleppo-relief", "Aleppo Relief Link", "humanitarian", "SY", "", True),
    ("amman-rights", "Amman Centre for Rights Dialogue", "human_rights", "JO", "", True),
    ("paix-caucase", "Réseau Paix Caucase", "ngo", "FR", "", True),
    ("droits-paix", "Collectif Droits et Paix", "human_rights", "BE", "", True),
    ("berlin-peace", "Berliner Friedenswerkstatt", "ngo", "DE", "", True),
    ("volga-rights", "Volga Human Rights Circle", "human_rights", "RU", "", True),
    ("kyiv-monitor", "Kyiv Conflict Monitor", "ngo", "UA", "", True),
    ("anatolia-peace", "Anatolia Peace Platform", "ngo", "TR", "", True),
    ("geneva-access", "Geneva Humanitarian Access Network", "humanitarian", "CH", "", True),
    ("thameside-peace", "Thameside Peace Trust", "ngo", "GB", "", True),
    ("tunis-mediation", "Tunis Mediation Forum", "ngo", "TN", "", True),
]  # fmt: skip
# Invented partner staff: org key -> (preferred email language, languages, names). "name=local"
# gives the mailbox when the name is not in Latin script.
PARTNER_STAFF = {
    "iphr": ("en", "en ru uk", "Olena Hrytsenko; Marc Verhoeven"),
    "caucasus-civil": ("en", "hy ru en",
        "Anahit Petrosyan; Gor Sargsyan; Lusine Harutyunyan; Tigran Mkrtchyan; Mariam Avagyan"),
    "kura-dialogue": ("en", "az ru en",
        "Aysel Huseynova; Rashad Alizade; Gunel Mammadli; Elvin Guliyev; Nigar Rzayeva"),
    "tbilisi-bridge": ("en", "ka ru en",
        "Nino Beridze; Giorgi Kapanadze; Tamar Lomidze; Levan Javakhia; Ketevan Gelashvili"),
    "levant-civic": ("ar", "ar fr en",
        "ريم خوري=r.khoury; كريم حداد=k.haddad; Nour Saliba; ليلى عون=l.aoun; Hagop Kalaydjian"),
    "aleppo-relief": ("ar", "ar en hy",
        "سامر حلبي=s.halabi; رنا شامي=r.shami; Vartan Boyadjian; هالة ناصر=h.nasser"),
    "amman-rights": ("ar", "ar en",
        "دانة المصري=d.almasri; Yousef Haddadin; لينا عبيدات=l.obeidat; Omar Khalaileh"),
    "paix-caucase": ("fr", "fr en hy",
        "Hélène Faure; Jean-Baptiste Morel; Claire Manoukian; Sébastien Roux; Aurélie Garnier"),
    "droits-paix": ("fr", "fr en",
        "Marie Lambert; Thomas Peeters; Inès Dubois; Julien Claes; Sophie Martens"),
    "berlin-peace": ("en", "de en ru",
        "Jonas Becker; Lena Hoffmann; Felix Wagner; Miriam Schulz; Tobias Krüger"),
    "volga-rights": ("en", "ru en",
        "Olga Smirnova; Pavel Kuznetsov; Irina Volkova; Sergei Morozov; Natalia Fedorova"),
    "kyiv-monitor": ("en", "uk ru en",
        "Oksana Kovalenko; Andrii Melnyk; Iryna Bondar; Taras Shevchuk; Halyna Tkachenko"),
    "anatolia-peace": ("en", "tr en",
        "Elif Yılmaz; Mehmet Demir; Zeynep Kaya; Can Öztürk; Ayşe Çelik"),
    "geneva-access": ("fr", "fr en de",
        "Luc Favre; Anna Keller; Nicolas Rochat; Laura Meier; David Bonvin"),
    "thameside-peace": ("en", "en fr",
        "Emily Clarke; James Whitfield; Priya Nair; Daniel Hughes; Hannah Lewis"),
    "tunis-mediation": ("fr", "ar fr en",
        "Yassine Ben Salem; Amira Trabelsi; Karim Jaziri; Sonia Gharbi; Mehdi Bouazizi"),
}  # fmt: skip
STAFF_TITLES = ["Director", "Advocacy officer", "Programme manager", "Field coordinator", "Communications officer"]
# (key, name, organisation, title, country, languages, preferred language, tags)
KEY_CONTACTS = [
    ("valko", "Svitlana Valko", "iphr", "Human-rights expert", "BE", "en ru uk", "en", "expert ngo-staff"),
    ("dewaal", "Thomas de Waal", "carnegie", "Senior fellow", "GB", "en ru", "en", "expert journalist"),
    ("catholicos", "Karekin II=catholicos", "etchmiadzin", "Catholicos of All Armenians", "AM", "hy ru en", "en",
     "religious-leader"),
    # Invented: the two journalists, the former diplomat, the officers, the editors and the officials.
    ("hy_journalist", "Anush Hakobyan", None, "Freelance journalist, Yerevan", "AM", "hy ru en", "en", "journalist"),
    ("az_journalist", "Leyla Karimova", None, "Freelance journalist, Baku", "AZ", "az ru en", "en", "journalist"),
    ("diplomat", "Vahan Ter-Sargsyan", None, "Former ambassador, negotiator in the 1990s", "AM", "hy ru fr en", "fr",
     "diplomat"),
    ("chancellery", "Narek Sahakyan", "etchmiadzin", "Chancellery of the Catholicos", "AM", "hy en ru", "en", ""),
    ("general", "Pierre-Yves Marchand", "generals-forum", "General (retired)", "FR", "fr en", "fr", "officer expert"),
    ("colonel", "Jürgen Albrecht", "generals-forum", "Colonel (retired)", "DE", "de en ru", "en", "officer"),
    ("ffo_desk", "Stefan Vogel", "auswaertiges-amt", "South Caucasus desk", "DE", "de en ru", "en", "diplomat"),
    ("bbc_producer", "Rachel Adams", "bbc", "Booking producer, BBC World News", "GB", "en", "en", "editor"),
    ("lemonde_editor", "Camille Laurent", "lemonde", "Editor, Débats pages", "FR", "fr en", "fr", "editor"),
    ("faz_editor", "Katrin Brandt", "faz", "Opinion editor", "DE", "de en", "en", "editor"),
    ("novaya_editor", "Dmitry Sokolov", "novaya-gazeta", "Opinion editor", "RU", "ru en", "en", "editor"),
]  # fmt: skip

# (name, kind, country, language, website, feed). Feed paths are made up; the seed never fetches them.
OUTLETS = [
    ("BBC World News", "broadcaster", "GB", "en", "https://www.bbc.com", "https://feeds.bbci.co.uk/news/world/rss.xml"),
    ("Le Monde", "newspaper", "FR", "fr", "https://www.lemonde.fr", "https://www.lemonde.fr/international/rss_full.xml"),
    ("Frankfurter Allgemeine Zeitung", "newspaper", "DE", "de", "https://www.faz.net", "https://www.faz.net/rss/politik/"),
    ("Novaya Gazeta", "newspaper", "RU", "ru", "https://novayagazeta.ru", "https://novayagazeta.ru/rss"),
    ("Deutsche Welle", "broadcaster", "DE", "de", "https://www.dw.com", "https://rss.dw.com/xml/rss-de-all"),
    ("The Moscow Times", "online", "RU", "en", "https://www.themoscowtimes.com", "https://www.themoscowtimes.com/rss/news"),
    ("TRT World", "broadcaster", "TR", "en", "https://www.trtworld.com", "https://www.trtworld.com/rss"),
    ("AFP", "wire", "FR", "en", "https://www.afp.com", "https://www.afp.com/en/rss/world"),
    ("OSCE Insights", "analysis", "DE", "en", "https://ifsh.de/en/publications/osce-insights",
     "https://ifsh.de/en/publications/osce-insights/rss.xml"),
    ("Conciliation Resources", "analysis", "GB", "en", "https://www.c-r.org", "https://www.c-r.org/rss.xml"),
]  # fmt: skip

BRIEFING = {
    "title": "Nagorno-Karabakh: protecting civilians and securing a durable ceasefire",
    "agenda": (
        "1. The human-rights situation and the protection of civilians.\n"
        "2. What a durable ceasefire needs, and who can broker it.\n"
        "3. How partners can carry the asks to their governments. Questions and answers."
    ),
    "starts_at": datetime(2020, 10, 29, 14, 0, tzinfo=PARIS),
    "minutes": 90,
    "online_url": "https://meet.example.org/parley-demo/nagorno-karabakh-briefing",
    "sent_at": datetime(2020, 10, 20, 10, 0, tzinfo=PARIS),
}
# One letter per invited partner, in order, repeating: A accepted and came, N accepted but
# did not come, T maybe, D declined, I no answer. Fixed so that re-runs write the same answers.
RSVP_CYCLE = "AAAADAAATAAANAAI"

# Op-eds by key; a "version_of" row is a translation of the original and shares its authors.
OPEDS = [
    {"key": "joint", "language": "en", "status": "placed", "authors": ("hy_journalist", "az_journalist"),
     "title": "Two journalists, two sides, one plea: make the ceasefire hold",
     "summary": "An Armenian and an Azerbaijani journalist write together that civilians on both sides pay "
                "for the war, and ask both governments to turn the truce into a lasting peace."},
    {"key": "joint-de", "version_of": "joint", "language": "de", "status": "ready",
     "title": "Zwei Journalistinnen, zwei Seiten, ein Appell: Die Waffenruhe muss halten"},
    {"key": "joint-ru", "version_of": "joint", "language": "ru", "status": "ready",
     "title": "Две журналистки, две стороны, один призыв: перемирие должно выстоять"},
    {"key": "joint-fr", "version_of": "joint", "language": "fr", "status": "placed",
     "title": "Deux journalistes, deux camps, un même appel : que le cessez-le-feu tienne"},
    {"key": "diplomat", "language": "fr", "status": "idea", "authors": ("diplomat",),
     "title": "Ce que les négociations des années 1990 nous apprennent pour la paix",
     "summary": "A former negotiator on what the 1990s talks got right and wrong, and what a new deal needs."},
    {"key": "catholicos", "language": "en", "status": "drafting", "authors": ("catholicos",),
     "title": "A call from Etchmiadzin for the protection of civilians and holy places",
     "summary": "Under negotiation with the chancellery: a piece on civilians, prisoners and religious heritage."},
]  # fmt: skip
# (op-ed, outlet, editor, status, pitched on, follow up on, answered on, outcome)
PITCHES = [
    ("joint-de", "Frankfurter Allgemeine Zeitung", "faz_editor", "declined", "2020-11-02", "2020-11-05", "2020-11-04",
     "Opinion pages taken up by the US election; the editor offered a short guest comment instead."),
    ("joint-ru", "Novaya Gazeta", "novaya_editor", "expired", "2020-11-03", "2020-11-06", None,
     "No answer from the editor; the Russian text went to partners instead."),
    ("joint-fr", "Le Monde", "lemonde_editor", "placed", "2020-11-04", "2020-11-07", "2020-11-09",
     "Taken for the Débats pages as soon as the ceasefire was signed."),
    ("diplomat", "Le Monde", "lemonde_editor", "planned", None, None, None, ""),
]  # fmt: skip
# (outlet, kind, op-ed pitched there, date, title, url); spokespeople are the two journalists.
PLACEMENTS = [
    ("BBC World News", "comment", None, "2020-11-10", "Two journalists from both sides on the Karabakh ceasefire",
     "https://www.bbc.com/news/world-europe-parley-demo-karabakh-ceasefire"),
    ("Le Monde", "oped", "joint-fr", "2020-11-11", None,
     "https://www.lemonde.fr/idees/article/2020/11/11/parley-demo-deux-journalistes-un-meme-appel.html"),
    ("Deutsche Welle", "interview", None, "2020-11-11", "Zwei Journalistinnen über die Waffenruhe in Berg-Karabach",
     "https://www.dw.com/de/parley-demo-interview-berg-karabach"),
]  # fmt: skip

# (contact, organisation, channel, when, logged by, summary, next step, follow up, done).
# A contact is a key of KEY_CONTACTS or a partner's email; "when" and "follow up" are ISO
# dates or a number of days from the day of the run, so follow-ups look alive in the demo.
INTERACTIONS = [
    ("chancellery", None, "email", "2020-10-21", "coordinator",
     "Wrote to the Catholicos' office proposing an op-ed on protecting civilians and holy places.",
     "Wait for the chancellery's reply", None, True),
    ("chancellery", None, "call", "2020-10-27", "staff",
     "The chancellery is open to an op-ed and wants an outline in Armenian and English first.",
     "Send the outline in both languages", "2020-10-30", True),
    ("catholicos", None, "email", "2020-11-13", "coordinator",
     "Sent a formal letter to His Holiness with the outline and the outlets we have in mind.", "", None, True),
    ("chancellery", None, "call", -6, "staff",
     "The chancellery is reviewing the revised draft and asks which outlet would run it first.",
     "Propose two outlets and send the Armenian translation", 3, False),
    ("diplomat", None, "call", "2020-11-02", "coordinator",
     "Long call on what the 1990s talks teach today; he is willing to write an op-ed.",
     "Send him a short outline", "2020-11-06", True),
    ("diplomat", None, "email", -12, "staff",
     "Sent him the outline and suggested Le Monde's debate pages for a French text.",
     "Ask whether a first draft is ready", -4, False),
    ("general", None, "meeting", "2020-10-20", "coordinator",
     "Discussed how a ceasefire could be verified and what peacekeepers need on the ground.", "", None, True),
    ("general", None, "video", -20, "coordinator",
     "He agreed to brief the partner network on ceasefire monitoring.",
     "Confirm a date for the partner call", -9, False),
    ("colonel", None, "call", "2020-11-12", "staff",
     "Shared his notes on the line of contact after the peacekeepers deployed.", "", None, True),
    ("ffo_desk", None, "meeting", "2020-10-23", "coordinator",
     "Briefed the South Caucasus desk on the ask for Franco-German leadership.", "", None, True),
    ("hy_journalist", None, "call", "2020-11-09", "staff",
     "Prepared her for the BBC World comment as the ceasefire news broke.", "", None, True),
    ("az_journalist", None, "call", "2020-11-09", "staff",
     "Prepared her for the BBC World comment and the Deutsche Welle interview.", "", None, True),
    ("r.khoury@levant-civic.example.org", None, "email", "2020-10-19", "coordinator",
     "Asked the Levant partners to pass on the briefing invitation and to check the Arabic text.", "", None, True),
    ("a.petrosyan@caucasus-civil.example.org", None, "video", -2, "staff",
     "Debrief with the Yerevan partner on the truce and on access for aid convoys.",
     "Share the monitoring notes with the partner network", 7, False),
    (None, "osce-mg", "email", -3, "coordinator",
     "Sent our paper on a stronger Minsk Group mechanism to the co-chairs' offices.",
     "Ask the French co-chair's office for a meeting", 0, False),
    (None, "icrc", "email", "2020-11-18", "staff",
     "Asked the ICRC for its public guidance on humanitarian access, to brief partners.", "", None, True),
]  # fmt: skip

# (term, kind, source)
# (term, kind, source, language, forms in other languages): each term is found in every
# language the campaign pitches in, inflected ("Минской группы", "Minsker Gruppe"...).
TRACKED_TERMS = [
    ("Nagorno-Karabakh", "place", "manual", "en",
     {"fr": "Haut-Karabakh", "de": "Berg-Karabach", "ru": "Нагорный Карабах", "ar": "ناغورني قره باغ"}),
    ("Stepanakert", "place", "manual", "en", {"ru": "Степанакерт", "ar": "ستيباناكيرت"}),
    ("Minsk Group", "keyword", "manual", "en",
     {"fr": "Groupe de Minsk", "de": "Minsk-Gruppe", "ru": "Минская группа", "ar": "مجموعة مينسك"}),
    ("ceasefire", "keyword", "manual", "en",
     {"fr": "cessez-le-feu", "de": "Waffenruhe", "ru": "перемирие", "ar": "وقف إطلاق النار"}),
    ("humanitarian access", "keyword", "manual", "en",
     {"fr": "accès humanitaire", "de": "humanitärer Zugang", "ru": "гуманитарный доступ",
      "ar": "وصول المساعدات الإنسانية"}),
    ("Karekin II", "person", "manual", "", {"ru": "Гарегин II", "ar": "كاريكين الثاني"}),
    ("Svitlana Valko", "person", "derived", "", {"ru": "Светлана Валько", "ar": "سفيتلانا فالكو"}),
    ("Thomas de Waal", "person", "derived", "", {"ru": "Томас де Ваал", "ar": "توماس دي وال"}),
    ("Anush Hakobyan", "person", "derived", "", {"ru": "Ануш Акопян"}),
    ("Leyla Karimova", "person", "derived", "", {"ru": "Лейла Каримова"}),
    ("International Partnership on Human Rights", "organisation", "derived", "", {}),
    (OPEDS[0]["title"], "oped_title", "derived", "en", {v["language"]: v["title"] for v in OPEDS[1:4]}),
]  # fmt: skip
# Transliterations on the contact records, from which the derived person terms take their forms.
NAME_VARIANTS = {
    "valko": ["Светлана Валько", "سفيتلانا فالكو"],
    "dewaal": ["Томас де Ваал", "توماس دي وال"],
}
# The French version is exclusive to Le Monde for a week after it ran.
EXCLUSIVE_UNTIL = {("joint-fr", "Le Monde"): "2020-11-18"}
# Mentions staff reviewed: (article url path, relevance).
REVIEWED = {
    "/news/parley-demo-karabakh-deal-explained": "relevant",
    "/sport/parley-demo-var-ceasefire": "irrelevant",
}
WIRE_COPY = (
    "Armenia and Azerbaijan accepted a ceasefire brokered by Moscow that took effect overnight, with Russian "
    "peacekeepers due to deploy along the front line and the road to Stepanakert. The OSCE Minsk Group, which "
    "has mediated since the 1990s, had no part in the deal. Aid agencies asked for humanitarian access to "
    "civilians displaced by six weeks of fighting over Nagorno-Karabakh."
)
# (outlet, url path, published at UTC, language, byline, title, text); all texts are written for the demo.
ARTICLES = [
    ("AFP", "/en/news/parley-demo-karabakh-ceasefire", "2020-11-10T03:30", "en", "AFP",
     "Moscow brokers a ceasefire to halt the Nagorno-Karabakh war", WIRE_COPY),
    ("The Moscow Times", "/2020/11/10/parley-demo-karabakh-truce", "2020-11-10T08:15", "en", "AFP",
     "Russian peacekeepers head to Karabakh as truce takes hold", WIRE_COPY),
    ("TRT World", "/news/parley-demo-karabakh-deal-explained", "2020-11-10T12:00", "en", "",
     "What the Nagorno-Karabakh ceasefire deal says",
     "The deal freezes the front lines and sets out a corridor guarded by Russian peacekeepers. Displaced "
     "families on both sides ask when they can go home. Analysts doubt the Minsk Group co-chairs will lead "
     "what comes next."),
    ("Le Monde", "/idees/article/2020/11/11/parley-demo-deux-journalistes-un-meme-appel.html", "2020-11-11T05:00",
     "fr", "Anush Hakobyan et Leyla Karimova", OPEDS[3]["title"],
     "Nous sommes journalistes, l'une arménienne, l'autre azerbaïdjanaise. Le cessez-le-feu signé dans la nuit "
     "du 9 au 10 novembre doit devenir une paix durable au Haut-Karabakh. Protéger les civils des deux camps "
     "ne peut plus attendre."),
    ("Conciliation Resources", "/news-and-insights/parley-demo-civil-society-voices", "2020-11-20T10:00", "en", "",
     "Civil society voices after the Karabakh ceasefire",
     "Peacebuilders from the region met online to take stock of the ceasefire. Speakers at an earlier partner "
     "briefing, Svitlana Valko of the International Partnership on Human Rights and Thomas de Waal, had set out "
     "what the protection of civilians requires. Humanitarian access remains the first test."),
    # Noise: "ceasefire" in a football column. Staff marked it not relevant.
    ("TRT World", "/sport/parley-demo-var-ceasefire", "2020-11-12T18:00", "en", "",
     "Referees call a ceasefire in the VAR war",
     "Clubs and referees agreed a ceasefire over video reviews after a weekend of disputed penalties. The league "
     "will publish the audio of every review from next month."),
    ("OSCE Insights", "/parley-demo-after-the-ceasefire", "2020-12-07T09:00", "en", "",
     "After the ceasefire: is there still a role for the Minsk Group?",
     "The November ceasefire was agreed outside the Minsk Group format. This analysis asks what the co-chairs "
     "can still offer on monitoring, prisoners and the return of displaced people to Nagorno-Karabakh."),
]  # fmt: skip

# --- The campaign's present, dated from the day seed_demo first creates each row -------------
# Numbers are days from that day (negative: in the past), so a fresh demo always has a briefing
# coming up, pitches awaiting an answer, follow-ups due this week and press from the last days.

UPCOMING_BRIEFING = {
    "title": "Partner call: monitoring the ceasefire and humanitarian access",
    "agenda": (
        "1. What the monitors on the line of contact report.\n"
        "2. Humanitarian access: where convoys still cannot go.\n"
        "3. Which asks partners carry to their governments this month."
    ),
    "in_days": 9,
    "at": (15, 0),
    "minutes": 60,
    "speakers": ("general",),
    "online_url": "https://meet.example.org/parley-demo/partner-call",
    "sent_days_ago": 4,
    # One letter per invitee, partner staff in order: A accepted, D declined, T maybe, I no answer yet.
    "answers": "AIAIDAITIIAIAIIDIATIAIIIAI",
}
# An op-ed out with editors now: pitched, no answer yet; one follow-up overdue.
PRESENT_OPED = {
    "key": "truce",
    "language": "en",
    "authors": ("general", "colonel"),
    "title": "A truce is not a peace: what the monitors on the line of contact need",
    "summary": "Two retired officers on what makes a ceasefire verifiable, and who should pay for the monitors.",
}
# (outlet, editor key or None, pitched days ago, follow-up in days)
PRESENT_PITCHES = [
    ("Deutsche Welle", None, -8, -1),
    ("The Moscow Times", None, -3, 2),
    ("TRT World", None, -1, 5),
]
# Like INTERACTIONS, all relative to the day: the week's follow-ups and what was just done.
PRESENT_INTERACTIONS = [
    ("ffo_desk", None, "call", -5, "coordinator",
     "The South Caucasus desk asked for our monitoring notes before the ministers meet.",
     "Send the monitoring notes to the desk", 2, False),
    ("colonel", None, "email", -7, "staff",
     "Sent him the editors' questions on the op-ed about monitoring the truce.",
     "Chase his answers to the editors' questions", -1, False),
    ("bbc_producer", None, "call", -1, "staff",
     "The producer may book one of our spokespeople when the monitors' report comes out.",
     "Send two names and their availability", 1, False),
    ("general", None, "email", -1, "coordinator",
     "He confirmed he will speak at the partner call on ceasefire monitoring.", "", None, True),
    ("r.khoury@levant-civic.example.org", None, "call", 0, "staff",
     "Checked the Arabic invitation to the partner call with the Levant partners.", "", None, True),
]  # fmt: skip
# (outlet, path, hours before the run, language, byline, title, text): found by the tracker.
PRESENT_ARTICLES = [
    ("Deutsche Welle", "/en/parley-demo-monitors-line-of-contact", 20, "en", "",
     "Monitors report breaches of the Karabakh ceasefire",
     "Monitors on the line of contact recorded new breaches of the ceasefire this week. Aid agencies say "
     "humanitarian access to villages near the line is still blocked."),
    ("Le Monde", "/international/article/parley-demo-haut-karabakh-acces-humanitaire.html", 50, "fr", "",
     "Haut-Karabakh : l'accès humanitaire toujours entravé",
     "Les convois n'atteignent toujours pas plusieurs villages du Haut-Karabakh. Les organisations "
     "demandent que le cessez-le-feu soit assorti d'un accès humanitaire garanti."),
    ("OSCE Insights", "/parley-demo-minsk-group-today", 98, "en", "",
     "What is left of the Minsk Group?",
     "The co-chairs of the Minsk Group met again this month. This note asks whether the format can still "
     "help with prisoners, missing persons and the return of displaced families to Nagorno-Karabakh."),
]  # fmt: skip
