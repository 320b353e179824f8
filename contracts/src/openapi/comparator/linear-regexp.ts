/**
 * Installed in comparator worker threads only (worker.ts imports it first): `RegExp` built from a string at run time
 * (as the engine's ajv builds each schema's `pattern`) answers `test` with RE2 (re2js, linear time) whenever RE2 can
 * express the pattern and its flags. `^(a+)+$` against a consumer's `aaaa…!` then takes microseconds instead of the
 * whole comparison budget. Everything else is untouched: regex literals, `exec`, `match`, `replace` and patterns RE2
 * refuses (lookaround, backreferences) stay JavaScript's, and the comparison's time budget bounds those.
 */
import { RE2JS } from 're2js';

const Native = RegExp;
/** JavaScript flags RE2 has an equivalent for; `g` and `y` make `test` stateful (lastIndex), so those stay native. */
const FLAGS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL, u: 0 };

function linearTest(source: string, flags: string): ((s: string) => boolean) | undefined {
  let bits = 0;
  for (const f of flags) {
    if (!(f in FLAGS)) return undefined;
    bits |= FLAGS[f];
  }
  try {
    const re = RE2JS.compile(RE2JS.translateRegExp(source), bits);
    return (s: string) => re.matcher(s).find();
  } catch {
    return undefined;
  }
}

function withLinearTest(rx: RegExp, args: unknown[]): RegExp {
  if (typeof args[0] !== 'string') return rx;
  const test = linearTest(rx.source, rx.flags);
  if (test) Object.defineProperty(rx, 'test', { value: (s: unknown) => test(String(s)), configurable: true });
  return rx;
}

let installed = false;

export function installLinearRegExp(): void {
  if (installed) return;
  installed = true;
  globalThis.RegExp = new Proxy(Native, {
    construct: (target, args, newTarget) =>
      withLinearTest(Reflect.construct(target, args, newTarget === globalThis.RegExp ? target : newTarget), args),
    apply: (target, thisArg, args) => withLinearTest(Reflect.apply(target, thisArg, args) as RegExp, args),
  });
}
