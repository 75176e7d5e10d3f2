import datetime as dt

from bot.core.knowledge.accounts import Account
from bot.core.knowledge.loaders import load_file
from bot.core.skills.open_actions import open_items, our_people

ACCOUNT = Account(
    slug="acme",
    name="Acme",
    profile={
        "csm": "Maya Castellanos",
        "stakeholders": [
            {"name": "Victor Huang", "type": "decision_maker"},
            {"name": "Sofia Marchetti", "type": "champion"},
            {"name": "Tara Singh", "type": "user"},
        ],
    },
)
AS_OF = dt.date(2026, 11, 22)


def _note(name: str, date: str, attendees: list[str], body: str):
    front = f"---\ndate: {date}\ntype: meeting\nattendees: [{', '.join(attendees)}]\ntitle: {name}\n---\n"
    return load_file(f"accounts/acme/notes/{date}-{name}.md", (front + body).encode()).chunks


def _call(date: str, lines: str):
    return load_file(f"accounts/acme/transcripts/{date}-call.txt", f"# {date} Acme call\n{lines}".encode()).chunks


def _tasks(chunks, ours=frozenset({"Maya Castellanos", "Ben Adeyemi"})):
    return {i.task: i for i in open_items(ACCOUNT, chunks, AS_OF, set(ours))}


def test_a_commitment_a_later_note_reports_done_is_not_open():
    june = _note("visit", "2026-06-17", ["Sofia Marchetti", "Maya Castellanos"],
                 "## Decisions\n\n- Maya and Ben will shadow the East Campus ED on an evening shift.\n")  # fmt: skip
    august = _note("shadowing", "2026-08-27", ["Maya Castellanos", "Ben Adeyemi"],
                   "## Summary\n\nMaya Castellanos and Ben Adeyemi shadowed two evening shifts at the East Campus "
                   "emergency department.\n")  # fmt: skip
    assert not any(t.startswith("Shadow") for t in _tasks(june + august))
    assert any(t.startswith("Shadow") for t in _tasks(june))  # open until someone reports it done


def test_an_undated_promise_from_an_earlier_round_of_meetings_is_stale_but_a_dated_one_counts():
    old = _note("sync", "2026-10-01", ["Sofia Marchetti", "Maya Castellanos"],
                "## Action items\n\n- Maya will send a short written update every day.\n"
                "- Sofia will confirm the budget by 2026-12-15.\n")  # fmt: skip
    new = _note("review", "2026-11-12", ["Sofia Marchetti", "Maya Castellanos"],
                "## Action items\n\n- Maya will update the risk register weekly.\n")  # fmt: skip
    tasks = _tasks(old + new)
    assert "Send a short written update every day" not in tasks
    assert tasks["Confirm the budget"].due == dt.date(2026, 12, 15)
    assert "Update the risk register weekly" in tasks


def test_a_task_that_points_back_gives_way_to_the_specific_one_and_his_is_resolved():
    chunks = _call("2026-11-06", (
        "Tara Singh: The six-hour suppression is easy. I can build it as a journey entry rule.\n"
        "Sofia Marchetti: Let's go with that.\n"
        "Tara Singh: I'll build the suppression rule and dry-run it with a test send by 2026-11-27.\n"
        "Maya Castellanos: I'd like a success plan review with Victor in mid-December.\n"
        "Sofia Marchetti: Victor will want the November scorecard first.\n"
        "Maya Castellanos: It goes out on December second.\n"
        "Sofia Marchetti: Then mid-December is fine. I'll ask his assistant for a slot.\n"
    ))  # fmt: skip
    tasks = _tasks(chunks)
    assert "Build it as a journey entry rule" not in tasks
    assert tasks["Build the suppression rule and dry-run it with a test send"].owner == "Tara Singh"
    slot = tasks["Ask Victor Huang's assistant for a slot"]
    assert (slot.owner, slot.side) == ("Sofia Marchetti", "customer")
    assert slot.context == "2026-11-06 Acme call"


def test_owners_must_be_people_and_sides_follow_who_they_are():
    note = _note("proposal", "2026-11-18", ["Sofia Marchetti", "Maya Castellanos"],
                 "## Summary\n\nCall to review the final proposal with the board.\n\n"
                 "## Action items\n\n- Maya will send the onboarding plan to Sofia by 2026-12-15.\n"
                 "- Tara will nominate two buddies for the new hubs by 2026-12-18.\n")  # fmt: skip
    tasks = _tasks(note)
    assert not any("final proposal" in t for t in tasks)  # "Call" is not a person
    assert (tasks["Send the onboarding plan to Sofia"].owner, tasks["Send the onboarding plan to Sofia"].side) == (
        "Maya Castellanos", "us",
    )  # fmt: skip
    assert tasks["Nominate two buddies for the new hubs"].side == "customer"


def test_our_people_are_the_csms_internal_attendees_and_people_who_meet_several_accounts():
    internal = _note("risk review", "2026-11-12", ["Maya Castellanos", "Sam Whitaker"], "## Summary\n\nInternal.\n")
    customer = _note("sync", "2026-11-01", ["Sofia Marchetti", "Rachel Kim"], "## Summary\n\nSync.\n")
    elsewhere = load_file("accounts/other/notes/2026-10-01-x.md",
                          b"---\ndate: 2026-10-01\ntype: call\nattendees: [Rachel Kim, Zoe Park]\n---\n## S\n\nHi.\n"
                          ).chunks  # fmt: skip
    ours = our_people(ACCOUNT, internal + customer + elsewhere, ["Maya Castellanos"])
    assert {"Maya Castellanos", "Sam Whitaker", "Rachel Kim"} <= ours
    assert "Sofia Marchetti" not in ours and "Zoe Park" not in ours


def test_an_instruction_with_its_owner_named_after_it_is_that_owners_open_item():
    # Regression: "Invite Sofia to speak…; Maya will ask by 2026-11-30." gave the owner "Invite Sofia", so the
    # plan dropped Maya's real commitment with the bogus owner.
    note = _note("advocacy", "2026-11-12", ["Maya Castellanos", "Sam Whitaker"],
                 "## Next advocacy steps\n\n- Invite Sofia to speak at the customer summit in April 2027; Maya will "
                 "ask by 2026-11-30.\n")  # fmt: skip
    item = _tasks(note)["Invite Sofia to speak at the customer summit in April 2027"]
    assert (item.owner, item.side, item.due) == ("Maya Castellanos", "us", dt.date(2026, 11, 30))


def test_her_before_an_infinitive_is_the_person_not_a_possessive():
    # Regression: "ask her to act as champion" became "ask Tara Singh's to act as champion".
    chunks = _call("2026-11-20", (
        "Sofia Marchetti: Tara Singh is good with the floor.\n"
        "Sofia Marchetti: I'll ask her to act as clinical champion by 2026-11-30.\n"
    ))  # fmt: skip
    assert "Ask Tara Singh to act as clinical champion" in _tasks(chunks)
