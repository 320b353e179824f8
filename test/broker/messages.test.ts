import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = join(ROOT, 'broker/src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** English written where a user-facing error is made, instead of an id from the catalogue. */
const INLINE = [
  /new (NotFound|Conflict|Unprocessable|UnsupportedMediaType|PayloadTooLarge|AuthConfig|Egress)Error\(\s*['"`]/,
  /ValidationError\.of\(\s*[^,]+,\s*['"`]/,
  /problems\.push\(\{[^}]*message:\s*['"`]/,
  /\{ path: '[^']*', message: ['"`]/,
  /error: ['"`]/,
];

describe('The message catalogue (broker/src/messages.ts)', () => {
  const files = sources(SRC).filter((f) => !f.endsWith('messages.ts'));

  it('is where every user-facing error and problem of the broker gets its words', () => {
    const found: string[] = [];
    for (const file of files) {
      // Joined lines, so an argument on the next line is seen too.
      const text = readFileSync(file, 'utf8').replace(/\n\s*/g, ' ');
      for (const re of INLINE) {
        const m = re.exec(text);
        if (m) found.push(`${relative(ROOT, file)}: ${m[0]}`);
      }
    }
    assert.deepEqual(found, []);
  });

  it('holds no message nothing uses', () => {
    const catalogue = readFileSync(join(SRC, 'messages.ts'), 'utf8');
    const ids = [...catalogue.matchAll(/^ {2}'([a-z0-9.-]+)':/gm)].map((m) => m[1]);
    assert.ok(ids.length > 50, `${ids.length} ids read`);
    const code = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    assert.deepEqual(
      ids.filter((id) => !code.includes(`'${id}'`)),
      [],
    );
  });
});
