"""The contacts import: a stray quote swallows no rows, values the database would refuse are reported
per row (never a 500), and the upload's size is enforced while it streams in."""

from __future__ import annotations

import io
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from outreach.models import Contact, Organisation, Tag
from outreach.services.contacts_import import contacts_import_apply, contacts_import_check
from tests import factories as f

pytestmark = pytest.mark.django_db

HEADER = "full_name,email,organisation,tags\n"


@pytest.fixture
def staff_client():
    staff = f.UserFactory()
    f.MembershipFactory(user=staff, role="staff")
    client = Client()
    client.force_login(staff)
    return client, staff


def _check(text: str):
    return contacts_import_check(data=text.encode())


def test_an_unterminated_quote_is_reported_on_its_line_and_the_following_rows_are_read_as_rows():
    plan = _check(
        HEADER
        + '"Anna Petrosyan,anna@civilnet.example.org,CivilNet,\n'
        + "Thomas de Waal,tdw@carnegie.example.org,Carnegie Europe,expert\n"
        + "Svitlana Valko,sv@iphr.example.org,IPHR,\n"
    )
    assert [(e.row, e.column) for e in plan.errors] == [(2, "")]
    assert "quote" in plan.errors[0].message
    assert [row["full_name"] for row in plan.rows] == ["Thomas de Waal", "Svitlana Valko"]
    assert [row["line"] for row in plan.rows] == [3, 4]
    assert all("\n" not in row["full_name"] for row in plan.rows)


def test_an_unterminated_quote_on_the_last_line_is_reported_too():
    plan = _check(HEADER + 'Thomas de Waal,tdw@carnegie.example.org,"Carnegie\n')
    assert [(e.row, e.column) for e in plan.errors] == [(2, "")] and not plan.ok


def test_many_stray_quotes_stop_after_a_bounded_number_of_reports():
    plan = _check(HEADER + "".join(f'"Person {i},p{i}@x.example.org,,\n' for i in range(3000)))
    assert 20 <= len(plan.errors) <= 22 and not plan.ok


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("Nul\x00Byte,nul@x.example.org,,", ""),
        ("Long Tag,tag@x.example.org,," + "t" * 80, "tags"),
        ("Long Org,org@x.example.org," + "O" * 250 + ",", "organisation"),
        ("Long Name," + "n@x.example.org,,".replace("n@", "n" * 300 + "@"), "email"),
        ("N" * 250 + ",long@x.example.org,,", "full_name"),
    ],
    ids=["nul", "80-char-tag", "250-char-organisation", "long-email", "long-name"],
)
def test_values_the_database_would_refuse_are_reported_per_row(line, column):
    plan = _check(HEADER + "Fine Person,fine@x.example.org,,\n" + line + "\n")
    assert [(e.row, e.column) for e in plan.errors] == [(3, column)], plan.errors


@pytest.mark.parametrize(
    "line",
    [
        "Nul\x00Byte,nul@x.example.org,,",
        "Long Tag,tag@x.example.org,," + "t" * 80,
        "Long Org,o@x.example.org," + "O" * 250,
    ],
)
def test_the_import_page_answers_with_the_row_never_a_500(staff_client, line):
    client, _staff = staff_client
    upload = SimpleUploadedFile("c.csv", (HEADER + line + "\n").encode(), "text/csv")
    response = client.post("/outreach/contacts/import/", {"file": upload})
    assert response.status_code == 200
    assert 'class="import-error"' in response.content.decode()
    assert not Contact.objects.exists() and not Organisation.objects.filter(name__startswith="OOO").exists()
    assert not Tag.objects.filter(slug__startswith="ttt").exists()


def test_applying_a_file_with_such_a_value_writes_nothing(staff_client):
    _client, staff = staff_client
    plan = contacts_import_apply(data=(HEADER + "Long Tag,t@x.example.org,," + "t" * 80 + "\n").encode(), by=staff)
    assert not plan.ok and not Contact.objects.exists() and not Tag.objects.exists()


class HugeUpload(io.RawIOBase):
    """A multipart body of ``size`` bytes made up as it is read: the test never holds it in memory."""

    BOUNDARY = "parleyboundary"

    def __init__(self, size: int):
        head = (
            f"--{self.BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="file"; filename="huge.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n" + HEADER
        ).encode()
        tail = f"\r\n--{self.BOUNDARY}--\r\n".encode()
        self.parts = [head, None, tail]
        self.filler = size - len(head) - len(tail)
        self.position = 0
        self.size = size
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = self._next(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def _next(self, wanted: int) -> bytes:
        if self.parts[0] is not None and self.parts[0]:
            chunk, self.parts[0] = self.parts[0][:wanted], self.parts[0][wanted:]
        elif self.filler > 0:
            n = min(wanted, self.filler, 64 * 1024)
            self.filler -= n
            chunk = (b"Someone,someone@x.example.org,,\n" * (n // 32 + 1))[:n]
        else:
            chunk, self.parts[2] = self.parts[2][:wanted], self.parts[2][wanted:]
        self.read_bytes += len(chunk)
        return chunk


def _post_streamed(client: Client, body: HugeUpload, *, content_length: int):
    environ = client._base_environ(
        PATH_INFO="/outreach/contacts/import/",
        REQUEST_METHOD="POST",
        CONTENT_TYPE=f"multipart/form-data; boundary={HugeUpload.BOUNDARY}",
        CONTENT_LENGTH=str(content_length),
        **{"wsgi.input": io.BufferedReader(body)},
    )
    return client.handler(environ)


@pytest.mark.parametrize("announced", ["honest", "understated"])
def test_a_400_mb_upload_is_refused_without_being_read_into_memory(staff_client, announced):
    client, _staff = staff_client
    size = 400 * 1024 * 1024
    body = HugeUpload(size)
    # An understated Content-Length passes the first check; the handler then stops at 1 MB of file.
    length = size if announced == "honest" else 1_050_000
    tracemalloc.start()
    try:
        response = _post_streamed(client, body, content_length=length)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    print(f"{announced}: read {body.read_bytes / 1e6:.1f} MB of the body, peak {peak / 1e6:.1f} MB traced")
    assert response.status_code == 413
    assert "larger than 1 MB" in response.content.decode()
    assert body.read_bytes <= 1_200_000
    assert peak < 30 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"
    assert not Contact.objects.exists()
