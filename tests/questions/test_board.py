"""The host's question board: similar questions grouped, a group merged in one step (asked
first; every asker's lookup code still works; the group's size becomes the 同问 count on the
portal), past answers to reply with, and the topic cloud in the control room."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.questions import grouping, services, similarity
from gongkai.questions.models import Question, QuestionStatus
from tests.conftest import ALL_PERSONAS

pytestmark = pytest.mark.django_db

SIMILAR = [
    "请问今年的农机补贴什么时候发放？",
    "农机补贴什么时候能发放到位？",
    "我家的农机补贴什么时候发放啊",
]


@pytest.fixture(autouse=True)
def _fresh_index():
    similarity.forget()
    yield
    similarity.forget()


@pytest.fixture
def board(interview, personas):
    """Three similar questions (the first approved, with one 同问), one on another topic."""
    made = []
    for i, text in enumerate(SIMILAR):
        q, code = services.ask_question(interview, nickname=f"网友{i}", text=text, kind="consult")
        made.append((q, code))
    services.approve_question(made[0][0], by=personas["service_center"])
    Question.objects.filter(pk=made[0][0].pk).update(metoo_count=1)
    other, _code = services.ask_question(
        interview, nickname="网友x", text="城关镇的路灯坏了谁来修？", kind="consult"
    )
    return made, other


def test_similar_questions_form_a_group_with_its_top_words(interview, board):
    made, other = board
    group = grouping.group_of(made[1][0])
    assert group is not None
    assert group.main_id == made[0][0].pk  # the approved one
    assert sorted(group.member_ids) == sorted([made[1][0].pk, made[2][0].pk])
    assert group.people == 4  # three askers and one 同问
    assert "农机" in group.words and "补贴" in group.words
    assert grouping.group_of(other) is None


def test_queue_shows_the_group_and_pins_its_queries(client_as, interview, board):
    client = client_as("service_center")
    client.get("/questions/staff/?status=all")  # the index is built once per process
    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/questions/staff/?status=all").content.decode()
    label = html[html.index('class="similar-group"') :][:80]
    assert "4 人问到" in label and "农机" in label and "补贴" in label
    assert 0 < len(ctx.captured_queries) <= 12, [q["sql"] for q in ctx.captured_queries]
    services.ask_question(interview, nickname="新", text="农机补贴什么时候发放？", kind="consult")
    with CaptureQueriesContext(connection) as again:
        html = client.get("/questions/staff/?status=all").content.decode()
    assert "5 人问到" in html
    assert len(again.captured_queries) <= len(ctx.captured_queries) + 1


def test_detail_page_offers_the_merge_and_confirms_first(client_as, interview, board):
    made, _other = board
    main, (dup1, code1), (dup2, code2) = made[0][0], made[1], made[2]
    client = client_as("service_center")
    html = client.get(f"/questions/staff/{dup1.pk}/").content.decode()
    assert 'id="similar"' in html and f"#{main.pk}" in html
    url = f"/questions/staff/{main.pk}/merge-group/"
    data = {"ids": [dup1.pk, dup2.pk]}
    asked = client.post(url, data).content.decode()
    assert "Yes, merge them" in asked or "合并" in asked
    assert Question.objects.filter(status=QuestionStatus.MERGED).count() == 0
    response = client.post(url, {**data, "confirmed": "1"})
    assert response.status_code == 302
    assert set(Question.objects.filter(merged_into=main).values_list("pk", flat=True)) == {
        dup1.pk,
        dup2.pk,
    }
    assert Question.objects.get(pk=main.pk).metoo_count == 3  # 1 + two merged askers
    # every asker's lookup code shows the main question
    for code in (code1, code2):
        found = services.find_by_code(code)
        assert found.answering_question.pk == main.pk
    public = client.get(f"/questions/interview/{interview.pk}/").content.decode()
    assert "3 人同问" in public


def test_merging_from_the_control_room_goes_back_there(client_as, interview, board):
    made, _other = board
    client = client_as("service_center")
    html = client.get(f"/interviews/staff/{interview.pk}/control/").content.decode()
    assert "similar-groups" in html
    response = client.post(
        f"/questions/staff/{made[0][0].pk}/merge-group/",
        {"ids": [made[1][0].pk], "back": "control", "confirmed": "1"},
    )
    assert response["Location"].endswith(
        f"/interviews/staff/{interview.pk}/control/#control-questions"
    )
    assert Question.objects.get(pk=made[1][0].pk).merged_into_id == made[0][0].pk


def test_merge_of_nothing_left_says_so(client_as, board):
    made, _other = board
    client = client_as("service_center")
    response = client.post(
        f"/questions/staff/{made[0][0].pk}/merge-group/", {"ids": ["x"], "confirmed": "1"}
    )
    assert response.status_code == 302
    assert Question.objects.filter(status=QuestionStatus.MERGED).count() == 0


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_merge_group_permissions(client_as, board, persona):
    made, _other = board
    client = client_as(persona)
    response = client.post(
        f"/questions/staff/{made[0][0].pk}/merge-group/",
        {"ids": [made[1][0].pk], "confirmed": "1"},
    )
    merged = Question.objects.get(pk=made[1][0].pk).status == QuestionStatus.MERGED
    if persona in ("service_center", "county_office"):
        assert merged
    else:
        assert not merged
        assert response.status_code in (302, 403, 404)
        if persona is None:
            assert "/login" in response["Location"] or "next=" in response["Location"]


def test_topic_cloud_leaves_out_stop_words_and_sensitive_words(client_as, interview, board):
    services.add_sensitive_words(["路灯"])
    client = client_as("service_center")
    html = client.get(f"/interviews/staff/{interview.pk}/control/").content.decode()
    cloud = html[html.index('class="topic-cloud"') : html.index("</ul>", html.index("topic-cloud"))]
    assert "农机 <span" in cloud and "（3 个问题）" in cloud
    assert "topic-size-5" in cloud
    assert "路灯" not in cloud  # on the sensitive-word list
    assert "什么" not in cloud and "请问" not in cloud  # stop words
    assert "style=" not in cloud


def test_cloud_and_groups_not_for_unit_staff(client_as, interview, board):
    html = client_as("unit_staff").get(f"/interviews/staff/{interview.pk}/control/")
    assert "topic-cloud" not in html.content.decode()


def test_past_answer_from_an_earlier_interview_prefills_the_reply(
    client_as, make_interview, interview, personas
):
    earlier = make_interview("live", topic="去年的访谈")
    old, _code = services.ask_question(
        earlier, nickname="老网友", text="农机补贴什么时候发放？", kind="consult"
    )
    services.approve_question(old, by=personas["service_center"])
    services.answer_question(
        old, by=None, text="每年十月底前发放到户。", speaker="局长", mode="live", publish_now=True
    )
    new, _code = services.ask_question(
        interview, nickname="新网友", text="请问农机补贴什么时候发放", kind="consult"
    )
    client = client_as("service_center")
    html = client.get(f"/questions/staff/{new.pk}/").content.decode()
    assert 'id="past-answers"' in html and "每年十月底前发放到户。" in html
    assert f"reply_with=question%3A{old.pk}" in html
    filled = client.get(f"/questions/staff/{new.pk}/?reply_with=question:{old.pk}").content.decode()
    form = filled[filled.index('id="answer-form"') :]
    assert "每年十月底前发放到户。" in form
    assert f"/questions/interview/{earlier.pk}/#question-{old.pk}" in form
    # not for another unit's staff, who do not see the question at all
    assert client_as("other_unit_staff").get(f"/questions/staff/{new.pk}/").status_code == 404


def test_past_answer_from_a_published_interpretation(client_as, interview, personas):
    from gongkai.interviews import past_answers

    found = [
        past_answers.PastAnswer(
            key="policy:1",
            kind="解读",
            title="农机补贴政策解读",
            text="按标准补贴。",
            url="/policies/interpretations/1/",
            score=0.9,
        )
    ]
    source = past_answers.Source(
        name="policy", find=lambda text, ex: found, get=lambda i, t: found[0]
    )
    saved = dict(past_answers._sources)
    past_answers.register_source(source)
    try:
        q, _code = services.ask_question(interview, nickname="甲", text="农机补贴", kind="consult")
        html = client_as("service_center").get(f"/questions/staff/{q.pk}/").content.decode()
        assert "农机补贴政策解读" in html and "reply_with=policy%3A1" in html
    finally:
        past_answers._sources.clear()
        past_answers._sources.update(saved)


def test_groups_only_for_the_reviewers(client_as, board):
    made, _other = board
    html = client_as("assessor").get("/questions/staff/?status=all").content.decode()
    assert "网友1" in html and "similar-group" not in html
    detail = client_as("assessor").get(f"/questions/staff/{made[1][0].pk}/").content.decode()
    assert 'id="similar"' not in detail and "merge-group" not in detail


def test_one_shared_two_gram_is_not_a_group(interview):
    index = similarity.InterviewIndex()
    index.add(1, "问题1")
    assert index.add(2, "问题2") == 2  # its own group
    assert index.add(3, "农机补贴什么时候发放") == 3
    assert index.add(4, "农机补贴何时发放") == 3


def test_group_merge_is_audited_and_pushed_to_open_live_pages(client_as, board):
    from gongkai.audit.models import AuditEntry
    from gongkai.live.models import LiveEvent

    made, _other = board
    main = made[0][0]
    client_as("service_center").post(
        f"/questions/staff/{main.pk}/merge-group/",
        {"ids": [made[1][0].pk, made[2][0].pk], "confirmed": "1"},
    )
    (event,) = LiveEvent.objects.filter(type="question.metoo")
    assert event.payload["key"] == main.element_id and event.payload["count"] == 3
    assert "3 人同问" in event.payload["html"]
    entry = AuditEntry.objects.filter(action="question.grouped").get()
    assert entry.after["merged"] == [made[1][0].pk, made[2][0].pk]
