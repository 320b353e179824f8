/**
 * Runs a GitLab CI job as a runner would, for the parts the recipe uses: `extends`, top-level `variables` (with
 * `$VAR` references expanded), the predefined CI_* variables, `rules: - if:` of the `$A == $B` / `$A` forms,
 * `before_script` then `script`, each line as the runner runs it (stopping at the first that fails).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { shell, type ShellResult, type Workspace } from './workspace.ts';

interface GitlabJob {
  extends?: string | string[];
  stage?: string;
  rules?: { if?: string; when?: string }[];
  before_script?: string[];
  script?: string[];
  variables?: Record<string, string>;
}

export interface GitlabPipeline {
  sha: string;
  branch: string;
  defaultBranch?: string;
}

const expand = (text: string, vars: Record<string, string>) =>
  text.replace(/\$\{?([A-Z_][A-Z0-9_]*)\}?/g, (whole, name: string) => vars[name] ?? whole);

/** `$A == $B`, `$A != "x"`, `$A`: the forms of `rules: if:` the recipe uses. */
function ruleHolds(condition: string, vars: Record<string, string>): boolean {
  const operand = (s: string) => {
    const t = s.trim();
    if (/^\$[A-Z_][A-Z0-9_]*$/.test(t)) return vars[t.slice(1)];
    if (/^(["']).*\1$/.test(t)) return t.slice(1, -1);
    throw new Error(`unsupported rules:if operand ${t}`);
  };
  const m = /^(.*?)\s*(==|!=)\s*(.*)$/.exec(condition);
  if (!m) return Boolean(operand(condition));
  return m[2] === '==' ? operand(m[1]!) === operand(m[3]!) : operand(m[1]!) !== operand(m[3]!);
}

export function gitlabJobs(file: string): Record<string, GitlabJob> {
  const doc = parse(readFileSync(file, 'utf8')) as Record<string, GitlabJob>;
  return Object.fromEntries(
    Object.entries(doc).filter(([name, v]) => !name.startsWith('.') && typeof v === 'object' && v && 'script' in v),
  );
}

export interface GitlabJobRun extends ShellResult {
  ran: boolean;
  manual: boolean;
}

export async function runGitlabJob(
  file: string,
  name: string,
  pipeline: GitlabPipeline,
  settings: Record<string, string>,
  ws: Workspace,
  opts: { playManual?: boolean } = {},
): Promise<GitlabJobRun> {
  const doc = parse(readFileSync(file, 'utf8')) as Record<string, GitlabJob> & { variables?: Record<string, string> };
  const own = doc[name];
  if (!own) throw new Error(`no job ${name} in ${file}`);
  const parents = own.extends === undefined ? [] : Array.isArray(own.extends) ? own.extends : [own.extends];
  const job: GitlabJob = Object.assign({}, ...parents.map((p) => doc[p]), own);
  const predefined: Record<string, string> = {
    CI: 'true',
    GITLAB_CI: 'true',
    CI_COMMIT_SHA: pipeline.sha,
    CI_COMMIT_REF_NAME: pipeline.branch,
    CI_COMMIT_BRANCH: pipeline.branch,
    CI_DEFAULT_BRANCH: pipeline.defaultBranch ?? 'main',
    CI_JOB_NAME: name,
    CI_JOB_URL: `https://gitlab.example.com/acme/web/-/jobs/${name}`,
    CI_PROJECT_DIR: ws.dir,
    ...settings,
  };
  const vars: Record<string, string> = { ...predefined };
  for (const [k, v] of Object.entries({ ...doc.variables, ...job.variables })) vars[k] = expand(String(v), vars);
  let manual = false;
  if (job.rules) {
    const rule = job.rules.find((r) => r.if === undefined || ruleHolds(r.if, vars));
    if (!rule || rule.when === 'never') return { ran: false, manual: false, code: 0, out: '', err: '' };
    manual = rule.when === 'manual';
    if (manual && !opts.playManual) return { ran: false, manual, code: 0, out: '', err: '' };
  }
  const lines = [...(job.before_script ?? []), ...(job.script ?? [])];
  const result = await shell(lines.join('\n'), { cwd: ws.dir, env: vars, path: ws.path });
  return { ran: true, manual, ...result };
}
