"""``manage.py explain_time_limit [--json] WORDING...``: what the parser makes of 公开时限 wordings.

For each wording, in order, one line: the wording, the rule in words, how sure the parser is and why. With
``--json``, one JSON object per line with the keys ``wording``, ``kind`` (deadline | periodic | continuous |
as_progress | unparsed), ``trigger``, ``amount``, ``unit`` (workdays | days | months | hours), ``period``
(month | quarter | half_year | year), ``due_month``, ``due_day``, ``event``, ``label``, ``display_days``,
``display_unit``, ``parts`` (the labelled special limits, each with the same keys), ``understood``,
``confidence`` (high | medium | low), ``reason`` and ``note``. A key the rule does not set is null.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from catalog.timelimits import CONFIDENCE_LABELS, SCALAR_RULE_FIELDS, TimeLimitRule, parse_time_limit


def rule_json(rule: TimeLimitRule) -> dict:
    """A rule with every field present (null when not set), its parts nested."""
    data = rule.to_dict()
    out = {"kind": data["kind"]}
    for name in SCALAR_RULE_FIELDS:
        out[name] = data.get(name)
    out["event"] = rule.event or None
    out["label"] = rule.label or None
    out["parts"] = [rule_json(part) for part in rule.alternatives]
    return out


def explain(wording: str) -> dict:
    result = parse_time_limit(wording)
    return {
        "wording": wording,
        **rule_json(result.rule),
        "understood": result.understood,
        "confidence": result.confidence,
        "reason": result.reason,
        "note": result.note,
    }


class Command(BaseCommand):
    help = "解释公开时限表述：逐条给出识别出的时限规则、确定程度和原因（--json 每行输出一个 JSON 对象）。"

    def add_arguments(self, parser):
        parser.add_argument("wordings", nargs="+", metavar="WORDING", help="公开时限原文，可给多条")
        parser.add_argument("--json", action="store_true", help="每条输出一行 JSON")

    def handle(self, *args, wordings, json=False, **options):
        for wording in wordings:
            if json:
                self.stdout.write(_dumps(explain(wording)))
                continue
            result = parse_time_limit(wording)
            sureness = CONFIDENCE_LABELS[result.confidence]
            line = f"{wording} → {result.rule.describe()}［{sureness}］"
            if result.reason:
                line += f"：{result.reason}"
            self.stdout.write(line)


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)
