"""The sentences of a "Yes, and…" reply, by kind of feedback (request, friction, concern, praise, question, other).

Each acknowledges before it widens, and none names the topic as the subject of a verb that would have to agree with
it ("How does loan payment reminders…"); `{topic}`, `{users}`, `{heard}` and `{stakes}` are filled from the feedback
and the account's profile."""

from __future__ import annotations

# Acknowledge and validate. A request is never said back word for word: "you really need X" reads as our advice.
OPENINGS: dict = {
    "request": {"heard": "Yes, and I'd love to understand what's driving the request for {topic}.",
                "topic": "Yes, and I'd love to understand what's driving the request for {topic}."},
    "stakes": "Yes, and thank you for being this direct: knowing it's {stakes} for you tells me what's really at stake "
    "with {topic}.",
    "friction": {"heard": "Yes, and thank you for telling me plainly that {heard}.",
                 "topic": "Yes, and thank you for raising {topic}."},
    "concern": {"heard": "Yes, and thank you for being open with me that {heard}.",
                "topic": "Yes, and thank you for raising {topic} with me openly."},
    "praise": {"heard": "Yes, and thank you for telling me that {heard}: that's good to hear.",
               "topic": "Yes, and it's great to hear about {topic}."},
    "question": {"heard": "Yes, and that's a fair question about {topic}.",
                 "topic": "Yes, and that's a fair question about {topic}."},
    "other": {"heard": "Yes, and thank you for telling me that {heard}.",
              "topic": "Yes, and thank you for raising {topic}."},
}  # fmt: skip

# Widen to the people who use the product every day.
USERS = {
    "request": "What would {topic} change for {users} in their day-to-day work?",
    "friction": "When did it last get in the way for {users}, and what did they do instead?",
    "concern": "What would {users} need to see to feel confident about it?",
    "praise": "What has it changed for {users} day to day?",
    "question": "How does it look from where {users} sit?",
    "other": "How does it show up for {users} day to day?",
}

# Widen to the customer's own goal.
GOAL = {
    "request": "How would {topic} help you get there?",
    "friction": "How much is this holding that goal back today?",
    "concern": "How does this weigh on that goal from where you sit?",
    "praise": "How much closer has it brought you?",
    "question": "Where does this fit with that goal?",
    "other": "Where does this fit with that goal?",
}

# Widen one level out, to the people the customer serves ("…of credit union members: <line>").
THEIRS = {
    "request": "what would {topic} change for them?",
    "friction": "do they feel it too when this happens?",
    "concern": "how would this reach them?",
    "praise": "have they noticed the difference?",
    "question": "how does this reach them?",
    "other": "how does this reach them?",
}

# Replies built from the feedback alone, for an account we know nothing about (or to reach three replies).
PLAIN: dict = {
    "follow": {
        "request": "What would it make possible for your team that's hard today?",
        "friction": "What does a typical day look like when this comes up?",
        "concern": "What have you seen so far that worries you most?",
        "praise": "What made the difference for your team, and where else could it help?",
        "question": "What's behind the question for you?",
        "other": "What does a typical day look like when this comes up?",
    },
    "request": ["Yes, and I want to see the whole picture before we look at options. Who on your team would use "
                "{topic} most, and how often?",
                "Yes, and your perspective helps us get this right. If {topic} worked exactly the way you need, what "
                "would change for your users?"],
    "friction": ["Yes, and I want to see the whole picture before we look at options. Who on your team runs into "
                 "this most, and how often?",
                 "Yes, and your perspective helps us get this right. If this worked exactly the way you need, what "
                 "would change for your users?"],
    "concern": ["Yes, and I'd rather understand this fully than rush past it. Who else on your side shares the "
                "concern, and what matters most to them?",
                "Yes, and your perspective helps us get this right. What would you need to see to feel confident "
                "again?"],
    "praise": ["Yes, and I'd love to learn from it. Who on your team benefits most, and what do they do differently "
               "now?",
               "Yes, and your perspective helps us build on it. Where else could the same approach help your users?"],
    "question": ["Yes, and I'd like to understand the context behind it. What prompted the question on your side?",
                 "Yes, and your perspective helps us get this right. What would a good answer make possible for your "
                 "team?"],
    "other": ["Yes, and I want to see the whole picture before we look at options. Who on your team is closest to "
              "this, and what do they see?",
              "Yes, and your perspective helps us get this right. What would a good outcome look like for your "
              "users?"],
}  # fmt: skip

# Empathize-stage discovery questions: {topic}, and {people} (the end users, or "the people on your team").
QUESTIONS = {
    "request": (
        "What are you trying to get done when you reach for {topic}, and what happens instead today?",
        "Who would feel the difference first among {people}, and how do they manage without it today?",
        "What's prompting this now: a new goal, a change in the team, or something that broke?",
    ),
    "praise": (
        "What was the moment {topic} made a real difference, and for whom?",
        "Who benefits most among {people}, and what do they do differently now?",
        "What did it feel like for your team when {topic} started working?",
    ),
    "friction": (
        "Can you walk me through the last time {topic} got in the way? What were you trying to do?",
        "Who feels this most among {people}, and how are they working around it today?",
        "How does {topic} feel in the moment: is it frustration, worry about mistakes, or lost time?",
    ),
    "concern": (
        "What have you seen so far that feeds this concern?",
        "Who among {people} feels this most, and what do they say about it?",
        "What would you need to see in the next few weeks to feel confident again?",
    ),
    "question": (
        "What prompted the question about {topic} on your side?",
        "Who among {people} is asking, and what do they need to decide?",
        "What would a good answer make possible for your team?",
    ),
    "other": (
        "What's behind this for your team right now?",
        "Who among {people} is closest to {topic}, and what do they see?",
        "What would a good outcome look like, in your own words?",
    ),
}
