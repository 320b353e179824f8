/**
 * The scopes a credential can carry. Every write scope also grants `read` (the clients fetch `/` and
 * follow links before they write), and `admin` grants everything.
 */
export const SCOPES = ['read', 'publish-contracts', 'publish-verifications', 'deploy', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(s: string): s is Scope {
  return (SCOPES as readonly string[]).includes(s);
}

/** Who is asking: a named token, a basic-auth user, an anonymous public reader, or nobody (auth off). */
export interface Principal {
  name: string;
  kind: 'token' | 'basic' | 'public' | 'open';
  scopes: ReadonlySet<Scope>;
}

/** Whether `granted` allows an action that needs one of `required`. */
export function allows(granted: ReadonlySet<Scope>, required: readonly Scope[]): boolean {
  if (granted.has('admin')) return true;
  return required.some((r) => granted.has(r) || (r === 'read' && granted.size > 0));
}
