"""issue 16, 2: the forms 简明问答, 音频 and 动漫, and the reviewer's warning when an
interpretation mostly repeats its document (要点摘抄/文件压缩 is not an interpretation)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.lib.uploads import validate_audio
from gongkai.policies.models import Interpretation, InterpretationKind, PolicyDocument
from gongkai.policies.services.repetition import repeated_share
from gongkai.publishing.models import ReviewStatus
from tests.fixtures.pages import shows
from tests.policies.conftest import at, make_document, mp4_upload, upload_error

MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" + b"\x00" * 200

DOCUMENT = (
    "第一条 为规范高标准农田建设项目管理，提高项目建设质量和投资效益，根据有关规定，结合本县实际，"
    "制定本办法。第二条 高标准农田建设项目由农户联名向所在镇人民政府提出申请，镇人民政府审核后报县"
    "农业农村局。第三条 项目建成后，管护责任落实到村，村民委员会负责日常管护，县财政按每亩每年"
    "二十元安排管护经费。第四条 县农业农村局在收到申请之日起二十个工作日内作出答复。"
)
COPIED = (
    "一、高标准农田建设项目由农户联名向所在镇人民政府提出申请，镇人民政府审核后报县农业农村局。"
    "二、项目建成后，管护责任落实到村，村民委员会负责日常管护，县财政按每亩每年二十元安排管护经费。"
    "三、县农业农村局在收到申请之日起二十个工作日内作出答复。"
)
OWN_WORDS = (
    "过去不少农田修好以后没人管，沟渠堵了、道路坏了也没人修。这次的办法改了两件事：第一，"
    "想修农田不用等上面安排，您和邻居商量好，一起到镇上提申请就行；第二，修好以后由村里负责"
    "看护，县里每年给钱，坏了有人修。申请交上去，一个月左右就能知道结果。"
)


def mp3_upload(name: str = "talk.mp3") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MP3, content_type="audio/mpeg")


# --- the share of repeated word groups ---------------------------------------------------------


def test_copied_text_repeats_the_document():
    assert repeated_share(COPIED, DOCUMENT) > 0.9


def test_interpretation_in_its_own_words_does_not():
    assert repeated_share(OWN_WORDS, DOCUMENT) < 0.1


def test_too_short_or_empty_is_not_judged():
    assert repeated_share("好", DOCUMENT) == 0
    assert repeated_share(COPIED, "") == 0


def _pending(document: PolicyDocument, body: str, title: str) -> Interpretation:
    return Interpretation.objects.create(
        document=document, kind=InterpretationKind.TEXT, title=title, body=body
    )


def test_review_page_warns_above_the_county_threshold(client_as, nongye):
    document = make_document(nongye, published_on=dt.date(2023, 5, 10))
    document.text = DOCUMENT
    document.save()
    _pending(document, COPIED, "摘抄的解读")
    _pending(document, OWN_WORDS, "真正的解读")
    service = client_as("service_center")
    page = service.get("/policies/staff/review/").content.decode()
    copied, own = page.split("摘抄的解读")[1].split("真正的解读")
    assert "本县提醒阈值为 60%" in copied and "要点摘抄、文件压缩不是解读" in copied
    assert "要点摘抄、文件压缩不是解读" not in own
    # The county raises the threshold in the browser above the copied text's share: no warning.
    response = service.post(
        "/policies/staff/rules/",
        {"written_days": 0, "video_days": 30, "remind_days": 3, "repeat_warning_percent": 100},
    )
    assert response.status_code == 302
    assert shows(service.get("/policies/staff/rules/"), "重复提醒（%）")
    share = round(repeated_share(COPIED, DOCUMENT) * 100)
    page = service.get("/policies/staff/review/").content.decode()
    assert ("要点摘抄、文件压缩不是解读" in page) == (share >= 100)


def test_threshold_above_100_is_refused(client_as):
    response = client_as("county_office").post(
        "/policies/staff/rules/",
        {"written_days": 0, "video_days": 30, "remind_days": 3, "repeat_warning_percent": 150},
    )
    assert shows(response, "100")


# --- 简明问答 ----------------------------------------------------------------------------------


def test_unit_enters_questions_and_answers_one_pair_per_line(client_as, nongye):
    document = make_document(nongye, published_on=dt.date(2023, 5, 10))
    unit = client_as("unit_staff")
    url = f"/policies/staff/{document.pk}/interpretations/new/"
    bad = unit.post(url, {"kind": "qa", "title": "问答", "qa_pairs": "谁可以申请？\n"})
    assert shows(bad, "第 1 行没有回答")
    empty = unit.post(url, {"kind": "qa", "title": "问答", "qa_pairs": ""})
    assert shows(empty, "请至少写一问一答")
    response = unit.post(
        url,
        {
            "kind": "qa",
            "title": "高标准农田建设简明问答",
            "qa_pairs": "谁可以申请？| 本县农户均可联名申请。\n\n多久答复？｜ 二十个工作日内。",
        },
    )
    assert response.status_code == 302
    qa = Interpretation.objects.get(kind=InterpretationKind.QA)
    assert qa.qa_pairs == [
        {"q": "谁可以申请？", "a": "本县农户均可联名申请。"},
        {"q": "多久答复？", "a": "二十个工作日内。"},
    ]
    revise = unit.get(f"/policies/staff/interpretations/{qa.pk}/revise/").content.decode()
    assert "谁可以申请？ | 本县农户均可联名申请。" in revise
    # Q&A is written material: it is published with the document.
    assert qa.is_written


def test_portal_renders_questions_and_answers_as_a_definition_list(client_as, nongye):
    document = make_document(nongye, published_on=dt.date(2023, 5, 10))
    qa = Interpretation.objects.create(
        document=document,
        kind=InterpretationKind.QA,
        title="简明问答",
        qa_pairs=[{"q": "谁可以申请？", "a": "本县农户。"}],
        review_status=ReviewStatus.APPROVED,
        published_at=at(dt.date(2023, 5, 10)),
    )
    page = client_as(None).get(f"/policies/interpretations/{qa.pk}/").content.decode()
    assert '<dl class="qa-list">' in page
    assert "<dt>问： 谁可以申请？</dt><dd><strong>答：</strong> 本县农户。</dd>" in page


# --- 音频 and 动漫 ----------------------------------------------------------------------------


def test_audio_is_checked_by_content():
    assert validate_audio(mp3_upload()) == "mp3"
    refused = upload_error(validate_audio, SimpleUploadedFile("x.mp3", b"%PDF-1.4"))
    assert "不是音频" in refused[0]


def test_unit_uploads_audio_and_the_portal_plays_it_with_ranges(client_as, nongye):
    document = make_document(nongye, published_on=dt.date(2023, 5, 10))
    unit = client_as("unit_staff")
    url = f"/policies/staff/{document.pk}/interpretations/new/"
    missing = unit.post(url, {"kind": "audio", "title": "音频解读"})
    assert shows(missing, "请选择音频文件")
    response = unit.post(url, {"kind": "audio", "title": "音频解读", "audio": mp3_upload()})
    assert response.status_code == 302
    audio = Interpretation.objects.get(kind=InterpretationKind.AUDIO)
    file_url = f"/policies/interpretations/{audio.pk}/audio/"
    assert client_as(None).get(file_url).status_code == 404  # not reviewed yet
    client_as("service_center").post(
        f"/policies/staff/interpretations/{audio.pk}/review/", {"decision": "approve"}
    )
    page = client_as(None).get(f"/policies/interpretations/{audio.pk}/").content.decode()
    assert '<audio id="policy-audio" class="policy-audio" controls preload="metadata" ' in page
    assert f'src="{file_url}"' in page
    part = client_as(None).get(file_url, HTTP_RANGE="bytes=0-9")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 0-9/{len(MP3)}"
    assert b"".join(part.streaming_content) == MP3[:10]


def test_animation_is_a_video_kind(client_as, nongye):
    document = make_document(nongye, published_on=dt.date(2023, 5, 10))
    unit = client_as("unit_staff")
    url = f"/policies/staff/{document.pk}/interpretations/new/"
    response = unit.post(url, {"kind": "animation", "title": "动漫解读", "video": mp4_upload()})
    assert response.status_code == 302
    animation = Interpretation.objects.get(kind=InterpretationKind.ANIMATION)
    assert animation.video and not animation.is_written
    assert list(Interpretation.objects.videos()) == [animation]
    client_as("service_center").post(
        f"/policies/staff/interpretations/{animation.pk}/review/", {"decision": "approve"}
    )
    page = client_as(None).get(f"/policies/interpretations/{animation.pk}/").content.decode()
    assert f'src="/policies/interpretations/{animation.pk}/video/"' in page
    assert "动漫解读" in page
