/** rollgate's own engine: the structural diff judged by every rule of rules/index.ts. */
import type { DiffModel } from '../model/diff.ts';
import { RULE_LEVELS } from '../rule-levels.ts';
import { RULES } from '../rules/index.ts';
import type { Finding } from '../types.ts';

export function runRules(model: DiffModel): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULES)
    rule.check({
      model,
      emit: (id, location, args = {}) =>
        findings.push({ id, level: RULE_LEVELS[id], location, args, engines: ['rollgate'] }),
    });
  return findings;
}
