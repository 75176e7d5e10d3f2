"""The bot's SQLite state: retries, conversations and feedback survive a restart."""

from bot.slack.state import SlackState, StoredAnswer


def test_an_event_id_is_claimed_once_even_after_a_restart(tmp_path):
    state = SlackState(tmp_path / "slack.db")
    assert state.claim_event("Ev1") is True
    assert state.claim_event("Ev1") is False
    state.close()
    reopened = SlackState(tmp_path / "slack.db")
    assert reopened.claim_event("Ev1") is False and reopened.claim_event("Ev2") is True


def test_a_thread_keeps_its_account_until_a_new_one_is_known(tmp_path):
    state = SlackState(tmp_path / "slack.db")
    assert state.conversation("C1", "1.1") is None
    state.remember_thread("C1", "1.1", "U1")
    state.remember_thread("C1", "1.1", "U1", "acme-clinics")
    state.remember_thread("C1", "1.1", "U2")  # a reply that named no account keeps Acme
    assert state.conversation("C1", "1.1").account == "acme-clinics"
    state.remember_thread("C1", "1.1", "U1", "orbit-freight")
    assert state.conversation("C1", "1.1").account == "orbit-freight"


def test_feedback_is_stored_with_the_retrieved_chunk_ids_and_replaced_by_a_later_vote(tmp_path):
    state = SlackState(tmp_path / "slack.db")
    state.save_answer(
        StoredAnswer(
            id="a1",
            skill="ask",
            request="q",
            text="Answer",
            blocks=[{"type": "divider"}],
            retrieved=["c1", "c2"],
            citations=[{"source": "s.md", "quote": "q"}],
        )
    )
    assert state.record_feedback("a1", "U1", "good").retrieved == ["c1", "c2"]
    state.record_feedback("a1", "U1", "bad")
    state.record_feedback("a1", "U2", "good")
    assert [(f.user, f.vote) for f in state.feedback("a1")] == [("U1", "bad"), ("U2", "good")]
    assert state.record_feedback("forged", "U1", "good") is None
    assert state.answer("a1").blocks == [{"type": "divider"}]
