"""`plan` on the LLM: the model rewrites the plan's wording (challenges, then risks and mitigations, then actions),
one rewrite per item in the same order, as many items as fit the token budget; the rest stay as composed. Kept as
computed: profile, usage and adoption, milestones and their dates, success metrics, action owners, dates and
people, risk severities, health score and citations."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, create_model

from bot.core.guard import Evidence, facts_of
from bot.core.llm.context import defang, estimate_tokens, from_chunks
from bot.core.llm.drafts.common import account_chunks, references, unique
from bot.core.llm.engine import SkillTask, offline, run_skill
from bot.core.skills.common import profile_chunks
from bot.core.skills.plan import PlanResult

if TYPE_CHECKING:
    from bot.core.copilot import Copilot

PROSE = ("current_state.challenges[]", "actions[].action", "risks[].risk", "risks[].mitigation")


class RiskText(BaseModel):
    """A risk and its mitigation, reworded."""

    risk: str = Field(description="the risk, one sentence")
    mitigation: str = Field(description="what we will do about it, one sentence")


def draft_model(counts: dict[str, int]) -> type[BaseModel]:
    """A draft with exactly as many rewrites as items handed over (JSON modes enforce the counts)."""
    kinds = {
        "challenges": (str, "each challenge rewritten, same order"),
        "risks": (RiskText, "each risk and its mitigation rewritten, same order"),
        "actions": (str, "each action rewritten, same order"),
    }
    fields: dict[str, Any] = {
        name: (list[kinds[name][0]], Field(min_length=n, max_length=n, description=kinds[name][1]))
        for name, n in counts.items()
        if n
    }
    return create_model("PlanDraft", **fields)


def handover(result: PlanResult, tokens: int) -> dict[str, int]:
    """How many items of each list the model rewrites: challenges first, then risks, then actions, while their
    text fits in `tokens` (the model writes about as much as it reads). The rest stays as composed."""
    items = _draft(result)
    counts = dict.fromkeys(items, 0)
    used = 0
    for name, values in items.items():
        for value in values:
            cost = estimate_tokens(json.dumps(value, ensure_ascii=False))
            if used + cost > tokens:
                return counts
            used += cost
            counts[name] += 1
    return counts


def task(copilot: Copilot, result: PlanResult) -> SkillTask[PlanResult]:
    """The LLM step for `plan`: the chunks the plan cites, and the profile, as sources."""
    settings = copilot.settings
    counts = handover(result, min(settings.context_tokens // 2, settings.max_output_tokens * 3 // 4))
    chunks = account_chunks(copilot, result.account)
    by_id = {c.id: c for c in chunks}
    cited = list(dict.fromkeys(c.chunk_id for c in result.citations if c.chunk_id in by_id))
    read = [by_id[i] for i in cited] + profile_chunks(copilot, result.account)
    draft = {name: values[: counts[name]] for name, values in _draft(result).items() if counts[name]}
    return SkillTask(
        skill="plan",
        offline=result,
        draft=draft_model(counts),
        merge=merge,
        evidence=Evidence(
            sources=from_chunks(chunks), facts=facts_of(result, PROSE), references=references(result.citations)
        ),
        sources=from_chunks(unique(read)),
        facts=_facts(result),
        variables={"account": defang(result.name), "draft": defang(json.dumps(draft, ensure_ascii=False))},
        prose=PROSE,
    )


def run(copilot: Copilot, result: PlanResult) -> PlanResult:
    """The plan on the configured engine."""
    spec = task(copilot, result)
    if not spec.draft.model_fields:  # nothing to word, or nothing fits
        return offline(spec, "offline")
    return run_skill(copilot, spec)


def merge(result: PlanResult, draft: BaseModel) -> PlanResult:
    """The rewrites in place of the composed items, index by index."""
    merged = result.model_copy(deep=True)
    for index, text in enumerate(getattr(draft, "challenges", [])):
        merged.current_state.challenges[index] = text.strip()
    for index, item in enumerate(getattr(draft, "risks", [])):
        merged.risks[index].risk, merged.risks[index].mitigation = item.risk.strip(), item.mitigation.strip()
    for index, text in enumerate(getattr(draft, "actions", [])):
        merged.actions[index].action = text.strip()
    return merged


def _draft(result: PlanResult) -> dict[str, list]:
    return {
        "challenges": result.current_state.challenges,
        "risks": [{"risk": r.risk, "mitigation": r.mitigation} for r in result.risks],
        "actions": [a.action for a in result.actions],
    }


def _facts(result: PlanResult) -> list[str]:
    facts = [f"As of {result.as_of}; journey stage {result.journey_stage or 'unknown'}."]
    return facts + result.current_state.usage + result.current_state.adoption
