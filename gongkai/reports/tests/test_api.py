from django.core.files.uploadedfile import SimpleUploadedFile

from .material import HONGZE_2023, SEED


def test_parse_endpoint_returns_the_report_forms_shape(client, db):
    upload = SimpleUploadedFile(SEED.name, SEED.read_bytes())
    response = client.post("/api/v1/reports/parse", {"file": upload})
    assert response.status_code == 200
    data = response.json()
    assert (data["form"], data["year"]) == ("2014", 2018)
    assert data["rows"]["1.1"] == 10947
    assert data["rows"]["8.4"] == "5"


def test_check_endpoint_returns_findings_and_score(client, db):
    upload = SimpleUploadedFile(HONGZE_2023.name, HONGZE_2023.read_bytes())
    response = client.post("/api/v1/reports/check", {"file": upload})
    assert response.status_code == 200
    data = response.json()
    rules = [f["rule"] for f in data["findings"] if f["severity"] == "error"]
    assert rules == ["review.group_total", "review.group_total"]
    assert data["score"] == 60
    assert data["report"]["agency"] == "洪泽区人民政府"


def test_unreadable_file_is_422_with_the_reason(client, db):
    upload = SimpleUploadedFile("empty.txt", b"")
    response = client.post("/api/v1/reports/parse", {"file": upload})
    assert response.status_code == 422
    assert response.json() == {"detail": "无法读取：文件是空的"}
