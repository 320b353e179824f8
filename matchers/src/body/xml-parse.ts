/**
 * A small XML reader for matching: elements, attributes, text and CDATA. Comments, processing
 * instructions and the doctype are skipped; namespace prefixes are kept as part of the name.
 * No dependency: the project has no XML parser, and matching needs only this much.
 */
export class XmlElement {
  constructor(
    /** Local name: what matching-rule paths use (`$.alligator['@name']`). */
    readonly name: string,
    /** Namespace URI ('' for none): two elements are the same element when name and namespace agree, whatever the prefixes. */
    readonly ns: string,
    readonly attributes: Map<string, string>,
    readonly children: XmlElement[],
    /** The element's own text nodes, each trimmed, joined (Pact compares text this way). */
    readonly text: string,
  ) {}

  toString(): string {
    const attrs = [...this.attributes].map(([k, v]) => ` ${k}="${v}"`).join('');
    return `<${this.ns ? `{${this.ns}}` : ''}${this.name}${attrs}>${this.text}${this.children.map(String).join('')}</${this.name}>`;
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (all, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? all;
  });
}

export function parseXml(source: string): XmlElement {
  let i = 0;
  const s = source;
  const error = (what: string): never => {
    throw new Error(`${what} at offset ${i}`);
  };
  const skipPast = (token: string, what: string) => {
    const at = s.indexOf(token, i);
    if (at < 0) error(`unterminated ${what}`);
    i = at + token.length;
  };
  const skipMisc = () => {
    for (;;) {
      while (i < s.length && /\s/.test(s[i])) i++;
      if (s.startsWith('<?', i)) skipPast('?>', 'processing instruction');
      else if (s.startsWith('<!--', i)) skipPast('-->', 'comment');
      else if (s.startsWith('<!DOCTYPE', i)) skipPast('>', 'doctype');
      else return;
    }
  };
  const name = () => {
    const m = /^[^\s/>=]+/.exec(s.slice(i, i + 256));
    if (!m) error('expected a name');
    i += m![0].length;
    return m![0];
  };
  const element = (parentScope: Map<string, string>): XmlElement => {
    if (s[i] !== '<') error('expected an element');
    i++;
    const tag = name();
    const raw = new Map<string, string>();
    for (;;) {
      while (/\s/.test(s[i] ?? '')) i++;
      if (s.startsWith('/>', i) || s[i] === '>') break;
      const attr = name();
      while (/\s/.test(s[i] ?? '')) i++;
      if (s[i] !== '=') error('expected =');
      i++;
      while (/\s/.test(s[i] ?? '')) i++;
      const q = s[i];
      if (q !== '"' && q !== "'") error('expected a quoted attribute value');
      const end = s.indexOf(q, i + 1);
      if (end < 0) error('unterminated attribute value');
      raw.set(attr, decode(s.slice(i + 1, end)));
      i = end + 1;
    }
    // xmlns declarations only bind prefixes to namespaces: they are not data to match
    const scope = new Map(parentScope);
    for (const [k, v] of raw)
      if (k === 'xmlns') scope.set('', v);
      else if (k.startsWith('xmlns:')) scope.set(k.slice(6), v);
    const resolve = (qname: string, isAttribute: boolean) => {
      const colon = qname.indexOf(':');
      const prefix = colon < 0 ? '' : qname.slice(0, colon);
      const local = colon < 0 ? qname : qname.slice(colon + 1);
      // unprefixed attributes belong to no namespace; unprefixed elements to the default one
      const uri = colon < 0 && isAttribute ? '' : (scope.get(prefix) ?? (prefix ? prefix : ''));
      return { local, uri };
    };
    const attributes = new Map<string, string>();
    for (const [k, v] of raw) {
      if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
      const { local, uri } = resolve(k, true);
      attributes.set(uri ? `${uri}:${local}` : local, v);
    }
    const self = resolve(tag, false);
    if (s.startsWith('/>', i)) {
      i += 2;
      return new XmlElement(self.local, self.uri, attributes, [], '');
    }
    i++;
    const children: XmlElement[] = [];
    const texts: string[] = [];
    for (;;) {
      if (i >= s.length) error(`unterminated element <${tag}>`);
      if (s.startsWith('</', i)) {
        i += 2;
        const closing = name();
        if (closing !== tag) error(`expected </${tag}> but found </${closing}>`);
        while (/\s/.test(s[i] ?? '')) i++;
        i++;
        return new XmlElement(self.local, self.uri, attributes, children, texts.filter(Boolean).join(''));
      }
      if (s.startsWith('<!--', i)) skipPast('-->', 'comment');
      else if (s.startsWith('<![CDATA[', i)) {
        const end = s.indexOf(']]>', i);
        if (end < 0) error('unterminated CDATA');
        texts.push(s.slice(i + 9, end).trim());
        i = end + 3;
      } else if (s.startsWith('<?', i)) skipPast('?>', 'processing instruction');
      else if (s[i] === '<') children.push(element(scope));
      else {
        const end = s.indexOf('<', i);
        texts.push(decode(s.slice(i, end < 0 ? s.length : end)).trim());
        i = end < 0 ? s.length : end;
      }
    }
  };
  skipMisc();
  const root = element(new Map());
  skipMisc();
  if (i < s.length) error('content after the root element');
  return root;
}
