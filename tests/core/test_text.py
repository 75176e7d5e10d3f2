from bot.core.text import sentences, stem, tokens, truncate


def test_sentences_rejoin_wrapped_lines_and_split_bullets_and_speakers():
    text = (
        "The account is at risk: the champion is departing, weekly active nurses have\n"
        "fallen since May. Tickets rose.\n\n- Bullet one is here\n  and continues.\n- Bullet two.\n"
        "Dana Whitfield: I think we should go. Ok then.\nSam: Fine."
    )
    assert sentences(text) == [
        "The account is at risk: the champion is departing, weekly active nurses have fallen since May.",
        "Tickets rose.",
        "Bullet one is here and continues.",
        "Bullet two.",
        "Dana Whitfield: I think we should go.",
        "Ok then.",
        "Sam: Fine.",
    ]


def test_abbreviations_do_not_end_sentences():
    assert sentences("Dana will send the handover document to Dr. Greene by Friday. Done.") == [
        "Dana will send the handover document to Dr. Greene by Friday.",
        "Done.",
    ]


def test_a_time_of_day_with_its_zone_does_not_end_a_sentence():
    assert sentences("Send it by five p.m. Eastern on Friday. Then we close. We met at 9 a.m. Lunch was late.") == [
        "Send it by five p.m. Eastern on Friday.",
        "Then we close.",
        "We met at 9 a.m.",
        "Lunch was late.",
    ]


def test_tokens_drop_stopwords_and_stem_lightly():
    assert tokens("What are the renewals' risks for the nurses?") == ["renewal", "risk", "nurse"]
    assert stem("news") == "news" and stem("companies") == "company"


def test_truncate_cuts_at_a_word_and_marks_it():
    assert truncate("short", 10) == "short"
    assert truncate("one two three four", 12) == "one two…"
