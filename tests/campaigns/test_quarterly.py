"""The quarterly update as a document: the demo's 2020 Q4 update drafted from the data in English,
French and Arabic, its PDF pages rendered and read back, its Word file, edits, freezing, versions,
public links, and the bad inputs (a quarter with no activity, a frozen version edited, a revoked link)."""

from __future__ import annotations

import datetime as dt
import io
import json
import unicodedata

import pypdfium2
import pytest
from django.core.exceptions import ValidationError
from docx import Document
from PIL import ImageStat

from campaigns.models import Campaign, QuarterlyUpdate, User
from campaigns.reports.demo import demo_seed
from campaigns.reports.quarterly import services
from campaigns.reports.quarterly.document import draft_document
from campaigns.reports.quarterly.files import document_docx, document_pdf
from outreach.models import Contact, Organisation
from outreach.privacy import display_name
from tests import factories as f

pytestmark = pytest.mark.django_db

SECTIONS = ["summary", "asks", "briefings", "opeds", "press", "outreach", "next", "exit"]
CYRILLIC_TITLE = "Две журналистки, две стороны, один призыв"


@pytest.fixture
def demo_documents():
    """The demo's 2020 Q4 update in each language, drafted by Parley from the demo data."""
    demo_seed()
    campaign = Campaign.objects.get(slug="nagorno-karabakh-2020")
    coordinator = User.objects.get(username="coordinator")
    documents = {}
    for language in ("en", "fr", "ar"):
        update = services.quarterly_draft_open(
            campaign=campaign, year=2020, quarter=4, language=language, by=coordinator
        )
        documents[language] = draft_document(update=update)
    return documents


def text_of(document: dict) -> str:
    parts = [document["title"], document["subtitle"]]
    for section in document["sections"]:
        parts += [section["heading"], section["text"]]
        for block in section["blocks"]:
            parts += [str(block.get("caption", "")), str(block.get("text", ""))]
            parts += [" ".join(map(str, row)) for row in block.get("rows", [])]
            parts += [item["text"] for item in block.get("items", [])]
    return "\n".join(parts)


def test_the_demo_q4_2020_update_fills_every_section_from_the_data_in_three_languages(demo_documents):
    for language, document in demo_documents.items():
        assert json.loads(json.dumps(document)) == document  # what a frozen version stores
        keys = [section["key"] for section in document["sections"]]
        assert [key for key in keys if not key.startswith("ask-")] == SECTIONS, language
        assert len([key for key in keys if key.startswith("ask-")]) == 4
        for section in document["sections"]:
            # Every section carries figures from the data, not only "nothing this quarter".
            assert any(block["type"] != "note" for block in section["blocks"]) or section["text"], (language, section)
            assert all(block["type"] != "note" for block in section["blocks"]), (language, section["key"])
        text = text_of(document)
        for fact in ("Svitlana Valko", "Thomas de Waal", "Le Monde", "BBC World News", "Karekin II", CYRILLIC_TITLE,
                     "OSCE Insights", "The EU statement of 12 November"):  # fmt: skip
            assert fact in text, (language, fact)
    en, fr, ar = demo_documents["en"], demo_documents["fr"], demo_documents["ar"]
    assert en["subtitle"] == "Quarterly update, October–December 2020"
    assert "10 November 2020" in text_of(en) and "10 novembre 2020" in text_of(fr) and "نوفمبر" in text_of(ar)
    assert fr["sections"][0]["heading"] == "Résumé" and ar["sections"][0]["heading"] == "الملخص"
    assert ar["direction"] == "rtl" and en["direction"] == fr["direction"] == "ltr"
    # The coordinator's own words stay as written, in every language.
    assert all(doc["sections"][0]["text"].startswith("Launched when the fighting") for doc in (en, fr, ar))


def pdf_pages(pdf: bytes, tmp_path, name: str):
    document = pypdfium2.PdfDocument(pdf)
    pages = []
    for index in range(len(document)):
        page = document[index]
        image = page.render(scale=1).to_pil().convert("L")
        image.save(tmp_path / f"{name}-{index + 1}.png")
        pages.append((image, page.get_textpage().get_text_range()))
    return pages


def test_the_pdf_shows_arabic_right_to_left_and_cyrillic_on_every_page(demo_documents, tmp_path):
    for language, document in demo_documents.items():
        pdf = document_pdf(document)
        assert pdf.startswith(b"%PDF")
        pages = pdf_pages(pdf, tmp_path, language)
        assert 3 <= len(pages) <= 8, (language, len(pages))
        for image, _text in pages:
            assert ImageStat.Stat(image).stddev[0] > 10, "a blank page"  # ink on white
            assert image.getextrema()[0] < 60  # some dark text
        # Lines wrap inside table cells: compare with whitespace folded.
        text = " ".join(unicodedata.normalize("NFKC", "\n".join(text for _image, text in pages)).split())
        assert CYRILLIC_TITLE in text, language
        if language == "ar":
            # The text layer holds the Arabic words in reading order: shaped glyphs mapped back to letters.
            for word in ("ملخ", "نوفمبر", "المنظمات"):
                assert word in text, word
            # Right to left: the Arabic heading of the first section stands at the right of the page.
            first = pypdfium2.PdfDocument(pdf)[0]
            textpage = first.get_textpage()
            left, _bottom, right, _top = textpage.get_charbox(textpage.get_text_range().index("ملخ"))
            assert left > first.get_width() / 2, (left, first.get_width())


def test_the_word_file_has_right_to_left_arabic_and_cyrillic(demo_documents):
    docx = Document(io.BytesIO(document_docx(demo_documents["ar"])))
    texts = [paragraph.text for paragraph in docx.paragraphs]
    assert "الملخص" in texts
    heading = next(p for p in docx.paragraphs if p.text == "الملخص")
    assert heading._p.pPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi") is not None
    cells = [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
    assert any(CYRILLIC_TITLE in cell for cell in cells)
    english = Document(io.BytesIO(document_docx(demo_documents["en"])))
    assert english.paragraphs[0].text == "Nagorno-Karabakh emergency response"


@pytest.fixture
def quarter():
    campaign = f.CampaignFactory(slug="nk", launched_on=dt.date(2020, 10, 15))
    coordinator = f.UserFactory(username="lead")
    f.MembershipFactory(campaign=campaign, user=coordinator, role="coordinator")
    update = services.quarterly_draft_open(campaign=campaign, year=2020, quarter=4, language="en", by=coordinator)
    return campaign, coordinator, update


def test_edits_stay_figures_refresh_until_frozen_and_a_frozen_version_never_changes(quarter):
    campaign, coordinator, update = quarter
    services.quarterly_section_edit(update=update, key="summary", by=coordinator, heading="In short", text="Our words.")
    f.PlacementFactory(campaign=campaign, title="On BBC World", published_on=dt.date(2020, 11, 10))
    update.refresh_from_db()
    document = draft_document(update=update)
    assert document["sections"][0]["heading"] == "In short" and document["sections"][0]["text"] == "Our words."
    assert "On BBC World" in text_of(document)
    version = services.quarterly_freeze(update=update, by=coordinator)
    f.PlacementFactory(campaign=campaign, title="In Le Monde", published_on=dt.date(2020, 11, 11))
    version.refresh_from_db()
    assert "In Le Monde" not in text_of(version.document) and "On BBC World" in text_of(version.document)
    with pytest.raises(ValidationError, match="frozen as version 1"):
        services.quarterly_section_edit(update=update, key="summary", by=coordinator, text="Changed after the fact")
    with pytest.raises(ValidationError, match="frozen as version 1"):
        services.quarterly_freeze(update=update, by=coordinator)
    services.quarterly_reopen(update=update, by=coordinator)
    services.quarterly_section_edit(update=update, key="summary", by=coordinator, text="Second thoughts.")
    second = services.quarterly_freeze(update=update, by=coordinator)
    version.refresh_from_db()
    assert second.number == 2 and "In Le Monde" in text_of(second.document)
    assert version.document["sections"][0]["text"] == "Our words."
    # A blank heading and text go back to what Parley drafted.
    services.quarterly_reopen(update=update, by=coordinator)
    update = services.quarterly_section_edit(update=update, key="summary", by=coordinator)
    assert draft_document(update=update)["sections"][0]["heading"] == "Summary"


def test_a_frozen_version_edited_in_the_browser_is_refused_and_the_typed_text_kept(client, quarter):
    campaign, coordinator, update = quarter
    services.quarterly_freeze(update=update, by=coordinator)
    client.force_login(coordinator)
    response = client.post(
        f"/campaigns/nk/quarterly/{update.pk}/sections/summary", {"heading": "Mine", "text": "A paragraph I typed."}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "frozen as version 1" in body and "A paragraph I typed." in body
    assert QuarterlyUpdate.objects.get(pk=update.pk).edits == {}


def test_a_quarter_with_no_activity_is_drafted_with_a_clear_message(client, quarter):
    campaign, coordinator, update = quarter
    document = draft_document(update=update)
    assert not document["has_activity"]
    assert "No activity was recorded for the campaign between 1 October 2020 and 31 December 2020." in text_of(document)
    client.force_login(coordinator)
    page = client.get(f"/campaigns/nk/quarterly/{update.pk}/").content.decode()
    assert "Nothing was recorded for the campaign in this quarter" in page


def test_a_quarter_that_has_not_started_and_an_unknown_section_are_refused(quarter):
    campaign, coordinator, update = quarter
    next_year = dt.date.today().year + 1
    with pytest.raises(ValidationError):
        services.quarterly_draft_open(campaign=campaign, year=next_year, quarter=1, language="en", by=coordinator)
    with pytest.raises(ValidationError, match="no such section"):
        services.quarterly_section_edit(update=update, key="gossip", by=coordinator, text="x")


def test_a_public_link_reads_signed_out_and_a_revoked_one_says_it_was_withdrawn(client, quarter):
    campaign, coordinator, update = quarter
    version = services.quarterly_freeze(update=update, by=coordinator)
    link = services.quarterly_share(version=version, by=coordinator)
    page = client.get(f"/shared/quarterly/{link.token}/")
    assert page.status_code == 200 and campaign.name in page.content.decode()
    pdf = client.get(f"/shared/quarterly/{link.token}/update.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    services.quarterly_unshare(link=link, by=coordinator)
    gone = client.get(f"/shared/quarterly/{link.token}/")
    assert gone.status_code == 410 and "This update was withdrawn" in gone.content.decode()
    assert client.get(f"/shared/quarterly/{link.token}/update.pdf").status_code == 410
    assert client.get("/shared/quarterly/not-a-token/").status_code == 404


def test_viewers_read_and_download_but_do_not_edit_freeze_or_share(client, quarter):
    campaign, coordinator, update = quarter
    viewer = f.UserFactory(username="reader")
    f.MembershipFactory(campaign=campaign, user=viewer, role="viewer")
    client.force_login(viewer)
    assert client.get(f"/campaigns/nk/quarterly/{update.pk}/").status_code == 200
    assert client.get(f"/campaigns/nk/quarterly/{update.pk}/draft.docx").status_code == 200
    assert client.post(f"/campaigns/nk/quarterly/{update.pk}/freeze").status_code == 403
    assert client.post(f"/campaigns/nk/quarterly/{update.pk}/sections/summary", {"text": "x"}).status_code == 403
    outsider = f.UserFactory(username="outsider")
    client.force_login(outsider)
    assert client.get(f"/campaigns/nk/quarterly/{update.pk}/").status_code == 404


def test_a_protected_contact_is_named_by_pseudonym_or_role_in_public_texts():
    contact = Contact(full_name="Vahan Ter-Sargsyan", title="Former ambassador", pseudonym="", is_protected=False)
    assert display_name(contact, for_public=True) == "Vahan Ter-Sargsyan"
    contact.is_protected = True
    assert display_name(contact, for_public=True) == "a former ambassador (name withheld)"
    assert display_name(contact, for_public=False) == "Vahan Ter-Sargsyan"
    contact.pseudonym = "The diplomat"
    assert display_name(contact, for_public=True) == "The diplomat"
    # Protected through their organisation, without a mark of their own.
    at_risk = Organisation(pk=7, name="Shelter", is_protected=True)
    colleague = Contact(full_name="Ani Hakobyan", organisation=at_risk, pseudonym="", title="", is_protected=False)
    assert display_name(colleague, for_public=True) == "a contact whose name is withheld"
