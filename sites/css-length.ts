// CSS lengths resolved against the layout viewport, for `sizes` attributes and media queries:
// absolute units, em/rem (16 px: the initial font size, which media queries and `sizes` always
// use), vw/vh/vmin/vmax, and calc()/min()/max()/clamp() over them. Percentages, var(), container
// units and the like resolve to null: the caller treats the value as invalid, as a browser
// would for `sizes` (it then skips that entry).
import type { Viewport } from './viewport.ts';

const INITIAL_FONT_SIZE_PX = 16;

type Token = { kind: 'number'; value: number; unit: string } | { kind: 'function'; name: string } | { kind: 'symbol'; text: string };

/** Thrown inside the parser only; lengthToPx turns it into null. */
class NotALength extends Error {}

/** `text` in px, or null when it is not a length this module can resolve. */
export function lengthToPx(text: string, vp: Viewport): number | null {
  try {
    const parser = new LengthParser(tokenize(text.trim().toLowerCase()), vp);
    const px = parser.topLevel();
    return Number.isFinite(px) ? px : null;
  } catch (err) {
    if (err instanceof NotALength) return null;
    throw err;
  }
}

function unitToPx(unit: string, vp: Viewport): number {
  switch (unit) {
    case 'px': return 1;
    case 'em': case 'rem': return INITIAL_FONT_SIZE_PX;
    case 'vw': case 'svw': case 'lvw': case 'dvw': return vp.width / 100;
    case 'vh': case 'svh': case 'lvh': case 'dvh': return vp.height / 100;
    case 'vmin': return Math.min(vp.width, vp.height) / 100;
    case 'vmax': return Math.max(vp.width, vp.height) / 100;
    case 'in': return 96;
    case 'cm': return 96 / 2.54;
    case 'mm': return 96 / 25.4;
    case 'q': return 96 / 101.6;
    case 'pt': return 96 / 72;
    case 'pc': return 16;
    default: throw new NotALength();
  }
}

const TOKEN = /(\d*\.?\d+(?:e[+-]?\d+)?)([a-z%]*)|([a-z-]+)\(|([-+*/(),])/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    if (/\s/.test(text[pos]!)) {
      pos++;
      continue;
    }
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) throw new NotALength();
    if (m[1] !== undefined) tokens.push({ kind: 'number', value: Number(m[1]), unit: m[2] ?? '' });
    else if (m[3] !== undefined) tokens.push({ kind: 'function', name: m[3] });
    else tokens.push({ kind: 'symbol', text: m[4]! });
    pos = TOKEN.lastIndex;
  }
  return tokens;
}

/** Recursive descent over the tokens; inside math functions a unitless number is a factor. */
class LengthParser {
  private i = 0;
  constructor(private readonly tokens: Token[], private readonly vp: Viewport) {}

  /** One length or one math function, nothing after it (a bare "100vw - 2em" is not CSS). */
  topLevel(): number {
    const token = this.next();
    let px: number;
    if (token.kind === 'function') px = this.mathFunction(token.name);
    else if (token.kind === 'number' && (token.unit !== '' || token.value === 0)) px = token.value * (token.unit ? unitToPx(token.unit, this.vp) : 1);
    else throw new NotALength();
    if (this.i !== this.tokens.length) throw new NotALength();
    return px;
  }

  private next(): Token {
    const token = this.tokens[this.i++];
    if (!token) throw new NotALength();
    return token;
  }

  private peekSymbol(text: string): boolean {
    const token = this.tokens[this.i];
    return token?.kind === 'symbol' && token.text === text;
  }

  private expect(text: string): void {
    if (!this.peekSymbol(text)) throw new NotALength();
    this.i++;
  }

  private mathFunction(name: string): number {
    const args = [this.sum()];
    while (this.peekSymbol(',')) {
      this.i++;
      args.push(this.sum());
    }
    this.expect(')');
    if (name === 'calc' && args.length === 1) return args[0]!;
    if (name === 'min') return Math.min(...args);
    if (name === 'max') return Math.max(...args);
    if (name === 'clamp' && args.length === 3) return Math.max(args[0]!, Math.min(args[1]!, args[2]!));
    throw new NotALength();
  }

  private sum(): number {
    let value = this.product();
    while (this.peekSymbol('+') || this.peekSymbol('-')) {
      const op = (this.next() as { text: string }).text;
      const rhs = this.product();
      value = op === '+' ? value + rhs : value - rhs;
    }
    return value;
  }

  private product(): number {
    let value = this.unary();
    while (this.peekSymbol('*') || this.peekSymbol('/')) {
      const op = (this.next() as { text: string }).text;
      const rhs = this.unary();
      value = op === '*' ? value * rhs : value / rhs;
    }
    return value;
  }

  private unary(): number {
    if (this.peekSymbol('-')) {
      this.i++;
      return -this.unary();
    }
    if (this.peekSymbol('+')) {
      this.i++;
      return this.unary();
    }
    const token = this.next();
    if (token.kind === 'number') return token.value * (token.unit ? unitToPx(token.unit, this.vp) : 1);
    if (token.kind === 'function') return this.mathFunction(token.name);
    if (token.text === '(') {
      const value = this.sum();
      this.expect(')');
      return value;
    }
    throw new NotALength();
  }
}
