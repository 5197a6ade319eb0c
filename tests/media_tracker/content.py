"""Feeds and article pages written for the tests, in English, French, Russian and Arabic."""

from __future__ import annotations

from html import escape
from xml.sax.saxutils import escape as xml_escape

PARAGRAPHS = {
    "en": [
        "The ceasefire brokered in Moscow has held for a week along the line of contact, according to "
        "observers who spoke to reporters in Stepanakert on Tuesday afternoon.",
        "Humanitarian agencies said that access to civilians in the region remained limited, and that "
        "thousands of families were still living in basements and in schools far from their homes.",
        "Diplomats from the OSCE Minsk Group are expected to meet again next month to discuss the "
        "next steps, while both governments traded accusations of violations during the weekend.",
    ],
    "fr": [
        "Le cessez-le-feu négocié à Moscou tient depuis une semaine le long de la ligne de contact, selon "
        "des observateurs qui se sont exprimés mardi après-midi devant la presse à Stepanakert.",
        "Les agences humanitaires ont indiqué que l'accès aux civils de la région restait limité et que des "
        "milliers de familles vivaient encore dans des caves et des écoles loin de chez elles.",
        "Les diplomates du Groupe de Minsk de l'OSCE doivent se réunir à nouveau le mois prochain pour "
        "discuter de la suite, tandis que les deux gouvernements s'accusaient de violations.",
    ],
    "ru": [
        "Перемирие, заключённое при посредничестве Москвы, соблюдается уже неделю вдоль линии "
        "соприкосновения, сообщили наблюдатели журналистам в Степанакерте во вторник.",
        "Гуманитарные организации заявили, что доступ к мирным жителям региона по-прежнему ограничен, а "
        "тысячи семей всё ещё живут в подвалах и школах вдали от своих домов.",
        "Дипломаты Минской группы ОБСЕ должны снова встретиться в следующем месяце, чтобы обсудить "
        "дальнейшие шаги, а правительства обеих стран обвиняли друг друга в нарушениях.",
    ],
    "ar": [
        "صمد وقف إطلاق النار الذي تم التوصل إليه في موسكو لمدة أسبوع على طول خط التماس، وفقا لمراقبين "
        "تحدثوا إلى الصحفيين في ستيباناكيرت بعد ظهر يوم الثلاثاء.",
        "وقالت الوكالات الإنسانية إن الوصول إلى المدنيين في المنطقة لا يزال محدودا، وإن آلاف العائلات ما "
        "زالت تعيش في الأقبية والمدارس بعيدا عن منازلها.",
        "ومن المتوقع أن يجتمع دبلوماسيو مجموعة مينسك التابعة لمنظمة الأمن والتعاون في أوروبا مرة أخرى "
        "الشهر المقبل لمناقشة الخطوات التالية، بينما تبادلت الحكومتان الاتهامات بالانتهاكات.",
    ],
}


def page(*, title: str, lang: str, extra: str = "", author: str = "", canonical: str = "") -> str:
    """An article page: the language's paragraphs, with ``extra`` as a paragraph in the middle."""
    paragraphs = list(PARAGRAPHS[lang])
    if extra:
        paragraphs.insert(1, extra)
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    meta = f'<meta name="author" content="{escape(author)}">' if author else ""
    link = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    direction = ' dir="rtl"' if lang == "ar" else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}"{direction}><head><meta charset="utf-8"><title>{escape(title)}</title>{meta}{link}</head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<main><article><h1>{escape(title)}</h1>{body}</article></main>
<footer><p>All rights reserved.</p></footer></body></html>"""


def rss(*, title: str, items: list[dict]) -> str:
    """An RSS 2.0 feed; each item has url, title and optionally author, date, description, content."""
    parts = []
    for item in items:
        parts.append(
            "<item>"
            f"<title>{xml_escape(item['title'])}</title>"
            f"<link>{xml_escape(item['url'])}</link>"
            f"<guid>{xml_escape(item['url'])}</guid>"
            f"<pubDate>{item.get('date', 'Tue, 17 Nov 2020 10:00:00 GMT')}</pubDate>"
            + (f"<author>{xml_escape(item['author'])}</author>" if item.get("author") else "")
            + f"<description>{xml_escape(item.get('description', 'Read more'))}</description>"
            + (f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>" if item.get("content") else "")
            + "</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{xml_escape(title)}</title><link>http://example.org/</link><description>News</description>"
        + "".join(parts)
        + "</channel></rss>"
    )


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
    + "\n".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + '\n]>\n<rss version="2.0"><channel><title>&lol9;</title></channel></rss>'
)

# About 80 KB: one 40 KB entity referenced 2,000 times; expat refuses it, feedparser's loose
# parser would expand it to 80 M characters.
QUADRATIC_BLOWUP = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "'
    + "a" * 40000
    + '">\n]>\n<rss version="2.0"><channel><title>t</title><item><title>'
    + "&a;" * 10000
    + "</title><link>http://example.org/x</link></item></channel></rss>"
)
