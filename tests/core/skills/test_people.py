from bot.core.skills import people

TWO_GROUPS = (
    "Dispatchers in the Dallas and Houston hubs who plan and rebalance routes, and delivery drivers who use the "
    "mobile app for stops, scans and proof of delivery"
)
SHARED_CLAUSE = (
    "Member-service representatives in 14 branches and agents in the contact center who handle member requests"
)


def _labels(text, level="end_users"):
    return [g.label for g in people.groups({level: text})]


def test_a_profile_sentence_is_read_as_its_groups():
    assert _labels(TWO_GROUPS) == ["dispatchers in the Dallas and Houston hubs", "delivery drivers"]
    assert _labels(SHARED_CLAUSE) == ["member-service representatives in 14 branches", "agents in the contact center"]
    # One group with a shared qualifier, and a list inside a who-clause, stay whole.
    assert _labels(
        "Registered nurses and charge nurses on three campuses (Main, West and East) who document intake"
    ) == ["registered nurses and charge nurses on three campuses"]
    assert _labels("Teachers who create assignments, give feedback, and grade student work") == ["teachers"]


def test_labels_keep_numbers_and_leave_out_subgroups():
    assert people.label("About 185,000 credit union members who bank with us") == "about 185,000 credit union members"
    assert people.label("About 11,000 students in grades 6 to 12, and their families") == (
        "about 11,000 students in grades 6 to 12 and their families"
    )
    subgroup = "Consumers who shop online, including 2.4 million loyalty members who get emails"
    assert people.label(subgroup) == "consumers"
    assert people.label("Shippers (merchants and retailers) and the recipients waiting for their deliveries") == (
        "shippers and the recipients"
    )
    assert people.bare("about 185,000 credit union members") == "credit union members"


def test_the_group_a_text_is_about():
    groups = people.groups({"end_users": TWO_GROUPS})
    assert people.best(groups, "low usage of the mobile app").label == "delivery drivers"  # its who-clause
    assert people.best(groups, "route plans take too long").label.startswith("dispatchers")
    assert people.best(groups, "the new console", decided=True) is None  # nothing to go on: no single group


def test_people_named_in_a_text():
    assert people.named("low usage of proactive fraud alerts by call-center agents") == ("call-center agents", 39)
    assert people.named("East Campus ED nurses avoid the platform")[0] == "East Campus ED nurses"
    assert people.named("Drivers stop using the app")[0] == "drivers"
    assert people.named("low usage of Quick Intake at East Campus") is None


def test_a_narrower_name_comes_from_the_notes_only_when_it_echoes_the_problem():
    heads = frozenset({"nurse"})
    insight = "East Campus ED nurses avoid the platform during intake"
    assert people.narrower("registered nurses", heads, insight, "low usage of Quick Intake at East Campus") == (
        "East Campus ED nurses"
    )
    assert people.narrower("registered nurses", heads, insight, "low adoption of medication charting") is None
