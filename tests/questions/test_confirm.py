"""issue 13 item 13: rejecting a question and deleting a sensitive word ask first (no JS): the
first POST only says what will happen, the confirmed one acts."""

from gongkai.questions import services
from gongkai.questions.models import SensitiveWord


def test_reject_asks_first_and_says_what_it_does(interview, client_as):
    question, _ = services.ask_question(
        interview, nickname="网友", text="请问补贴什么时候发？", kind="consult"
    )
    client = client_as("service_center")
    url = f"/questions/staff/{question.pk}/reject/"
    ask = client.post(url, {"reason": "advertising"})
    page = ask.content.decode()
    assert ask.status_code == 200
    assert "请问补贴什么时候发？" in page and "提问人会看到原因" in page
    assert 'name="reason" value="advertising"' in page and 'name="confirmed" value="1"' in page
    question.refresh_from_db()
    assert question.status == "pending"  # asking changed nothing
    assert client.post(url, {"reason": "advertising", "confirmed": "1"}).status_code == 302
    question.refresh_from_db()
    assert (question.status, question.reject_reason) == ("rejected", "advertising")


def test_sensitive_word_delete_asks_first(client_as, db):
    word = SensitiveWord.objects.create(word="测试词")
    client = client_as("service_center")
    url = f"/questions/staff/words/{word.pk}/delete/"
    page = client.post(url).content.decode()
    assert "测试词" in page and 'name="confirmed"' in page
    assert SensitiveWord.objects.filter(pk=word.pk).exists()
    client.post(url, {"confirmed": "1"})
    assert not SensitiveWord.objects.filter(pk=word.pk).exists()


def test_the_confirmation_is_not_shown_to_who_may_not_act(interview, client_as):
    question, _ = services.ask_question(
        interview, nickname="网友", text="秘密的问题内容", kind="consult"
    )
    response = client_as("media_center").post(f"/questions/staff/{question.pk}/reject/", {})
    assert response.status_code in (403, 404)
    assert "秘密的问题内容" not in response.content.decode()


def test_merge_asks_first_naming_both_questions(interview, client_as):
    keep, _ = services.ask_question(
        interview, nickname="a", text="补贴什么时候发放？", kind="consult"
    )
    dup, _ = services.ask_question(interview, nickname="b", text="补贴几时发呀", kind="consult")
    client = client_as("service_center")
    url = f"/questions/staff/{dup.pk}/merge/"
    page = client.post(url, {"into": keep.pk}).content.decode()
    assert "补贴几时发呀" in page and "补贴什么时候发放？" in page and "不能撤销" in page
    dup.refresh_from_db()
    assert dup.status == "pending"
    client.post(url, {"into": keep.pk, "confirmed": "1"})
    dup.refresh_from_db()
    assert (dup.status, dup.merged_into_id) == ("merged", keep.pk)
