"""Which policy a new case gets (pure: plain values in, a policy id out)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PolicyFacts:
    """What matching needs of one policy; empty criteria match anything."""

    id: int
    category_id: int | None = None
    priority: str = ""
    channel: str = ""
    is_default: bool = False


def choose_policy(
    policies: list[PolicyFacts],
    *,
    contract_policy_id: int | None,
    category_ids: list[int],
    priority: str,
    channel: str,
) -> int | None:
    """The customer's contract wins; else the most specific matching policy; else the default.

    `category_ids` is the case's category and its ancestors, nearest first, so a policy for
    "Internet > Störung" beats one for "Internet". Specificity: category depth first, then
    priority, then channel; ties go to the older policy.
    """
    if contract_policy_id is not None:
        return contract_policy_id
    best: tuple[tuple[int, int, int], int] | None = None
    for policy in policies:
        if not (policy.category_id or policy.priority or policy.channel):
            continue  # no criteria: only a default, never a match
        if policy.category_id is not None and policy.category_id not in category_ids:
            continue
        if policy.priority and policy.priority != priority:
            continue
        if policy.channel and policy.channel != channel:
            continue
        depth = (
            len(category_ids) - category_ids.index(policy.category_id)
            if policy.category_id is not None
            else 0
        )
        score = (depth, int(bool(policy.priority)), int(bool(policy.channel)))
        if best is None or score > best[0] or (score == best[0] and policy.id < best[1]):
            best = (score, policy.id)
    if best is not None:
        return best[1]
    defaults = sorted(p.id for p in policies if p.is_default)
    return defaults[0] if defaults else None
