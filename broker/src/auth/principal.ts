/**
 * The scopes a credential can carry. Every write scope also grants `read` (the clients fetch `/` and
 * follow links before they write), and `admin` grants everything.
 */
export const SCOPES = ['read', 'publish-contracts', 'publish-verifications', 'deploy', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(s: string): s is Scope {
  return (SCOPES as readonly string[]).includes(s);
}

/**
 * The pacticipants a principal may write (PactFlow's teams): names, `*` patterns (`web-*`) and pacticipant labels.
 * Absent: every pacticipant.
 */
export interface PacticipantScope {
  names: readonly string[];
  labels: readonly string[];
}

/** Who is asking: a named token, a basic-auth user, an anonymous public reader, or nobody (auth off). */
export interface Principal {
  name: string;
  kind: 'token' | 'basic' | 'public' | 'open';
  scopes: ReadonlySet<Scope>;
  /** Set: writes only what touches these pacticipants (reads are not narrowed). */
  pacticipants?: PacticipantScope;
}

/** An admin without a pacticipant scope: the only one who may do what belongs to no pacticipant (environments, audit). */
export function isGlobalAdmin(p: Principal | undefined): boolean {
  return p?.scopes.has('admin') === true && p.pacticipants === undefined;
}

const patternCache = new Map<string, RegExp>();
function pattern(glob: string): RegExp {
  let re = patternCache.get(glob);
  if (!re) {
    re = new RegExp(
      `^${glob
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
      's',
    );
    patternCache.set(glob, re);
  }
  return re;
}

/** Whether a scope names `name` (exactly or by a `*` pattern), or one of the labels the pacticipant carries. */
export function scopeCovers(scope: PacticipantScope, name: string, labelsOfName: readonly string[] = []): boolean {
  return (
    scope.names.some((n) => (n.includes('*') ? pattern(n).test(name) : n === name)) ||
    labelsOfName.some((l) => scope.labels.includes(l))
  );
}

/** The scope as people read it: `web, web-*; labels team-web`. */
export function describeScope(scope: PacticipantScope): string {
  const parts = [scope.names.join(', '), scope.labels.length ? `labels ${scope.labels.join(', ')}` : ''];
  return parts.filter(Boolean).join('; ') || 'none';
}

/** Whether `granted` allows an action that needs one of `required`. */
export function allows(granted: ReadonlySet<Scope>, required: readonly Scope[]): boolean {
  if (granted.has('admin')) return true;
  return required.some((r) => granted.has(r) || (r === 'read' && granted.size > 0));
}
