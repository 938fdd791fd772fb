// A YAML reader for the subset docker/compose.yaml and the Kubernetes manifests use
// (no YAML package is a dependency of this workspace): block mappings and sequences,
// plain / single- / double-quoted scalars, one-line flow collections, literal block
// scalars (`|`, `|-`), anchors, aliases and `<<` merge keys, `---` documents, comments.
// Scalars resolve with the YAML 1.2 core schema. Anything else is an error naming the
// line, so a construct this reader does not know is never silently misread.

/** A parsed YAML value. */
export type YamlValue = null | boolean | number | string | YamlValue[] | { [key: string]: YamlValue };

/** A construct outside the subset, or malformed YAML. */
export class YamlError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

interface Line {
  readonly no: number;
  indent: number;
  text: string;
}

const KEY = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"[\]{},&*!|>%@`-][^#'"]*?|-[^\s#'"][^#'"]*?))\s*:(?:\s+|$)/;

/** A `---` document separator. */
function isSeparator(line: Line): boolean {
  return line.indent === 0 && line.text === '---';
}

/** Strips a trailing ` # comment` that is outside quotes. */
function stripComment(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== null) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || text[i - 1] === ' ')) return text.slice(0, i).trimEnd();
  }
  return text.trimEnd();
}

/** The core schema: null, booleans, integers, floats; everything else a string. */
function resolvePlain(text: string): YamlValue {
  if (/^(~|null|Null|NULL)?$/.test(text)) return null;
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?[0-9]+$/.test(text)) return Number(text);
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text)) return Number(text);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(text)) return NaN;
  return text;
}

function unescapeDouble(body: string, line: number): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_m, e: string) => {
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '"': '"', '\\': '\\', '/': '/', ' ': ' ' };
    if (e.startsWith('u') || e.startsWith('x')) return String.fromCharCode(parseInt(e.slice(1), 16));
    const s = simple[e];
    if (s === undefined) throw new YamlError(line, `unsupported escape \\${e}`);
    return s;
  });
}

/** Reads YAML documents in the supported subset. */
class Reader {
  private readonly lines: Line[];
  private pos = 0;
  private readonly anchors = new Map<string, YamlValue>();

  constructor(private readonly raw: string[]) {
    this.lines = [];
    raw.forEach((text, i) => {
      if (/^\s*(#.*)?$/.test(text)) return;
      const indent = /^ */.exec(text)![0].length;
      if (text[indent] === '\t') throw new YamlError(i + 1, 'tabs are not allowed in indentation');
      this.lines.push({ no: i + 1, indent, text: text.slice(indent).trimEnd() });
    });
  }

  documents(): YamlValue[] {
    const docs: YamlValue[] = [];
    while (this.pos < this.lines.length) {
      const line = this.peek()!;
      if (isSeparator(line)) {
        this.pos++;
        continue;
      }
      if (line.text.startsWith('%') || line.text === '...') throw new YamlError(line.no, `${line.text} is not supported`);
      docs.push(this.node(0));
      const next = this.peek();
      if (next !== undefined && !isSeparator(next)) throw new YamlError(next.no, `unexpected "${next.text}" (indentation?)`);
    }
    return docs;
  }

  private peek(): Line | undefined {
    return this.lines[this.pos];
  }

  /** The block node starting at the current line, indented at least `min`. */
  private node(min: number): YamlValue {
    const line = this.peek();
    if (line === undefined || line.indent < min || isSeparator(line)) return null;
    if (line.text === '-' || line.text.startsWith('- ')) return this.sequence(line.indent);
    if (KEY.test(line.text)) return this.mapping(line.indent);
    this.pos++;
    return this.inline(stripComment(line.text), line);
  }

  private sequence(indent: number): YamlValue[] {
    const out: YamlValue[] = [];
    for (let line = this.peek(); line !== undefined && line.indent === indent && (line.text === '-' || line.text.startsWith('- ')); line = this.peek()) {
      const rest = line.text === '-' ? '' : line.text.slice(2).replace(/^ +/, '');
      if (rest === '' || stripComment(rest) === '') {
        this.pos++;
        out.push(this.node(indent + 1));
      } else if (KEY.test(rest)) {
        // `- key: value` opens a mapping whose keys sit at the column after "- ".
        line.indent += line.text.length - rest.length;
        line.text = rest;
        out.push(this.mapping(line.indent));
      } else {
        this.pos++;
        out.push(this.value(rest, line, indent));
      }
    }
    return out;
  }

  private mapping(indent: number): { [key: string]: YamlValue } {
    const out: { [key: string]: YamlValue } = {};
    const merges: YamlValue[] = [];
    for (let line = this.peek(); line !== undefined && line.indent === indent && !isSeparator(line); line = this.peek()) {
      const m = KEY.exec(line.text);
      if (m === null) throw new YamlError(line.no, `expected "key: value", got "${line.text}"`);
      const key = m[1] !== undefined ? unescapeDouble(m[1], line.no) : m[2] !== undefined ? m[2].replace(/''/g, "'") : m[3]!.trim();
      this.pos++;
      const value = this.value(line.text.slice(m[0].length), line, indent);
      if (key === '<<' && m[3] !== undefined) merges.push(value);
      else if (Object.prototype.hasOwnProperty.call(out, key)) throw new YamlError(line.no, `duplicate key "${key}"`);
      else out[key] = value;
    }
    for (const merge of merges.flatMap((m) => (Array.isArray(m) ? m : [m]))) {
      if (merge === null || typeof merge !== 'object' || Array.isArray(merge)) throw new YamlError(0, '<< must merge mappings');
      for (const [k, v] of Object.entries(merge)) if (!Object.prototype.hasOwnProperty.call(out, k)) out[k] = v;
    }
    return out;
  }

  /** The value after `key:` or `- `: inline, a block scalar, or a nested block (maybe anchored). */
  private value(text: string, line: Line, indent: number): YamlValue {
    let rest = stripComment(text);
    let anchor: string | undefined;
    const a = /^&([^\s[\]{},]+)\s*/.exec(rest);
    if (a !== null) {
      anchor = a[1];
      rest = rest.slice(a[0].length);
    }
    let value: YamlValue;
    if (rest === '') {
      const next = this.peek();
      // A sequence may sit at the key's own indentation (`key:` then `- item`).
      const sameIndentSeq = next !== undefined && next.indent === indent && (next.text === '-' || next.text.startsWith('- '));
      value = sameIndentSeq ? this.sequence(indent) : this.node(indent + 1);
    } else if (/^[|>]/.test(rest)) value = this.blockScalar(rest, line, indent);
    else value = this.inline(rest, line);
    if (anchor !== undefined) this.anchors.set(anchor, value);
    return value;
  }

  private blockScalar(header: string, line: Line, indent: number): string {
    const m = /^\|([-+]?)$/.exec(header);
    if (m === null) throw new YamlError(line.no, `block scalar "${header}" is not supported (only | and |-)`);
    // Block scalars keep their raw lines (comments and blank lines included).
    const body: string[] = [];
    let i = line.no; // raw index of the next line
    let blockIndent = -1;
    for (; i < this.raw.length; i++) {
      const text = this.raw[i]!;
      const ind = /^ */.exec(text)![0].length;
      if (text.trim() === '') {
        body.push('');
        continue;
      }
      if (blockIndent < 0) blockIndent = ind;
      if (ind < blockIndent || ind <= indent) break;
      body.push(text.slice(blockIndent));
    }
    while (this.peek() !== undefined && this.peek()!.no <= i) this.pos++;
    while (body.length > 0 && body.at(-1) === '') body.pop();
    const joined = body.join('\n');
    return m[1] === '-' ? joined : `${joined}\n`;
  }

  /** A one-line value: alias, flow collection, quoted or plain scalar. */
  private inline(text: string, line: Line): YamlValue {
    const flow = new Flow(text, line.no, this.anchors);
    const value = flow.value();
    flow.end();
    return value;
  }
}

/** One-line flow values: `[a, "b"]`, `{k: v}`, scalars, aliases. */
class Flow {
  private i = 0;

  constructor(
    private readonly s: string,
    private readonly line: number,
    private readonly anchors: ReadonlyMap<string, YamlValue>,
  ) {}

  end(): void {
    this.ws();
    if (this.i < this.s.length) throw new YamlError(this.line, `unexpected "${this.s.slice(this.i)}"`);
  }

  value(inFlow = false): YamlValue {
    this.ws();
    const c = this.s[this.i];
    if (c === '[') return this.seq();
    if (c === '{') return this.map();
    if (c === '"' || c === "'") return this.quoted(c);
    if (c === '*') {
      const m = /^\*([^\s[\]{},]+)/.exec(this.s.slice(this.i))!;
      this.i += m[0].length;
      if (!this.anchors.has(m[1]!)) throw new YamlError(this.line, `unknown alias *${m[1]}`);
      return this.anchors.get(m[1]!)!;
    }
    if (c === '&' || c === '!' || c === '?') throw new YamlError(this.line, `"${c}" here is not supported`);
    const raw = (inFlow ? /^[^,[\]{}]*/ : /^.*/).exec(this.s.slice(this.i))![0];
    this.i += raw.length;
    // "a: b" as a plain value is a nested mapping on one line: not in the subset.
    if (/:\s/.test(raw) || raw.trimEnd().endsWith(':')) throw new YamlError(this.line, `"${raw.trim()}": quote a plain value that contains ": "`);
    return resolvePlain(raw.trim());
  }

  private ws(): void {
    while (this.s[this.i] === ' ') this.i++;
  }

  private quoted(q: string): string {
    const re = q === '"' ? /^"((?:[^"\\]|\\.)*)"/ : /^'((?:[^']|'')*)'/;
    const m = re.exec(this.s.slice(this.i));
    if (m === null) throw new YamlError(this.line, 'unterminated quoted scalar (multi-line scalars are not supported)');
    this.i += m[0].length;
    return q === '"' ? unescapeDouble(m[1]!, this.line) : m[1]!.replace(/''/g, "'");
  }

  private seq(): YamlValue[] {
    this.i++;
    const out: YamlValue[] = [];
    for (;;) {
      this.ws();
      if (this.s[this.i] === ']') {
        this.i++;
        return out;
      }
      out.push(this.value(true));
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== ']') throw new YamlError(this.line, 'expected , or ] in a flow sequence');
    }
  }

  private map(): { [key: string]: YamlValue } {
    this.i++;
    const out: { [key: string]: YamlValue } = {};
    for (;;) {
      this.ws();
      if (this.s[this.i] === '}') {
        this.i++;
        return out;
      }
      const keyMatch = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^,:[\]{}]+?))\s*:\s/.exec(this.s.slice(this.i) + ' ');
      if (keyMatch === null) throw new YamlError(this.line, 'expected "key: value" in a flow mapping');
      this.i += keyMatch[0].length;
      const key = keyMatch[1] ?? keyMatch[2] ?? keyMatch[3]!.trim();
      out[key] = this.value(true);
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== '}') throw new YamlError(this.line, 'expected , or } in a flow mapping');
    }
  }
}

/** Every document of a YAML stream (in the supported subset). */
export function parseYamlDocuments(text: string): YamlValue[] {
  return new Reader(text.split(/\r?\n/)).documents();
}

/** A single-document YAML text (in the supported subset). */
export function parseYaml(text: string): YamlValue {
  const docs = parseYamlDocuments(text);
  if (docs.length !== 1) throw new YamlError(0, `expected one document, found ${docs.length}`);
  return docs[0]!;
}
