/* duizhao exact search: the answers `duizhao search` gives, in the browser, from a static host or from disk.
 *
 * The data comes in shards (assets/duizhao/data/search/, written by build_scripts/search/shards.py): each a
 * <script> calling DZ.searchShard(name, payload), never fetch()ed, so the page works opened from file:// too. A
 * manifest loads when search is first used; a query then loads the postings of its characters, syllables, terms or
 * English stems (exact totals from positions alone) and the records of the hits it returns. The rules are the
 * CLI's, ported one function at a time from build_scripts/search/:
 *
 *   parse.py      the query grammar and its messages           → checkQuery, tokenize, Parser, mergeLatin
 *   text.py       what "occurs" means (fold, Latin boundaries)  → fold, occurrences, normaliseQueryText
 *   syllables.py  typed pinyin → every split into syllables     → queryReadings
 *   records.py    English → glossary key (Porter stems)         → englishKey, porterStem (whoosh.lang.porter)
 *   query.py      the readings of a leaf, AND/OR/NOT, the hits  → readingsFor, evaluate, mergeSpans, makeHit
 *   suggest.py    near matches when nothing is found            → suggestions
 *   output.py     the totals and "searched:" lines              → totalsLine, readingsParts
 *
 * Offsets are Unicode code points, as in Python. The engine (createEngine(manifest, load)) has no DOM: load(name)
 * gives a promise of a shard's payload; in a browser it is window.DZ.searchEngine, and DZ.searchReady() gives the
 * engine over the site's shards.
 */
(function () {
  "use strict";

  /* ==== the engine ============================================================================== */

  const MAX_QUERY_CHARS = 1000;
  const MAX_TERMS = 32;
  const MAX_READINGS = 256;
  const MAX_SUGGESTIONS = 5;
  const MAX_LEADS = 6;  // first-hits files loaded for one query at most (poverty: the terms it is in)
  const MAX_PART = 12;
  const MAX_PART_CHECKS = 200;
  const DEFAULT_CONTEXT = 20;
  const OPERATORS = ["AND", "OR", "NOT"];
  const MODES = ["auto", "chinese", "pinyin", "english"];
  const PRIORITY = ["chinese", "traditional", "text", "english-glossary", "pinyin", "english"];
  const EXAMPLE = 'e.g. 三大攻坚战, "san da gong jian zhan", three critical battles';
  const PATH_SEPARATOR = " › ";
  const ARTICLES = { the: 1, a: 1, an: 1 };
  const TONE_MARKS = { "\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4 };
  const QUOTES = "“”‘’\"「」『』";

  /* A query problem: one line saying what is wrong and where (the CLI's UserError, same words). */
  function UserError(message) {
    this.message = message;
    this.name = "UserError";
  }
  UserError.prototype = Object.create(Error.prototype);
  UserError.prototype.constructor = UserError;

  /* ---- characters (build_scripts/chars.py, text.py) ---- */
  const HAN_RANGES = [[0x3400, 0x4DBF], [0x4E00, 0x9FFF], [0xF900, 0xFAFF], [0x20000, 0x2A6DF], [0x2A700, 0x2EBEF],
    [0x30000, 0x3134F]];
  // unicodedata.east_asian_width(ch) in "WF" for assigned characters outside ASCII (Python 3.11, Unicode 14);
  // Python also calls unassigned code points wide (checked with \p{Cn} below).
  const WIDE_RANGES = [0x1100, 0x115F, 0x231A, 0x231B, 0x2329, 0x232A, 0x23E9, 0x23EC, 0x23F0, 0x23F0, 0x23F3, 0x23F3,
    0x25FD, 0x25FE, 0x2614, 0x2615, 0x2648, 0x2653, 0x267F, 0x267F, 0x2693, 0x2693, 0x26A1, 0x26A1, 0x26AA, 0x26AB,
    0x26BD, 0x26BE, 0x26C4, 0x26C5, 0x26CE, 0x26CE, 0x26D4, 0x26D4, 0x26EA, 0x26EA, 0x26F2, 0x26F3, 0x26F5, 0x26F5,
    0x26FA, 0x26FA, 0x26FD, 0x26FD, 0x2705, 0x2705, 0x270A, 0x270B, 0x2728, 0x2728, 0x274C, 0x274C, 0x274E, 0x274E,
    0x2753, 0x2755, 0x2757, 0x2757, 0x2795, 0x2797, 0x27B0, 0x27B0, 0x27BF, 0x27BF, 0x2B1B, 0x2B1C, 0x2B50, 0x2B50,
    0x2B55, 0x2B55, 0x2E80, 0x2E99, 0x2E9B, 0x2EF3, 0x2F00, 0x2FD5, 0x2FF0, 0x2FFB, 0x3000, 0x303E, 0x3041, 0x3096,
    0x3099, 0x30FF, 0x3105, 0x312F, 0x3131, 0x318E, 0x3190, 0x31E3, 0x31F0, 0x321E, 0x3220, 0x3247, 0x3250, 0x4DBF,
    0x4E00, 0xA48C, 0xA490, 0xA4C6, 0xA960, 0xA97C, 0xAC00, 0xD7A3, 0xF900, 0xFA6D, 0xFA70, 0xFAD9, 0xFE10, 0xFE19,
    0xFE30, 0xFE52, 0xFE54, 0xFE66, 0xFE68, 0xFE6B, 0xFF01, 0xFF60, 0xFFE0, 0xFFE6, 0x16FE0, 0x16FE4, 0x16FF0,
    0x16FF1, 0x17000, 0x187F7, 0x18800, 0x18CD5, 0x18D00, 0x18D08, 0x1AFF0, 0x1AFF3, 0x1AFF5, 0x1AFFB, 0x1AFFD,
    0x1AFFE, 0x1B000, 0x1B122, 0x1B150, 0x1B152, 0x1B164, 0x1B167, 0x1B170, 0x1B2FB, 0x1F004, 0x1F004, 0x1F0CF,
    0x1F0CF, 0x1F18E, 0x1F18E, 0x1F191, 0x1F19A, 0x1F200, 0x1F202, 0x1F210, 0x1F23B, 0x1F240, 0x1F248, 0x1F250,
    0x1F251, 0x1F260, 0x1F265, 0x1F300, 0x1F320, 0x1F32D, 0x1F335, 0x1F337, 0x1F37C, 0x1F37E, 0x1F393, 0x1F3A0,
    0x1F3CA, 0x1F3CF, 0x1F3D3, 0x1F3E0, 0x1F3F0, 0x1F3F4, 0x1F3F4, 0x1F3F8, 0x1F43E, 0x1F440, 0x1F440, 0x1F442,
    0x1F4FC, 0x1F4FF, 0x1F53D, 0x1F54B, 0x1F54E, 0x1F550, 0x1F567, 0x1F57A, 0x1F57A, 0x1F595, 0x1F596, 0x1F5A4,
    0x1F5A4, 0x1F5FB, 0x1F64F, 0x1F680, 0x1F6C5, 0x1F6CC, 0x1F6CC, 0x1F6D0, 0x1F6D2, 0x1F6D5, 0x1F6D7, 0x1F6DD,
    0x1F6DF, 0x1F6EB, 0x1F6EC, 0x1F6F4, 0x1F6FC, 0x1F7E0, 0x1F7EB, 0x1F7F0, 0x1F7F0, 0x1F90C, 0x1F93A, 0x1F93C,
    0x1F945, 0x1F947, 0x1F9FF, 0x1FA70, 0x1FA74, 0x1FA78, 0x1FA7C, 0x1FA80, 0x1FA86, 0x1FA90, 0x1FAAC, 0x1FAB0,
    0x1FABA, 0x1FAC0, 0x1FAC5, 0x1FAD0, 0x1FAD9, 0x1FAE0, 0x1FAE7, 0x1FAF0, 0x1FAF6, 0x20000, 0x2A6DF, 0x2A700,
    0x2B738, 0x2B740, 0x2B81D, 0x2B820, 0x2CEA1, 0x2CEB0, 0x2EBE0, 0x2F800, 0x2FA1D, 0x30000, 0x3134A];
  const UNASSIGNED_RE = /^\p{Cn}$/u;
  const CONTROL_RE = /^[\p{Cc}\p{Cf}\p{Cs}]$/u;
  const GAP_RE = /^[\s\p{P}]$/u;
  const SPACE_RE = /^\s$/;
  const ASTRAL_RE = /[\uD800-\uDFFF]/;
  const FOLD_RE = /[A-Z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;

  function isHan(ch) {
    const cp = ch.codePointAt(0);
    for (let i = 0; i < HAN_RANGES.length; i++) if (cp >= HAN_RANGES[i][0] && cp <= HAN_RANGES[i][1]) return true;
    return false;
  }
  function hasHan(text) {
    for (const ch of text) if (isHan(ch)) return true;
    return false;
  }
  function isWide(ch) {
    if (isHan(ch)) return true;
    const cp = ch.codePointAt(0);
    if (cp < 0x80) return false;
    for (let i = 0; i < WIDE_RANGES.length; i += 2) if (cp >= WIDE_RANGES[i] && cp <= WIDE_RANGES[i + 1]) return true;
    return UNASSIGNED_RE.test(ch);
  }
  function foldChar(ch) {
    let code = ch.charCodeAt(0);
    if (code >= 0xFF10) code -= 0xFEE0;  // a full-width letter or digit → ASCII
    return code >= 0x41 && code <= 0x5A ? String.fromCharCode(code + 32) : String.fromCharCode(code);
  }
  /* ASCII letters lowercased, full-width letters and digits made ASCII; same length, same offsets. */
  function fold(text) { return text.replace(FOLD_RE, foldChar); }
  function isLatinUnit(c) {  // an ASCII letter or digit (one UTF-16 unit of a folded string)
    return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  }
  function isGap(ch) { return GAP_RE.test(ch); }
  function cpLength(s) { return ASTRAL_RE.test(s) ? Array.from(s).length : s.length; }
  function cpSlice(s, a, b) {
    return ASTRAL_RE.test(s) ? Array.from(s).slice(a, b).join("") : s.slice(a, b);
  }
  function cpIndex(s, u16) {  // a UTF-16 offset of s as a code point offset
    return ASTRAL_RE.test(s) ? Array.from(s.slice(0, u16)).length : u16;
  }
  function cpCompare(a, b) {  // Python's str ordering: by code point
    const x = Array.from(a), y = Array.from(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d) return d;
    }
    return x.length - y.length;
  }

  /* Whitespace collapsed, and dropped next to Chinese characters and full-width punctuation. */
  function normaliseQueryText(text) {
    const chars = Array.from(text.trim().replace(/\s+/g, " "));
    let out = "";
    for (let i = 0; i < chars.length; i++) {
      if (chars[i] === " " && (isWide(chars[i - 1]) || isWide(chars[i + 1]))) continue;
      out += chars[i];
    }
    return out;
  }

  /* Every start offset (code points; overlapping ones too) where `needle` occurs in `text` (text.py). */
  function occurrences(text, needle, folded) {
    if (!needle) return [];
    const hay = folded || fold(text), pin = fold(needle);
    const latinStart = isLatinUnit(pin.charCodeAt(0)), latinEnd = isLatinUnit(pin.charCodeAt(pin.length - 1));
    const found = [];
    let i = hay.indexOf(pin);
    while (i !== -1) {
      const end = i + pin.length;
      if (!(latinStart && i > 0 && isLatinUnit(hay.charCodeAt(i - 1))) &&
          !(latinEnd && end < hay.length && isLatinUnit(hay.charCodeAt(end)))) found.push(i);
      i = hay.indexOf(pin, i + 1);
    }
    return ASTRAL_RE.test(text) ? found.map(function (u) { return cpIndex(text, u); }) : found;
  }
  /* Whether the text gives the index any token (punctuation and spaces alone give none: query.py drops it). */
  function hasToken(text) {
    for (const ch of text) if (!isGap(ch)) return true;
    return false;
  }

  function editDistance(a, b, cap) {  // text.py edit_distance, with its early stop at cap + 1
    a = Array.from(a); b = Array.from(b);
    if (a.join("") === b.join("")) return 0;
    if (cap != null && Math.abs(a.length - b.length) > cap) return cap + 1;
    let previous = [];
    for (let j = 0; j <= b.length; j++) previous.push(j);
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      for (let j = 1; j <= b.length; j++) {
        current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] !== b[j - 1] ? 1 : 0)));
      }
      if (cap != null && Math.min.apply(null, current) > cap) return cap + 1;
      previous = current;
    }
    return previous[previous.length - 1];
  }

  /* ---- the query grammar (parse.py) ---- */
  function checkQuery(query) {
    const chars = Array.from(query);
    if (chars.length > MAX_QUERY_CHARS) {
      throw new UserError("query too long: " + chars.length + " characters (at most " + MAX_QUERY_CHARS + ")");
    }
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i];
      if (ch === "\t" || ch === "\n" || ch === "\r") continue;
      if (CONTROL_RE.test(ch) && ch !== "\u200d") {  // ZWJ joins emoji
        const hex = ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
        throw new UserError("query has a control character (U+" + hex + ") at position " + (i + 1));
      }
    }
    if (!query.trim()) throw new UserError("empty query: give a word, a phrase, pinyin or English (" + EXAMPLE + ")");
  }

  function tokenize(query) {
    const q = Array.from(query), n = q.length, tokens = [];
    let i = 0;
    while (i < n) {
      const ch = q[i];
      if (SPACE_RE.test(ch)) {
        i += 1;
      } else if (ch === '"') {
        const end = q.indexOf('"', i + 1);
        if (end === -1) {
          throw new UserError("unbalanced quotation mark: the phrase opened at position " + (i + 1) + " is never closed");
        }
        const text = q.slice(i + 1, end).join("");
        if (!text.trim()) throw new UserError('empty phrase "" at position ' + (i + 1));
        tokens.push({ kind: "PHRASE", text: text, position: i + 1 });
        i = end + 1;
      } else if (ch === "(" || ch === ")") {
        tokens.push({ kind: ch, text: ch, position: i + 1 });
        i += 1;
      } else {
        let j = i;
        while (j < n && !SPACE_RE.test(q[j]) && '"()'.indexOf(q[j]) === -1) j += 1;
        const word = q.slice(i, j).join("");
        tokens.push({ kind: OPERATORS.indexOf(word) !== -1 ? word : "WORD", text: word, position: i + 1 });
        i = j;
      }
    }
    return tokens;
  }

  function Leaf(text, quoted, position) {
    return { leaf: true, text: text, quoted: quoted, position: position, negated: false };
  }

  function Parser(tokens) { this.tokens = tokens; this.i = 0; }
  Parser.prototype.peek = function () { return this.i < this.tokens.length ? this.tokens[this.i] : null; };
  Parser.prototype.take = function () { return this.tokens[this.i++]; };
  Parser.prototype.atEndOfGroup = function () {
    const token = this.peek();
    return token === null || token.kind === ")" || token.kind === "AND" || token.kind === "OR";
  };
  Parser.prototype.parseOr = function () {
    const children = [this.parseAnd()];
    while (this.peek() !== null && this.peek().kind === "OR") {
      const op = this.take();
      if (this.atEndOfGroup()) throw new UserError("'OR' at position " + op.position + " needs a search term on each side");
      children.push(this.parseAnd());
    }
    return children.length === 1 ? children[0] : { op: "OR", children: children };
  };
  Parser.prototype.parseAnd = function () {
    let token = this.peek();
    if (token === null || token.kind === ")") throw this.missing(token);
    if (token.kind === "AND" || token.kind === "OR") {
      throw new UserError("'" + token.kind + "' at position " + token.position + " needs a search term on each side");
    }
    const children = [[this.parseUnary(), false]];
    for (;;) {
      token = this.peek();
      if (token === null || token.kind === "OR" || token.kind === ")") break;
      const explicit = token.kind === "AND";
      if (explicit) {
        this.take();
        if (this.atEndOfGroup()) {
          throw new UserError("'AND' at position " + token.position + " needs a search term on each side");
        }
      }
      children.push([this.parseUnary(), explicit]);
    }
    return mergeLatin(children);
  };
  Parser.prototype.missing = function (token) {
    if (token !== null && token.kind === ")") {
      if (this.i > 0 && this.tokens[this.i - 1].kind === "(") {
        return new UserError("empty parentheses at position " + this.tokens[this.i - 1].position);
      }
      return new UserError("unbalanced parenthesis: ')' at position " + token.position + " has no matching '('");
    }
    const previous = this.i > 0 ? this.tokens[this.i - 1] : null;
    if (previous !== null && previous.kind === "NOT") {
      return new UserError("'NOT' at position " + previous.position + " needs a search term after it");
    }
    if (previous !== null && (previous.kind === "AND" || previous.kind === "OR")) {
      return new UserError("'" + previous.kind + "' at position " + previous.position + " needs a search term on each side");
    }
    return new UserError("empty query: give a word, a phrase, pinyin or English (" + EXAMPLE + ")");
  };
  Parser.prototype.parseUnary = function () {
    const token = this.peek();
    if (token === null || token.kind === ")" || token.kind === "AND" || token.kind === "OR") throw this.missing(token);
    if (token.kind === "NOT") {
      this.take();
      const following = this.peek();
      if (following === null || following.kind === ")" || following.kind === "AND" || following.kind === "OR") {
        throw new UserError("'NOT' at position " + token.position + " needs a search term after it");
      }
      return { op: "NOT", children: [this.parseUnary()] };
    }
    if (token.kind === "(") {
      this.take();
      if (this.peek() !== null && this.peek().kind === ")") {
        throw new UserError("empty parentheses at position " + token.position);
      }
      const inner = this.parseOr();
      const closing = this.peek();
      if (closing === null || closing.kind !== ")") {
        throw new UserError("unbalanced parenthesis: '(' at position " + token.position + " is never closed");
      }
      this.take();
      return inner;
    }
    this.take();
    return Leaf(normaliseQueryText(token.text), token.kind === "PHRASE", token.position);
  };

  function bareLatin(node) { return node.leaf && !node.quoted && !hasHan(node.text); }

  /* Bare Latin words next to each other (no operator between) are one expression: san da gong jian zhan. */
  function mergeLatin(children) {
    const merged = [];
    children.forEach(function (pair) {
      const child = pair[0], explicitAnd = pair[1];
      const last = merged[merged.length - 1];
      if (!explicitAnd && merged.length && bareLatin(child) && bareLatin(last)) {
        merged[merged.length - 1] = Leaf(last.text + " " + child.text, false, last.position);
      } else {
        merged.push(child);
      }
    });
    return merged.length === 1 ? merged[0] : { op: "AND", children: merged };
  }

  function iterLeaves(tree, negated, out) {
    out = out || [];
    if (tree.leaf) {
      tree.negated = !!negated;
      out.push(tree);
      return out;
    }
    tree.children.forEach(function (c) { iterLeaves(c, (!!negated) !== (tree.op === "NOT"), out); });
    return out;
  }

  function positive(tree) {
    if (tree.leaf) return true;
    if (tree.op === "NOT") return false;
    if (tree.op === "AND") return tree.children.some(positive);
    return tree.children.every(positive);
  }

  function parse(query) {
    checkQuery(query);
    const parser = new Parser(tokenize(query));
    const tree = parser.parseOr();
    const token = parser.peek();
    if (token !== null) {
      if (token.kind === ")") {
        throw new UserError("unbalanced parenthesis: ')' at position " + token.position + " has no matching '('");
      }
      throw new UserError("unexpected '" + token.text + "' at position " + token.position);
    }
    const leaves = iterLeaves(tree);
    if (leaves.length > MAX_TERMS) {
      throw new UserError("too many search terms: " + leaves.length + " (at most " + MAX_TERMS + ")");
    }
    if (!positive(tree)) {
      throw new UserError("NOT only narrows a search: say what to find as well, e.g. '脱贫 NOT 攻坚'");
    }
    return tree;
  }

  /* ---- English (records.py english_key; whoosh.lang.porter; Whoosh's StemmingAnalyzer) ---- */
  const STEP2 = { ational: "ate", tional: "tion", enci: "ence", anci: "ance", izer: "ize", bli: "ble", alli: "al",
    entli: "ent", eli: "e", ousli: "ous", ization: "ize", ation: "ate", ator: "ate", alism: "al", iveness: "ive",
    fulness: "ful", ousness: "ous", aliti: "al", iviti: "ive", biliti: "ble", logi: "log" };
  const STEP3 = { icate: "ic", ative: "", alize: "al", iciti: "ic", ical: "ic", ful: "", ness: "" };
  const C = "[^aeiouy]+", V = "[aeiou]+";
  const MGR0 = new RegExp("^(" + C + ")?" + V + C);
  const MEQ1 = new RegExp("^(" + C + ")?" + V + C + "(" + V + ")?$");
  const MGR1 = new RegExp("^(" + C + ")?" + V + C + V + C);
  const S_V = new RegExp("^(" + C + ")?[aeiouy]");
  const C_V = new RegExp("^" + C + "[aeiouy][^aeiouwxy]$");
  const ED_ING = /^(.*)(ed|ing)$/;
  const AT_BL_IZ = /^(at|bl|iz)$/;  // Python's re.match anchors "(at|bl|iz)$" at the start too: whoosh's quirk, kept
  const STEP1B = /^([^aeiouylsz])\1$/;  // likewise
  const STEP2_RE = /^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/;
  const STEP3_RE = /^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$/;
  const STEP4_1 = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/;
  const STEP4_2 = /^(.+?)(s|t)(ion)$/;
  const STEP5 = /^(.+?)e$/;
  const stemCache = new Map();

  /* whoosh.lang.porter.stem, rule for rule (its quirks included, so the keys agree). */
  function porterStem(word) {
    const cached = stemCache.get(word);
    if (cached !== undefined) return cached;
    let w = word;
    if (Array.from(w).length >= 3) {
      const firstIsY = w[0] === "y";
      if (firstIsY) w = "Y" + w.slice(1);
      if (w.endsWith("s")) {
        if (w.endsWith("sses")) w = w.slice(0, -2);
        else if (w.endsWith("ies")) w = w.slice(0, -2);
        else if (w[w.length - 2] !== "s") w = w.slice(0, -1);
      }
      let m;
      if (w.endsWith("eed")) {
        if (MGR0.test(w.slice(0, -3))) w = w.slice(0, -1);
      } else if ((m = ED_ING.exec(w))) {
        const stem = m[1];
        if (S_V.test(stem)) {
          w = stem;
          if (AT_BL_IZ.test(w)) w += "e";
          else if (STEP1B.test(w)) w = w.slice(0, -1);
          else if (C_V.test(w)) w += "e";
        }
      }
      if (w.endsWith("y")) {
        const stem = w.slice(0, -1);
        if (S_V.test(stem)) w = stem + "i";
      }
      if ((m = STEP2_RE.exec(w)) && MGR0.test(m[1])) w = m[1] + STEP2[m[2]];
      if ((m = STEP3_RE.exec(w)) && MGR0.test(m[1])) w = m[1] + STEP3[m[2]];
      if ((m = STEP4_1.exec(w))) {
        if (MGR1.test(m[1])) w = m[1];
      } else if ((m = STEP4_2.exec(w))) {
        if (MGR1.test(m[1] + m[2])) w = m[1] + m[2];
      }
      if ((m = STEP5.exec(w))) {
        const stem = m[1];
        if (MGR1.test(stem) || (MEQ1.test(stem) && !C_V.test(stem))) w = stem;
      }
      if (w.endsWith("ll") && MGR1.test(w)) w = w.slice(0, -1);
      if (firstIsY) w = "y" + w.slice(1);
    }
    if (stemCache.size < 50000) stemCache.set(word, w);
    return w;
  }

  /* Lowercased, Porter-stemmed words without a leading article: the glossary's English key (records.py). */
  function englishKey(text) {
    const words = text.toLowerCase().replace(/’/g, "'").match(/[a-z0-9]+(?:'[a-z]+)?/g) || [];
    while (words.length && ARTICLES[words[0]]) words.shift();
    return words.map(porterStem).join(" ");
  }

  /* Whoosh's StemmingAnalyzer(stoplist=None, minsize=1): \w+(\.?\w+)* tokens, lowercased, stemmed; offsets in
     code points. */
  const WORD_TOKEN_RE = /[\p{L}\p{N}_]+(?:\.?[\p{L}\p{N}_]+)*/gu;
  function analyse(text) {
    const stems = [], starts = [], ends = [];
    const astral = ASTRAL_RE.test(text);
    let m;
    WORD_TOKEN_RE.lastIndex = 0;
    while ((m = WORD_TOKEN_RE.exec(text))) {
      stems.push(porterStem(m[0].toLowerCase()));
      const s = astral ? cpIndex(text, m.index) : m.index;
      starts.push(s);
      ends.push(s + cpLength(m[0]));
    }
    return { stems: stems, starts: starts, ends: ends };
  }
  function wordRuns(tokens, stems) {  // the stems in a row: [[start, end]] in code points
    const size = stems.length, out = [];
    for (let i = 0; i + size <= tokens.stems.length; i++) {
      let k = 0;
      while (k < size && tokens.stems[i + k] === stems[k]) k++;
      if (k === size) out.push([tokens.starts[i], tokens.ends[i + size - 1]]);
    }
    return out;
  }

  /* ---- pinyin (syllables.py query_readings) ---- */
  function preparePinyin(text) {
    let t = text.toLowerCase().replace(/’/g, "'").normalize("NFD");
    t = t.replace(/u\u0308/g, "ü").replace(/u:/g, "ü").replace(/v/g, "ü");
    t = t.normalize("NFD").replace(/u\u0308/g, "ü");
    return /^[a-zü\u0300\u0301\u0304\u030c0-5' \-]+$/.test(t) && /[a-zü]/.test(t) ? t : null;
  }

  function splitChunk(chunk, valid) {
    const n = chunk.length, memo = {};
    function syllable(piece) {
      const tones = [];
      let base = "";
      for (const c of piece) {
        if (TONE_MARKS[c]) tones.push(TONE_MARKS[c]);
        else base += c;
      }
      if (tones.length > 1 || !valid.has(base)) return null;
      return [base, tones.length ? tones[0] : null];
    }
    function from(i) {
      if (memo[i]) return memo[i];
      if (i === n) return (memo[i] = [[]]);
      const results = [];
      outer:
      for (let end = i + 1; end <= Math.min(n, i + 12); end++) {
        const piece = chunk.slice(i, end);
        if ("012345".indexOf(piece[0]) !== -1) break;
        let s = syllable(piece);
        if (s === null) continue;
        let stop = end;
        if (stop < n && "012345".indexOf(chunk[stop]) !== -1) {
          if (s[1] !== null) continue;
          s = [s[0], chunk[stop] === "0" ? 5 : Number(chunk[stop])];
          stop += 1;
        } else if (stop < n && TONE_MARKS[chunk[stop]]) {
          continue;
        }
        const rest = from(stop);
        for (let r = 0; r < rest.length; r++) {
          results.push([s].concat(rest[r]));
          if (results.length > MAX_READINGS) break outer;
        }
      }
      return (memo[i] = results);
    }
    return from(0);
  }

  /* Every way the typed text splits into syllables ([] if none); [[base, tone or null]] each. */
  function queryReadings(text, valid) {
    const prepared = preparePinyin(text);
    if (prepared === null) return [];
    const chunks = prepared.split(/[ '\-]+/).filter(Boolean);
    const options = [];
    for (let c = 0; c < chunks.length; c++) {
      const found = splitChunk(chunks[c], valid);
      if (!found.length) return [];
      options.push(found);
    }
    let total = 1;
    for (let c = 0; c < options.length; c++) {
      total *= options[c].length;
      if (total > MAX_READINGS) {
        throw new UserError("'" + text + "' splits into too many pinyin syllable sequences: separate the syllables " +
          "with spaces or apostrophes (xi'an)");
      }
    }
    let readings = [[]];
    options.forEach(function (found) {
      const next = [];
      readings.forEach(function (r) { found.forEach(function (part) { next.push(r.concat(part)); }); });
      readings = next;
    });
    const toneless = function (r) { return r.filter(function (s) { return s[1] === null; }).length; };
    if (readings.some(function (r) { return r.some(function (s) { return s[1] !== null; }); })) {
      const fewest = Math.min.apply(null, readings.map(toneless));
      readings = readings.filter(function (r) { return toneless(r) === fewest; });
    }
    return readings;
  }

  /* ---- the shards (build_scripts/search/shards.py) ---- */
  const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const DIGIT = {};
  for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;
  function varints(text) {  // base-32 digits, least significant first; 32-63: more follows
    const out = [];
    let n = 0, scale = 1;
    for (let i = 0; i < text.length; i++) {
      const d = DIGIT[text.charCodeAt(i)];
      if (d >= 32) { n += (d - 32) * scale; scale *= 32; } else { out.push(n + d * scale); n = 0; scale = 1; }
    }
    return out;
  }
  /* postings → the sorted positions (in the joined text; 4·p + flags for an ASCII letter or digit) */
  function decodePostings(text) {
    const v = varints(text);
    for (let i = 1; i < v.length; i++) v[i] += v[i - 1];
    return v;
  }
  function blockList(text) {  // delta-coded block numbers
    const out = [];
    let block = -1;
    varints(text).forEach(function (d) { block += d + 1; out.push(block); });
    return out;
  }
  function syllableFile(base) { return "p/" + base.replace(/ü/g, "v"); }
  function stemFile(stem) { return "s/" + (/^[a-z0-9]/.test(stem) ? stem[0] : "_"); }

  /* ---- the engine over one archive's manifest; `load(name)` → a promise of that shard's payload ---- */
  function createEngine(manifest, load) {
    const data = Object.assign({}, manifest, {  // the manifest's compact rows as the objects the rules read
      documents: manifest.documents.map(function (d) {
        return { id: d[0], citation: d[1], year: d[2], blocks: d[3], url_path: "documents/" + d[0] + ".html" };
      }),
      english: manifest.english.map(function (e) { return { key: e[0], term: e[1], zh: e[2] }; }),
    });
    const valid = new Set(data.syllables);
    const t2s = data.t2s || {};  // traditional forms of the glossary's terms (suggestions leave them out)
    const script = data.script || {};  // variants.py: character → the character writing its class
    const english = new Map();  // key → entries, in the glossary's order
    data.english.forEach(function (e) {
      if (!english.has(e.key)) english.set(e.key, []);
      english.get(e.key).push(e);
    });
    const size = data.blocks;
    const blockDoc = new Int32Array(size);
    let at = 0;
    data.documents.forEach(function (doc, d) { for (let k = 0; k < doc.blocks; k++) blockDoc[at++] = d; });
    const headings = new Set(blockList(data.headings));
    const solo = new Set(Array.from(data.chars.solo));
    const withReadings = new Set(data.pinyin);
    const withStems = new Set(data.stems);

    /* -- the shards a query has asked for, each loaded once -- */
    const files = new Map();
    function shard(name) {
      if (!files.has(name)) files.set(name, load(name));
      return files.get(name);
    }
    const loaded = new Map();  // name → payload, once in
    function loadAll(names) {
      return Promise.all(Array.from(new Set(names)).map(function (name) {
        return shard(name).then(function (payload) {
          loaded.set(name, payload);
          if (name.startsWith("f/")) Object.keys(payload).forEach(function (b) { leadRecords.set(Number(b), payload[b]); });
        });
      }));
    }
    function charFile(ch) {
      const cp = ch.codePointAt(0);
      return solo.has(ch) ? "c/" + cp.toString(16) : cp < 128 ? "c/ascii" : "c/b" + (cp % data.chars.buckets);
    }
    function chunkFile(block) { return "r/" + Math.floor(block / data.chunk); }
    function termFile(t) { return "t/" + (t % data.terms_buckets); }
    const decoded = new Map();
    function decodedOnce(key, text) {
      if (!decoded.has(key)) decoded.set(key, decodePostings(text));
      return decoded.get(key);
    }
    /* [{printed, blocks}] of a search-key character (every printed character whose key it is) */
    function charPostings(k) {
      const entries = loaded.get(charFile(k))[k] || {};
      return Object.keys(entries).map(function (printed) {
        return { printed: printed, positions: decodedOnce("c" + k + printed, entries[printed]) };
      });
    }
    const leadRecords = new Map();  // block → its record, from the terms' first-hits files (f/) loaded
    function record(block) {  // [anchor, section, text, en]
      const r = leadRecords.get(block) || loaded.get(chunkFile(block))[block % data.chunk];
      return { index: block, anchor: r[0], section: r[1], text: r[2], en: r[3], kind: headings.has(block) ? "h" : "p",
               doc: blockDoc[block] };
    }

    /* The block a position of the joined text is in (shards.py: each block's text, a separator after it). */
    const blockStart = new Int32Array(size + 1);
    varints(data.lengths).forEach(function (length, b) { blockStart[b + 1] = blockStart[b] + length + 1; });
    function blockAt(p) {
      let lo = 0, hi = size - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (blockStart[mid] <= p) lo = mid; else hi = mid - 1;
      }
      return lo;
    }
    /* Where a run of characters matches: columns[j] holds the entries position j may be ([{printed, positions}]),
       latin[j] whether its values carry the Latin flags. → Map block → its run of matches ({starts, texts, from, to,
       base}: starts[from … to) − base are the offsets in the block, texts the printed strings), in order. The
       matches share two arrays, one slot each: a frequent character (的: 86,000 positions) makes no object per hit. */
    function runs(columns, latin) {
      const found = new Map(), n = columns.length;
      if (!n || columns.some(function (c) { return !c.length; })) return found;
      function usable(j, v) {  // the position of a stored value, or -1 where a Latin query end touches a longer run
        if (!latin[j]) return v;
        if ((j === 0 && (v & 2)) || (j === n - 1 && (v & 1))) return -1;
        return v >> 2;
      }
      const weight = columns.map(function (c) { return c.reduce(function (m, e) { return m + e.positions.length; }, 0); });
      let driver = 0;  // the rarest column leads; the others are walked alongside it (sorted positions, a cursor each)
      for (let j = 1; j < n; j++) if (weight[j] < weight[driver]) driver = j;
      const cursors = columns.map(function (c) { return new Int32Array(c.length); });
      function printedAt(j, p) {  // the printed character of column j at position p, or null
        const entries = columns[j], cursor = cursors[j];
        for (let e = 0; e < entries.length; e++) {
          const positions = entries[e].positions;
          let k = cursor[e];
          if (latin[j]) { while (k < positions.length && (positions[k] >> 2) < p) k++; }
          else { while (k < positions.length && positions[k] < p) k++; }
          cursor[e] = k;
          if (k < positions.length && (latin[j] ? positions[k] >> 2 : positions[k]) === p) {
            return usable(j, positions[k]) === -1 ? null : entries[e].printed;  // positions are the text's: one entry
          }
        }
        return null;
      }
      let starts = [], texts = [];
      columns[driver].forEach(function (entry) {
        cursors.forEach(function (c) { c.fill(0); });  // this entry's positions rise from the start again
        const positions = entry.positions;
        for (let k = 0; k < positions.length; k++) {
          const q = usable(driver, positions[k]);
          if (q < 0) continue;
          const p = q - driver;
          let text = n === 1 ? entry.printed : "";
          for (let j = 0; j < n && text !== null; j++) {
            if (j === driver) { if (n > 1) text += entry.printed; continue; }
            const c = p + j >= 0 ? printedAt(j, p + j) : null;
            text = c === null ? null : text + c;
          }
          if (text === null) continue;
          starts.push(p);
          texts.push(text);
        }
      });
      if (columns[driver].length > 1) {  // the variants' positions interleave
        const order = starts.map(function (_, k) { return k; }).sort(function (x, y) { return starts[x] - starts[y]; });
        starts = order.map(function (k) { return starts[k]; });
        texts = order.map(function (k) { return texts[k]; });
      }
      let b = -1, run = null;
      for (let k = 0; k < starts.length; k++) {  // in order: the block moves forward only
        const p = starts[k];
        if (b < 0 || p >= blockStart[b + 1]) {
          if (run) run.to = k;
          b = blockAt(p);
          run = { starts: starts, texts: texts, from: k, to: starts.length, base: blockStart[b] };
          found.set(b, run);
        }
      }
      return found;
    }
    function eachMatch(run, f) {  // f(offset in the block, printed string) for every match of a run
      for (let k = run.from; k < run.to; k++) f(run.starts[k] - run.base, run.texts[k]);
    }
    /* Every occurrence of a search key (text.py occurrences over the blocks' keys), from the postings. */
    function keyFiles(key) { return Array.from(key).map(charFile); }
    function keyRuns(key) {
      const chars = Array.from(key);
      return runs(chars.map(charPostings), chars.map(function (ch) { return isLatinUnit(ch.charCodeAt(0)); }));
    }

    /* The search key (backends.search_key): case, width and script folded, same length (社會主義 → 社会主义). */
    function keyOf(text) {
      let out = "";
      for (const ch of fold(text)) out += script[ch] || ch;
      return out;
    }

    /* -- the readings of a leaf (query.py SearchIndex.readings): what each needs loaded, and its spans by block
       (exact from the postings; `verify` readings are checked on their candidates' records) -- */
    function reading(kind, detail, files, spans, verify, leads) {
      return { kind: kind, detail: detail, files: files, spans: spans, verify: verify || null, leads: leads || [] };
    }
    /* The glossary terms a reading is (leads: their f/ files hold the blocks of their first hits) */
    const termsByKey = new Map(), termsByPinyin = new Map();
    function index(map, key, t) {
      if (!map.has(key)) map.set(key, []);
      if (map.get(key).indexOf(t) === -1) map.get(key).push(t);
    }
    function pinyinLetters(text) { return toneless(text).replace(/ü/g, "u").replace(/[^a-z]/g, ""); }
    data.terms.forEach(function (term, t) {
      term.forms.forEach(function (f) { index(termsByKey, keyOf(normaliseQueryText(f)), t); });
      if (term.pinyin) index(termsByPinyin, pinyinLetters(term.pinyin), t);
    });
    /* Map block → run (runs) → Map block → a lazy list of the spans of `length` characters make(offset, printed)
       gives: a span object is made only for a hit shown (see spanArray) */
    function spansBy(found, length, make) {
      const out = new Map();
      found.forEach(function (run, b) { out.set(b, { lazy: true, run: run, length: length, make: make }); });
      return out;
    }

    /* Every occurrence in either script (query.py _text_spans): where the printed characters are not the
       typed ones the span is read as "traditional" and keeps the query as typed. */
    function textReading(kind, detail, text) {
      const key = keyOf(text), typed = fold(text), length = cpLength(text);
      const typedAs = new Map();  // printed form → whether it is the typed one (few forms, many hits)
      return reading(kind, detail, keyFiles(key), function () {
        return spansBy(keyRuns(key), length, function (i, printed) {
          let asTyped = typedAs.get(printed);
          if (asTyped === undefined) typedAs.set(printed, asTyped = fold(printed) === typed);
          return { field: "text", start: i, end: i + length, as: asTyped ? kind : "traditional", term: null,
                   reading: asTyped ? null : text, printed: printed };
        });
      }, null, termsByKey.get(key));
    }
    function chineseReadings(text) {
      const key = keyOf(text);
      return [textReading("chinese", key !== text ? text + " / " + key : text, text)];
    }
    function latinTextReadings(text) {
      return hasToken(text) ? [textReading("text", text, text)] : [];
    }
    function pinyinReadings(text) {
      return queryReadings(text, valid).map(function (syl) {
        const shown = syl.map(function (s) { return s[1] ? s[0] + s[1] : s[0]; }).join(" ");
        const absent = syl.some(function (s) { return !withReadings.has(s[0]); });
        return reading("pinyin", shown, absent ? [] : syl.map(function (s) { return syllableFile(s[0]); }), function () {
          if (absent) return new Map();
          const columns = syl.map(function (s) {  // the characters read so: "1公" is 公 read with tone 1
            const entries = loaded.get(syllableFile(s[0]));
            return Object.keys(entries).filter(function (item) { return s[1] === null || Number(item[0]) === s[1]; })
              .map(function (item) {
                return { printed: item.slice(1), positions: decodedOnce("p" + s[0] + item, entries[item]) };
              });
          });
          return spansBy(runs(columns, syl.map(function () { return false; })), syl.length, function (i, printed) {
            return { field: "text", start: i, end: i + syl.length, as: "pinyin", term: null, printed: printed };
          });
        }, null, termsByPinyin.get(pinyinLetters(syl.map(function (s) { return s[0]; }).join(""))));
      });
    }
    function englishGlossaryReadings(text) {
      return (english.get(englishKey(text)) || []).map(function (entry) {
        const term = data.terms[entry.term];
        const forms = entry.zh != null ? [entry.zh] : term.forms;
        const needles = [];
        forms.forEach(function (f) { const n = normaliseQueryText(f); if (needles.indexOf(n) === -1) needles.push(n); });
        const detail = needles.slice(0, 2).join(" / ") + " (" + term.id + (entry.zh != null ? ", component" : "") + ")";
        const keys = needles.map(keyOf);
        return reading("english-glossary", detail, [].concat.apply([], keys.map(keyFiles)), function () {
          const out = new Map();
          keys.forEach(function (key, k) {
            const length = cpLength(needles[k]);
            keyRuns(key).forEach(function (run, b) {
              if (!out.has(b)) out.set(b, []);
              eachMatch(run, function (start, printed) {
                out.get(b).push({ field: "text", start: start, end: start + length, as: "english-glossary", term: term.id,
                                  printed: printed });
              });
            });
          });
          return out;
        }, null, entry.zh != null ? [] : [entry.term]);
      });
    }
    function englishReadings(text) {
      const stems = analyse(text).stems;
      if (!stems.length) return [];
      const terms = [];  // the terms one of whose renderings has the stems in a row
      data.terms.forEach(function (term, t) {
        if (term.en.some(function (rendering) { return wordRuns(analyse(rendering), stems).length > 0; })) terms.push(t);
      });
      const absent = stems.some(function (s) { return !withStems.has(stemFile(s).slice(2)); });
      const files = terms.map(termFile).concat(absent ? [] : stems.map(stemFile));
      return [reading("english", stems.join(" "), files, function () {
        const out = new Map();
        terms.forEach(function (t) {
          const forms = loaded.get(termFile(t))[t] || {};
          Object.keys(forms).forEach(function (form) {
            const length = cpLength(form);
            decodedOnce("t" + t + form, forms[form]).forEach(function (p) {
              const b = blockAt(p), s = p - blockStart[b];
              if (!out.has(b)) out.set(b, []);
              out.get(b).push({ field: "text", start: s, end: s + length, as: "english", term: data.terms[t].id,
                                printed: form });
            });
          });
        });
        return out;
      }, {  // the translation: the blocks with every stem are candidates, their English is read
        candidates: function () {
          if (absent) return [];
          let found = null;
          stems.forEach(function (s) {
            const list = loaded.get(stemFile(s))[s];
            const here = new Set(list ? blockList(list) : []);
            found = found === null ? here : new Set(Array.from(found).filter(function (b) { return here.has(b); }));
          });
          return Array.from(found).sort(function (a, b) { return a - b; });
        },
        spans: function (block) {
          return block.en ? wordRuns(analyse(block.en), stems).map(function (r) {
            return { field: "translation", start: r[0], end: r[1], as: "english", term: null };
          }) : [];
        },
      }, terms)];
    }

    function readingsFor(leaf, mode) {
      const text = leaf.text;
      let found = [];
      if (hasHan(text)) {
        if (mode === "auto" || mode === "chinese") found = found.concat(chineseReadings(text));
      } else {
        if (mode === "auto" || mode === "chinese") found = found.concat(latinTextReadings(text));
        if (mode === "auto" || mode === "pinyin") found = found.concat(pinyinReadings(text));
        if (mode === "auto" || mode === "english") found = found.concat(englishGlossaryReadings(text), englishReadings(text));
      }
      if (!found.length) {
        const shown = text || "…";
        if (mode === "pinyin") throw new UserError("'" + shown + "' is not pinyin: it does not split into syllables");
        if (mode === "english") throw new UserError("'" + shown + "' has no English words to search for");
        throw new UserError("nothing to search for in '" + shown + "': punctuation alone is not indexed");
      }
      return found;
    }

    /* -- running (query.py SearchIndex.search) -- */
    function blocksOf(numbers) {  // the record files of the blocks not already in from a term's first hits
      return loadAll(numbers.filter(function (b) { return !leadRecords.has(b); }).map(chunkFile));
    }
    /* A block's spans of one reading: an array of span objects, or a lazy list (spansBy) made into one on demand. */
    function spanCount(list) { return list.lazy ? list.run.to - list.run.from : list.length; }
    function spanArray(list) {
      if (!list.lazy) return list;
      const out = [];
      eachMatch(list.run, function (start, printed) { out.push(list.make(start, printed)); });
      return out;
    }
    function plainList(list) {  // a lazy list whose spans do not overlap: merging leaves it as it is
      const run = list.run;
      for (let k = run.from + 1; k < run.to; k++) if (run.starts[k] - run.starts[k - 1] < list.length) return false;
      return true;
    }
    async function leafMatches(readings) {  // block index → [span lists], in the readings' order
      const found = new Map();
      function add(r, b, spans) {
        if (!spanCount(spans)) return;
        if (!found.has(b)) found.set(b, []);
        found.get(b).push(spans);
        r.found = r.found || new Map();
        if (!r.found.has(b)) r.found.set(b, []);
        r.found.get(b).push(spans);
      }
      for (const r of readings) {
        r.spans().forEach(function (spans, b) { add(r, b, spans); });
        if (r.verify) {
          const candidates = r.verify.candidates();
          await blocksOf(candidates);
          candidates.forEach(function (b) { add(r, b, r.verify.spans(record(b))); });
        }
      }
      return found;
    }
    function evaluate(tree, matches) {  // → Set of block indexes
      if (tree.leaf) return new Set(matches.get(tree).keys());
      if (tree.op === "NOT") {
        const inner = evaluate(tree.children[0], matches), out = new Set();
        for (let i = 0; i < size; i++) if (!inner.has(i)) out.add(i);
        return out;
      }
      const sets = tree.children.map(function (c) { return evaluate(c, matches); });
      if (tree.op === "AND") {
        return new Set(Array.from(sets[0]).filter(function (i) { return sets.every(function (s) { return s.has(i); }); }));
      }
      const union = new Set();
      sets.forEach(function (s) { s.forEach(function (i) { union.add(i); }); });
      return union;
    }

    /* → {query, mode, hits (offset … offset + limit; every one without a limit), totals, by_year, by_document,
       readings, suggestions}. Totals count every hit; only the blocks of the hits returned are read. */
    async function run(query, options) {
      options = options || {};
      const mode = options.mode || "auto";
      const context = options.context == null ? DEFAULT_CONTEXT : options.context;
      const offset = options.offset || 0, limit = options.limit == null ? Infinity : options.limit;
      if (MODES.indexOf(mode) === -1) throw new UserError("unknown search mode '" + mode + "' (one of: " + MODES.join(", ") + ")");
      const tree = parse(query);
      const leaves = iterLeaves(tree);
      const readings = new Map(), matches = new Map();
      leaves.forEach(function (leaf) { readings.set(leaf, readingsFor(leaf, mode)); });
      const all = [];
      const leads = new Set();
      readings.forEach(function (rs) {
        rs.forEach(function (r) {
          Array.prototype.push.apply(all, r.files);
          r.leads.forEach(function (t) { leads.add(t); });
        });
      });
      // A query that is a glossary term loads the blocks of its first hits with its postings, in the same round,
      // instead of a record file for each hit afterwards (they are spread over the archive). Totals never need them.
      if (data.leads && leads.size <= MAX_LEADS && !options.countOnly && limit > 0 && offset < data.leads) {
        leads.forEach(function (t) { all.push("f/" + t); });
      }
      const clock = [performance.now()];  // where the time goes: loading the postings, matching, the page's records
      await loadAll(all);
      clock.push(performance.now());
      for (const leaf of leaves) matches.set(leaf, await leafMatches(readings.get(leaf)));
      const found = Array.from(evaluate(tree, matches)).sort(function (a, b) { return a - b; });
      const spansOf = new Map();  // block → its hits' spans, merged and in order (a span list)
      let hitCount = 0;
      const shownLeaves = leaves.filter(function (leaf) { return !leaf.negated; });
      found.forEach(function (index) {
        const lists = [];
        shownLeaves.forEach(function (leaf) { Array.prototype.push.apply(lists, matches.get(leaf).get(index) || []); });
        let spans;
        if (lists.length === 1 && lists[0].lazy && plainList(lists[0])) {
          spans = lists[0];  // one reading's hits, in order, none overlapping: counted without making them
        } else {
          spans = [];
          lists.forEach(function (list) { spans = spans.concat(spanArray(list)); });
          spans = mergeSpans(spans).sort(function (a, b) {
            return ((a.field !== "text") - (b.field !== "text")) || (a.start - b.start) || (a.end - b.end);
          });
        }
        spansOf.set(index, spans);
        hitCount += spanCount(spans);
      });
      const result = { query: query, mode: mode, hits: [], readings: [], suggestions: [], offset: offset };
      Object.assign(result, totals(found, spansOf));
      if (options.countOnly) return result;
      const page = [];  // [block, span] from offset on
      let seen = 0;
      for (let k = 0; k < found.length && seen < offset + limit; k++) {
        const list = spansOf.get(found[k]);
        if (seen + spanCount(list) <= offset) { seen += spanCount(list); continue; }  // before the page
        const spans = spanArray(list);
        for (let s = 0; s < spans.length && seen < offset + limit; s++, seen++) {
          if (seen >= offset) page.push([found[k], spans[s]]);
        }
      }
      clock.push(performance.now());
      await blocksOf(page.map(function (p) { return p[0]; }));
      result.hits = page.map(function (p) { return makeHit(record(p[0]), p[1], context); });
      clock.push(performance.now());
      result.timing = { postings: clock[1] - clock[0], matching: clock[2] - clock[1], records: clock[3] - clock[2] };
      leaves.forEach(function (leaf) {
        if (leaf.negated) return;
        readings.get(leaf).forEach(function (r) {
          const matched = new Set();  // the printed forms, in the order first found
          let count = 0;
          found.forEach(function (index) {
            ((r.found && r.found.get(index)) || []).forEach(function (list) {
              count += spanCount(list);
              if (list.lazy) {  // text spans
                for (let k = list.run.from; k < list.run.to; k++) matched.add(list.run.texts[k]);
              } else {
                list.forEach(function (span) { if (span.field === "text") matched.add(span.printed); });
              }
            });
          });
          result.readings.push({ term: leaf.text, as: r.kind, searched: r.detail, found: count,
                                 matched: Array.from(matched) });
        });
      });
      if (options.suggest !== false && !hitCount) {
        result.suggestions = await suggestions(leaves.filter(function (l) { return !l.negated; }), mode);
      }
      return result;
    }

    /* query.py _totals: every hit counted, by year and by document (archive order) */
    function totals(found, spansOf) {
      const byDoc = new Map(), byYear = {};
      let hits = 0, heads = 0;
      found.forEach(function (b) {
        const n = spanCount(spansOf.get(b)), doc = data.documents[blockDoc[b]];
        hits += n;
        if (headings.has(b)) heads += 1;
        byDoc.set(blockDoc[b], (byDoc.get(blockDoc[b]) || 0) + n);
      });
      const byDocument = {};
      Array.from(byDoc.keys()).sort(function (a, b) { return a - b; }).forEach(function (d) {
        const doc = data.documents[d], year = doc.year == null ? "unknown" : String(doc.year);
        byDocument[doc.id] = byDoc.get(d);
        byYear[year] = (byYear[year] || 0) + byDoc.get(d);
      });
      const years = {};
      Object.keys(byYear).sort().forEach(function (y) { years[y] = byYear[y]; });
      return {
        totals: { hits: hits, blocks: found.length, paragraphs: found.length - heads, headings: heads, documents: byDoc.size },
        by_year: years, by_document: byDocument,
      };
    }

    function makeHit(block, span, context) {
      const doc = data.documents[block.doc], inText = span.field === "text";
      const source = inText ? block.text : (block.en || "");
      const chars = ASTRAL_RE.test(source) ? Array.from(source) : null;
      const slice = chars ? function (a, z) { return chars.slice(a, z).join(""); } : function (a, z) { return source.slice(a, z); };
      const flat = function (s) { return s.replace(/[\n\t\r]/g, " "); };
      const section = block.section == null ? "" : data.sections[block.section];
      return {
        doc_id: doc.id, anchor: block.anchor, kind: block.kind === "h" ? "heading" : "paragraph", field: span.field,
        matched_as: span.as, start: span.start, end: span.end,
        left: flat(slice(Math.max(0, span.start - context), span.start)),
        match: flat(slice(span.start, span.end)),
        right: flat(slice(span.end, span.end + context)),
        truncatedLeft: span.start > context, truncatedRight: span.end + context < (chars ? chars.length : source.length),
        section: section, section_path: section ? section.split(PATH_SEPARATOR) : [],
        path: doc.url_path + "#" + block.anchor, citation: doc.citation + ", §" + block.anchor, term_id: span.term,
        reading: span.reading || null,
      };
    }

    async function count(query, mode) {
      try {
        return (await run(query, { mode: mode, context: 0, suggest: false, countOnly: true })).totals.hits;
      } catch (err) {
        if (err instanceof UserError) return 0;
        throw err;
      }
    }

    /* -- near matches (suggest.py) -- */
    function termVariants(term) {  // the term and its variants: given by the data, or read off its forms
      if (term.variants) return [term.term].concat(term.variants);
      const forms = term.forms.filter(function (f) {
        for (const ch of f) if (t2s[ch]) return false;  // a traditional form, made by OpenCC
        return true;
      });
      return forms.filter(function (f) {  // “A”“B”, made from “A”、“B”
        return f.indexOf("”“") === -1 || forms.indexOf(f.split("”“").join("”、“")) === -1;
      });
    }
    /* The glossary's pinyin of a term, as the CLI compares typed pinyin with (suggest.py) */
    function termPinyin(term) { return term.pinyin || ""; }
    function stripQuotes(text) {
      let out = "";
      for (const ch of text) if (QUOTES.indexOf(ch) === -1) out += ch;
      return out;
    }
    function quoted(text) { return text.indexOf('"') === -1 ? '"' + text + '"' : text; }
    function limit(text) { return cpLength(text) <= 4 ? 1 : 2; }
    function toneless(text) {
      return text.toLowerCase().normalize("NFD").replace(/[\u0300\u0301\u0304\u030c0-5]/g, "");
    }

    async function suggestions(leaves, mode) {
      const found = [], seen = new Set();
      async function offer(query, why, whyKey, vars) {
        if (seen.has(query) || found.length >= MAX_SUGGESTIONS) return;
        seen.add(query);
        const hits = await count(query, mode);
        if (hits) found.push({ query: query, hits: hits, why: why, whyKey: whyKey, vars: vars || {} });
      }
      for (const leaf of leaves) {
        if (await count(quoted(leaf.text), mode)) continue;  // this term occurs: the combination is what finds nothing
        if (hasHan(leaf.text)) await suggestChinese(leaf.text, offer);
        else await suggestLatin(leaf.text, offer);
      }
      return found;
    }
    async function suggestChinese(text, offer) {
      const forms = [];
      data.terms.forEach(function (t) {
        termVariants(t).forEach(function (f) { f = stripQuotes(f); if (forms.indexOf(f) === -1) forms.push(f); });
      });
      const cap = limit(text);
      const near = forms.map(function (f) { return [editDistance(text, f, cap), f]; })
        .sort(function (a, b) { return (a[0] - b[0]) || cpCompare(a[1], b[1]); });
      for (const pair of near) {
        if (pair[0] > 0 && pair[0] <= cap) {
          await offer(pair[1], "glossary term, " + pair[0] + " character" + (pair[0] > 1 ? "s" : "") + " different",
            "nearTerm", { n: pair[0] });
        }
      }
      const core = Array.from(text).filter(function (ch) { return !isGap(ch); });
      let budget = MAX_PART_CHECKS;
      for (let size = Math.min(core.length - 1, MAX_PART); size > 1; size--) {
        const parts = [], hits = [];
        for (let i = 0; i + size <= core.length; i++) {
          const part = core.slice(i, i + size).join("");
          if (parts.indexOf(part) === -1) parts.push(part);
        }
        for (let k = 0; k < parts.length; k++) {
          budget -= 1;
          if (budget < 0) return;
          if (await count(quoted(parts[k]), "auto")) hits.push(parts[k]);
        }
        for (const part of hits.slice(0, 3)) await offer(part, "the longest part of the query that occurs", "part");
        if (hits.length) return;
      }
    }
    async function suggestLatin(text, offer) {
      const readings = queryReadings(text, valid);
      if (readings.length && readings.some(function (r) { return r.some(function (s) { return s[1] !== null; }); })) {
        await offer(readings[0].map(function (s) { return s[0]; }).join(" "), "the same syllables, any tone", "anyTone");
      }
      const lowered = text.toLowerCase();
      const letters = toneless(text).replace(/[^a-zü]/g, "");
      const loweredLength = cpLength(lowered), lettersLength = cpLength(letters);
      const candidates = [];
      data.terms.forEach(function (term) {
        term.en.forEach(function (rendering) {
          const d = editDistance(lowered, rendering.toLowerCase(), 3);
          if (d <= Math.max(1, Math.min(3, Math.floor(loweredLength / 6)))) candidates.push([d, rendering, "glossary English", "englishWhy"]);
        });
        const pinyin = toneless(termPinyin(term)).replace(/[^a-zü]/g, "");
        if (readings.length || lettersLength >= 4) {
          const d = editDistance(letters, pinyin, 2);
          if (d > 0 && d <= (lettersLength < 8 ? 1 : 2)) {
            candidates.push([d, term.term, "glossary term read " + termPinyin(term), "termRead", { pinyin: termPinyin(term) }]);
          }
        }
      });
      candidates.sort(function (a, b) { return (a[0] - b[0]) || cpCompare(a[1], b[1]) || cpCompare(a[2], b[2]); });
      for (const c of candidates) if (c[0] || c[2] !== "glossary English") await offer(c[1], c[2], c[3], c[4]);
      const vocabulary = new Set();
      data.terms.forEach(function (term) {
        term.en.forEach(function (r) { (r.toLowerCase().match(/[a-z]+/g) || []).forEach(function (w) { vocabulary.add(w); }); });
      });
      const words = lowered.match(/[a-z]+/g) || [];
      if (words.length && !readings.length) {
        const vocab = Array.from(vocabulary);
        const fixed = words.map(function (word) {
          if (vocabulary.has(word) || word.length < 4) return word;
          const near = vocab.map(function (v) { return [editDistance(word, v, 2), v]; })
            .sort(function (a, b) { return (a[0] - b[0]) || cpCompare(a[1], b[1]); });
          return near.length && near[0][0] <= 2 ? near[0][1] : word;
        });
        if (fixed.join(" ") !== words.join(" ")) await offer(fixed.join(" "), "spelling, from the glossary's English", "spelling");
      }
    }

    /* The shards this engine has asked for so far (what a query cost). */
    function shardsLoaded() { return Array.from(files.keys()); }

    return {
      search: run, count: count, parse: parse, blocks: size, documents: data.documents.length, shards: shardsLoaded,
      englishKey: englishKey, stem: porterStem, queryReadings: function (t) { return queryReadings(t, valid); },
    };
  }

  /* Overlapping spans of one field become one (its reading: the first in PRIORITY). */
  function mergeSpans(spans) {
    let plain = true;  // one field, in order, none overlapping (a single term's hits, mostly): nothing to merge
    for (let i = 1; plain && i < spans.length; i++) {
      plain = spans[i].field === spans[0].field && spans[i].start >= spans[i - 1].end;
    }
    if (plain) return spans;
    const merged = [];
    spans.slice().sort(function (a, b) {
      return (a.field < b.field ? -1 : a.field > b.field ? 1 : 0) || (a.start - b.start) || (b.end - a.end) ||
        (PRIORITY.indexOf(a.as) - PRIORITY.indexOf(b.as));
    }).forEach(function (span) {
      const last = merged[merged.length - 1];
      if (last && last.field === span.field && span.start < last.end) {
        const kind = PRIORITY.indexOf(span.as) < PRIORITY.indexOf(last.as) ? span.as : last.as;
        const term = kind === last.as ? last.term : span.term;
        const reading = kind === last.as ? last.reading : span.reading;
        merged[merged.length - 1] = { field: last.field, start: last.start, end: Math.max(last.end, span.end), as: kind,
                                      term: term, reading: reading || null };
      } else {
        merged.push(span);
      }
    });
    return merged;
  }

  /* output.py totals_line and readings_line, the CLI's words. */
  function plural(n, word) { return n + " " + word + (n !== 1 ? "s" : ""); }
  function totalsLine(t) {
    const kinds = [];
    if (t.paragraphs) kinds.push(plural(t.paragraphs, "paragraph"));
    if (t.headings) kinds.push(plural(t.headings, "heading"));
    return plural(t.hits, "hit") + " in " + (kinds.join(" and ") || "0 paragraphs") + " of " + plural(t.documents, "document");
  }
  function readingsParts(readings) {
    const parts = [];
    readings.forEach(function (r) {
      const part = r.term !== r.searched ? r.term + " → " + r.as + ": " + r.searched : r.term + " (" + r.as + ")";
      if (parts.indexOf(part) === -1) parts.push(part);
    });
    return parts;
  }

  const api = {
    createEngine: createEngine, UserError: UserError, parse: parse, porterStem: porterStem, englishKey: englishKey,
    normaliseQueryText: normaliseQueryText, occurrences: occurrences, totalsLine: totalsLine,
    readingsParts: readingsParts, MODES: MODES,
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  if (typeof window === "undefined" || typeof document === "undefined") return;

  /* ==== the page ================================================================================ */

  const SCRIPT_SRC = document.currentScript ? document.currentScript.src : "";
  const ROOT = SCRIPT_SRC.replace(/assets\/duizhao\/search\.js(\?.*)?$/, "");
  const SHARDS = ROOT + "assets/duizhao/data/search/";
  const EN = (document.documentElement.lang || "").startsWith("en");
  window.DZ = window.DZ || {};
  window.DZ.searchEngine = api;

  const STRINGS = {
    label: ["检索词", "Search for"],
    submit: ["检索", "Search"],
    readAs: ["读作", "Read as"],
    auto: ["自动（中文、拼音、英文）", "Every way (Chinese, pinyin, English)"],
    chinese: ["仅中文", "Chinese only"],
    pinyin: ["仅拼音", "Pinyin only"],
    english: ["仅英文", "English only"],
    help: ["中文（简体或繁体）、拼音（sandagongjianzhan、tuo1pin2、tuōpín）或英文；\"带引号的短语\"；AND、OR、NOT 与括号。例如：",
      "Chinese (simplified or traditional), pinyin (sandagongjianzhan, tuo1pin2, tuōpín) or English; \"quoted phrases\"; AND, OR, NOT and ( ). For example:"],
    loading: ["正在载入检索数据…", "Loading the search data…"],
    loadFailed: ["检索数据无法载入：", "The search data could not be loaded: "],
    badQuery: ["检索式有误：", "Cannot search: "],
    searched: ["检索方式：", "Searched: "],
    asTyped: ["按原样", "as typed"],
    chineseAs: ["中文", "Chinese"],
    pinyinAs: ["拼音", "pinyin"],
    bothScripts: ["简体繁体都查", "in either script"],
    anyWordForm: ["英文单词，不论词形", "English words, in any form"],
    glossaryEnglish: ["术语表英文，即", "glossary English for"],
    didYouMean: ["是否要找：", "Did you mean: "],
    inTranslation: ["英文译文中", "in the English translation"],
    heading: ["标题", "heading"],
    results: ["检索结果", "Results"],
    time: ["用时 {ms} 毫秒", "{ms} ms"],
    totals: ["共 {hits} 处，见于 {kinds}，涉及 {documents} 篇文献", ""],
    paragraphs: ["{n} 个段落", ""],
    headings: ["{n} 个标题", ""],
    nearTerm: ["术语表词条，相差 {n} 字", ""],
    part: ["检索词中出现过的最长部分", ""],
    anyTone: ["同样的音节，不限声调", ""],
    englishWhy: ["术语表英文", ""],
    termRead: ["术语表词条，读作 {pinyin}", ""],
    spelling: ["拼写，据术语表英文", ""],
    headPlaceholder: ["精确检索（中文、拼音、英文）", "Exact search (Chinese, pinyin, English)"],
    allHits: ["全部 {n} 处检索结果 →", "All {n} hits →"],
    noHits: ["没有找到。", "No hits."],
    moreHits: ["再显示 {n} 处（还有 {left} 处）", "Show {n} more (of {left} left)"],
    printedAs: ["原文印作「{match}」（检索「{query}」）", "printed {match} (searched {query})"],
  };
  /* Query problems in the interface's language (parse.py's messages, word for word in English). */
  const ERRORS_ZH = [
    [/^query too long: (\d+) characters \(at most (\d+)\)$/, "检索式过长：{1} 个字符（最多 {2} 个）"],
    [/^query has a control character \((U\+[0-9A-F]+)\) at position (\d+)$/, "检索式第 {2} 个字符是控制字符（{1}）"],
    [/^empty query/, "检索式是空的：请输入词语、短语、拼音或英文（例如 三大攻坚战、\"san da gong jian zhan\"、three critical battles）"],
    [/^unbalanced quotation mark: the phrase opened at position (\d+) is never closed$/, "引号不成对：第 {1} 个字符处开始的短语没有结束引号"],
    [/^empty phrase "" at position (\d+)$/, "第 {1} 个字符处是空的引号短语"],
    [/^unbalanced parenthesis: '\(' at position (\d+) is never closed$/, "括号不成对：第 {1} 个字符处的“(”没有闭合"],
    [/^unbalanced parenthesis: '\)' at position (\d+) has no matching '\('$/, "括号不成对：第 {1} 个字符处的“)”没有对应的“(”"],
    [/^empty parentheses at position (\d+)$/, "第 {1} 个字符处是空括号"],
    [/^too many search terms: (\d+) \(at most (\d+)\)$/, "检索词过多：{1} 个（最多 {2} 个）"],
    [/^NOT only narrows a search/, "NOT 只能用来排除：请同时给出要找的词，例如“脱贫 NOT 攻坚”"],
    [/^'(AND|OR)' at position (\d+) needs a search term on each side$/, "第 {2} 个字符处的 {1} 两边都需要检索词"],
    [/^'NOT' at position (\d+) needs a search term after it$/, "第 {1} 个字符处的 NOT 后面需要检索词"],
    [/^nothing to search for in '(.*)': punctuation alone is not indexed$/, "“{1}”中没有可检索的内容：只有标点符号不能检索"],
    [/^'(.*)' is not pinyin: it does not split into syllables$/, "“{1}”不是拼音：无法拆分成音节"],
    [/^'(.*)' has no English words to search for$/, "“{1}”中没有可检索的英文单词"],
    [/^'(.*)' splits into too many pinyin syllable sequences/, "“{1}”可拆分的拼音音节组合过多：请用空格或隔音符号（xi'an）分开音节"],
  ];
  /* The message for people of this interface: Chinese in the Chinese interface (null when not translated). */
  function localError(message) {
    if (EN) return null;
    for (const [pattern, zh] of ERRORS_ZH) {
      const m = pattern.exec(message);
      if (m) return zh.replace(/\{(\d)\}/g, function (_, k) { return m[Number(k)]; });
    }
    return null;
  }
  function t(key, vars) {
    let s = STRINGS[key][EN ? 1 : 0];
    for (const k in vars || {}) s = s.split("{" + k + "}").join(vars[k]);
    return s;
  }
  function hitsText(n) { return EN ? plural(n, "hit") : n + " 处"; }
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const k in attrs || {}) {
      if (attrs[k] === null || attrs[k] === undefined) continue;
      if (k === "text") node.textContent = attrs[k];
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), attrs[k]);
      else node.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c !== null && c !== undefined) node.append(c); });
    return node;
  }

  /* The shards, each a <script> calling DZ.searchShard(name, payload): no fetch(), so file:// works too. */
  const pending = new Map();  // name → {resolve, reject}
  window.DZ.searchShard = function (name, payload) {
    const waiting = pending.get(name);
    if (waiting) { pending.delete(name); waiting.resolve(payload); }
  };
  function loadShard(name) {
    return new Promise(function (resolve, reject) {
      pending.set(name, { resolve: resolve, reject: reject });
      const s = document.createElement("script");
      s.src = SHARDS + name + ".js";
      s.onload = function () {
        if (pending.has(name)) { pending.delete(name); reject(new Error("no data in " + s.src)); }
      };
      s.onerror = function () { pending.delete(name); reject(new Error("cannot load " + s.src)); };
      document.head.appendChild(s);
    });
  }

  function localTotals(total) {
    if (EN) return totalsLine(total);
    const kinds = [];
    if (total.paragraphs) kinds.push(t("paragraphs", { n: total.paragraphs }));
    if (total.headings) kinds.push(t("headings", { n: total.headings }));
    return t("totals", { hits: total.hits, kinds: kinds.join("、") || t("paragraphs", { n: 0 }), documents: total.documents });
  }
  /* A bad query, as the page and the header box show it: in the interface's language only. The CLI's words stay
     on the element (data-message), for whoever compares the two. */
  function errorParts(message) {
    const local = localError(message);
    return [local ? el("span", { class: "dz-error-message", lang: "zh-Hans", "data-message": message, text: local })
                  : el("span", { class: "dz-error-message", lang: "en", "data-message": message, text: message })];
  }

  let sharedEngine;
  /* The engine over the manifest (loaded when search is first used); the shards come as queries need them. */
  function engineReady() {
    if (!sharedEngine) sharedEngine = loadShard("manifest").then(function (data) { return createEngine(data, loadShard); });
    return sharedEngine;
  }
  window.DZ.searchReady = engineReady;

  /* ==== the header box, on every page ============================================================
     One exact search box in the header: the same engine and data as search.html (and the CLI's rules). The data
     script is loaded only when the reader first uses the box, never with the page; a <script>, not fetch(), so
     it works from file:// too. The dropdown shows the first hits in context and links to the full results. */
  const HEAD_HITS = 5;
  const PAGE_HITS = 20;  // the first page of search.html: the blocks of these hits are all it loads
  const MORE_HITS = 100;
  function headerBox() {
    const header = document.querySelector(".md-header__inner");
    if (!header || document.getElementById("dz-head-search")) return;
    const input = el("input", { type: "search", name: "q", id: "dz-head-q", class: "dz-head-input", lang: "zh-Hans",
      placeholder: t("headPlaceholder"), "aria-label": t("label"), autocomplete: "off", autocapitalize: "off",
      spellcheck: "false", enterkeyhint: "search", "aria-controls": "dz-head-results", "aria-expanded": "false" });
    const panel = el("div", { id: "dz-head-results", class: "dz-head-results", role: "region", "aria-live": "polite",
      "aria-label": t("results") });
    panel.hidden = true;
    const form = el("form", { id: "dz-head-search", class: "dz-head-search", role: "search",
      action: ROOT + "search.html", method: "get" }, [input, panel]);
    const before = header.querySelector(".md-header__option, .md-header__source");
    header.insertBefore(form, before || null);
    let timer = null, asked = 0;

    function close() { panel.hidden = true; input.setAttribute("aria-expanded", "false"); }
    function open() { panel.hidden = false; input.setAttribute("aria-expanded", "true"); }
    function fullUrl(q) { return ROOT + "search.html?q=" + encodeURIComponent(q); }
    function run() {
      const q = input.value;
      const mine = ++asked;
      if (!q.trim()) { close(); panel.replaceChildren(); form.dataset.state = "empty"; return; }
      form.dataset.state = "searching";
      engineReady().then(async function (engine) {
        if (mine !== asked) return;  // the reader typed on: only the last query is shown
        let result;
        try {
          result = await engine.search(q, { limit: HEAD_HITS });
          if (mine !== asked) return;
        } catch (err) {
          if (!(err instanceof UserError)) throw err;
          if (mine !== asked) return;
          panel.replaceChildren(el("p", { class: "dz-head-error", role: "alert" },
            [el("strong", { text: t("badQuery") })].concat(errorParts(err.message))));
          form.dataset.state = "error";
          open();
          return;
        }
        const items = result.hits.map(function (h) {
          return el("li", { class: "dz-head-hit", "data-doc": h.doc_id, "data-anchor": h.anchor, "data-start": h.start,
            "data-end": h.end, "data-field": h.field, "data-as": h.matched_as }, [
            el("a", { href: ROOT + h.path }, [
              el("span", { class: "dz-kwic", lang: h.field === "text" ? "zh-Hans" : "en" }, [
                h.truncatedLeft ? "…" : null, h.left, el("mark", { text: h.match }), h.right,
                h.truncatedRight ? "…" : null]),
              el("span", { class: "dz-head-where", lang: "zh-Hans", text: h.citation }),
              h.reading ? el("span", { class: "dz-head-note", text: t("printedAs", { match: h.match, query: h.reading }) })
                : null,
              h.field === "text" ? null : el("span", { class: "dz-head-note", text: t("inTranslation") })])]);
        });
        const total = result.totals.hits;
        panel.replaceChildren(
          total ? el("p", { class: "dz-head-totals", text: localTotals(result.totals) }) : el("p", { text: t("noHits") }),
          items.length ? el("ol", { class: "dz-head-list" }, items) : null,
          total || result.suggestions.length ? el("p", { class: "dz-head-all" }, [
            el("a", { href: fullUrl(q), text: total ? t("allHits", { n: total }) : t("didYouMean") +
              result.suggestions.map(function (s) { return s.query; }).join("、") })]) : null);
        form.dataset.state = "done";
        form.dataset.hits = String(total);
        open();
      }).catch(function (err) {
        panel.replaceChildren(el("p", { class: "dz-head-error", text: t("loadFailed") + err.message }));
        form.dataset.state = "error";
        open();
      });
    }
    input.addEventListener("focus", function () { engineReady(); if (panel.childElementCount) open(); });
    input.addEventListener("input", function () {
      form.dataset.state = "typing";  // until the answer to what is typed now is shown
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    input.addEventListener("keydown", function (event) { if (event.key === "Escape") { close(); input.blur(); } });
    form.addEventListener("submit", function (event) { if (!input.value.trim()) event.preventDefault(); });
    document.addEventListener("click", function (event) { if (!form.contains(event.target)) close(); });
    form.addEventListener("focusout", function (event) {
      if (!event.relatedTarget || !form.contains(event.relatedTarget)) setTimeout(function () {
        if (!form.contains(document.activeElement)) close();
      }, 0);
    });
  }

  /* Material's own search box reads ?q= as well: it would open its overlay over this page with our query, and drop q
     from the address when closed. On this page the address is ours, so Material's box is left out (as Material
     itself leaves it out on file://): without its search-query component, Material hides its search. This runs
     before Material's bundle, which is at the end of the page. */
  function leaveOutMaterialSearch() {
    if (!document.getElementById("dz-search")) return;
    const query = document.querySelector('[data-md-component="search-query"]');
    if (query) query.removeAttribute("data-md-component");
    document.querySelectorAll('.md-header label[for="__search"]').forEach(function (n) { n.hidden = true; });
  }
  leaveOutMaterialSearch();

  const EXAMPLES = ["三大攻坚战", "三大攻堅戰", "sandagongjianzhan", "\"san da gong jian zhan\"", "tuo1pin2",
    "three critical battles", "脱贫 OR 六保", "攻坚 NOT 脱贫"];

  function start() {
    const root = document.getElementById("dz-search");
    if (!root) return;
    root.removeAttribute("lang");
    root.innerHTML = "";
    root.dataset.state = "loading";
    const input = el("input", { id: "dz-q", name: "q", type: "search", autocomplete: "off", spellcheck: "false",
      autocapitalize: "off", "aria-describedby": "dz-search-help", lang: "zh-Hans" });
    const select = el("select", { id: "dz-as", name: "as" }, MODES.map(function (m) {
      return el("option", { value: m, text: t(m) });
    }));
    const button = el("button", { type: "submit", class: "dz-search-submit", text: t("submit") });
    const form = el("form", { class: "dz-search-form", role: "search", method: "get", action: "" }, [
      el("label", { for: "dz-q", class: "dz-search-label", text: t("label") }),
      el("div", { class: "dz-search-row" }, [input, button]),
      el("div", { class: "dz-search-options" }, [el("label", { for: "dz-as", text: t("readAs") }), " ", select]),
      el("p", { id: "dz-search-help", class: "dz-search-help" }, [t("help"), " "].concat(EXAMPLES.map(function (q, i) {
        return el("span", {}, [i ? " · " : null, el("a", { href: queryUrl(q, "auto"), "data-q": q, "data-as": "auto", lang: /[a-z]/.test(q) ? "en" : "zh-Hans", text: q })]);
      }))),
    ]);
    const status = el("div", { class: "dz-search-status", role: "status", "aria-live": "polite" });
    const error = el("div", { class: "dz-search-error", role: "alert", hidden: "" });
    const suggestionsBox = el("div", { class: "dz-suggestions", hidden: "" });
    let results = el("ol", { class: "dz-results", "aria-label": t("results") });
    root.append(form, status, error, suggestionsBox, results);

    let engine = null, current = null, drawing = 0, moreButton = null;

    function queryUrl(q, mode) {
      const params = new URLSearchParams();
      params.set("q", q);
      if (mode && mode !== "auto") params.set("as", mode);
      return "?" + params.toString();
    }
    function fromUrl() {
      const params = new URLSearchParams(location.search);
      const mode = params.get("as");
      return { q: params.get("q"), mode: MODES.indexOf(mode) !== -1 ? mode : "auto" };
    }
    function go(q, mode) {
      const url = queryUrl(q, mode);
      try {
        history.pushState({ q: q, mode: mode }, "", url);
      } catch (e) {  // a browser that refuses to change a file:// URL: load the page for the query instead
        location.search = url;
        return;
      }
      show(q, mode);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      go(input.value, select.value);
    });
    root.addEventListener("click", function (event) {
      const a = event.target.closest("a[data-q]");
      if (!a || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      go(a.dataset.q, a.dataset.as || select.value);
    });
    window.addEventListener("popstate", function () {
      const state = fromUrl();
      show(state.q, state.mode);
    });

    function clear() {
      drawing += 1;
      status.innerHTML = "";
      error.hidden = true;
      error.innerHTML = "";
      suggestionsBox.hidden = true;
      suggestionsBox.innerHTML = "";
      if (moreButton) { moreButton.remove(); moreButton = null; }
      if (results.firstChild) {  // a new list: emptying a long one node by node is slower
        const fresh = results.cloneNode(false);
        results.replaceWith(fresh);
        results = fresh;
      }
    }

    async function show(q, mode) {
      input.value = q === null ? "" : q;
      select.value = mode;
      current = { q: q, mode: mode };
      clear();
      if (q === null) {  // the page opened without a query: the form alone
        root.dataset.state = engine ? "ready" : root.dataset.state;
        return;
      }
      if (!engine) {  // shown once the manifest is in
        status.textContent = t("loading");
        return;
      }
      root.dataset.state = "searching";
      const generation = drawing;
      let result, took;
      try {
        const t0 = performance.now();
        result = await engine.search(q, { mode: mode, limit: PAGE_HITS });
        took = performance.now() - t0;
      } catch (err) {
        if (generation !== drawing) return;  // a newer search took over
        if (err instanceof UserError) {
          error.append(el("p", {}, [el("strong", { text: t("badQuery") })].concat(errorParts(err.message))));
          root.dataset.state = "done";
        } else {
          error.append(el("p", { text: t("loadFailed") + err.message }));
          root.dataset.state = "error";
        }
        error.hidden = false;
        root.dataset.query = q;
        return;
      }
      if (generation !== drawing) return;
      document.title = q + " · " + baseTitle;
      render(result, took);
    }

    /* How a reading was searched, in words a reader knows: never the engine's stems, term ids or search keys. */
    function plainReading(r) {
      switch (r.as) {
        case "chinese": {
          const simplified = r.searched.split(" / ")[1];  // a traditional query is looked up by its simplified key
          return t("chineseAs") + (simplified ? " " + simplified : "") + (EN ? ", " : "，") + t("bothScripts");
        }
        case "pinyin": return t("pinyinAs") + " " + r.searched;
        case "english-glossary": return t("glossaryEnglish") + " " + r.searched.replace(/ \([^()]*\)$/, "");
        case "english": return t("anyWordForm");
        default: return t("asTyped");
      }
    }

    function render(result, took) {
      const readings = el("ul", { class: "dz-readings" });
      const seen = new Set();
      // a way of splitting pinyin that found nothing is noise beside one that found hits ("tu o pin" beside "tuo pin")
      const pinyinFound = new Set(result.readings.filter(function (r) { return r.as === "pinyin" && r.found; })
        .map(function (r) { return r.term; }));
      result.readings.forEach(function (r) {
        const key = r.term + "\u0000" + r.as + "\u0000" + r.searched;
        if (seen.has(key)) return;
        seen.add(key);
        const parts = [el("span", { class: "dz-reading-term", text: r.term }), " → ",
          el("span", { class: "dz-reading-as", text: plainReading(r) })];
        if (r.found) {
          parts.push(el("span", { class: "dz-reading-found" }, [" → ",
            r.matched.length ? el("span", { lang: "zh-Hans", text: r.matched.slice(0, 5).join("、") + (r.matched.length > 5 ? "…" : "") }) : null,
            " (" + hitsText(r.found) + ")"]));
        }
        readings.append(el("li", { "data-term": r.term, "data-as": r.as, "data-searched": r.searched,
          "data-found": r.found, class: r.found ? "dz-reading dz-reading-hit" : "dz-reading",
          hidden: r.as === "pinyin" && !r.found && pinyinFound.has(r.term) ? "" : null }, parts));
      });
      const total = result.totals;
      const line = localTotals(total);
      status.append(
        el("div", { class: "dz-searched" }, [el("span", { class: "dz-searched-label", text: t("searched") }), readings]),
        el("p", { class: "dz-totals", "data-hits": total.hits, "data-blocks": total.blocks, "data-paragraphs": total.paragraphs,
          "data-headings": total.headings, "data-documents": total.documents }, [
          el("strong", { text: line }), " ", el("span", { class: "dz-took", text: "(" + t("time", { ms: took.toFixed(1) }) + ")" })]));
      if (result.suggestions.length) {
        const list = el("ul", {}, result.suggestions.map(function (s) {
          const why = EN ? s.why : t(s.whyKey, s.vars);
          return el("li", { class: "dz-suggestion", "data-query": s.query, "data-hits": s.hits }, [
            el("a", { href: queryUrl(s.query, result.mode), "data-q": s.query, "data-as": result.mode, text: s.query }),
            " (" + hitsText(s.hits) + "; " + why + ")"]);
        }));
        suggestionsBox.append(el("p", { text: t("didYouMean") }), list);
        suggestionsBox.hidden = false;
      }
      // The hits come a page at a time: only the blocks of the hits shown are loaded.
      const generation = drawing;
      let shown = 0;
      function append(hits) {
        const fragment = document.createDocumentFragment();
        hits.forEach(function (h) { fragment.append(hitItem(h, ++shown)); });
        results.append(fragment);
        if (shown < total.hits) {
          const left = total.hits - shown;
          const more = el("button", { type: "button", class: "dz-more",
            text: t("moreHits", { n: Math.min(MORE_HITS, left), left: left }) });
          more.addEventListener("click", function () {
            more.disabled = true;
            root.dataset.state = "searching";
            engine.search(result.query, { mode: result.mode, offset: shown, limit: MORE_HITS, suggest: false })
              .then(function (next) {
                if (generation !== drawing) return;
                more.remove();
                append(next.hits);
              }).catch(function (err) {
                error.append(el("p", { text: t("loadFailed") + err.message }));
                error.hidden = false;
                root.dataset.state = "error";
              });
          });
          results.after(more);
          moreButton = more;
        }
        root.dataset.query = result.query;
        root.dataset.shown = String(shown);
        root.dataset.state = "done";
      }
      append(result.hits);
    }

    function hitItem(h, n) {
      const zh = h.field === "text";
      return el("li", { class: "dz-hit", "data-doc": h.doc_id, "data-anchor": h.anchor, "data-field": h.field,
        "data-start": h.start, "data-end": h.end, "data-as": h.matched_as, "data-term": h.term_id }, [
        el("span", { class: "dz-hit-n", "aria-hidden": "true", text: n + "." }),
        el("p", { class: "dz-kwic", lang: zh ? "zh-Hans" : "en" }, [
          h.truncatedLeft ? el("span", { class: "dz-ellipsis", "aria-hidden": "true", text: "…" }) : null,
          el("span", { class: "dz-left", text: h.left }),
          el("mark", { text: h.match }),
          el("span", { class: "dz-right", text: h.right }),
          h.truncatedRight ? el("span", { class: "dz-ellipsis", "aria-hidden": "true", text: "…" }) : null]),
        el("p", { class: "dz-hit-where" }, [
          h.section ? el("span", { class: "dz-section", lang: "zh-Hans", text: h.section }) : null,
          h.section ? " · " : null,
          el("a", { class: "dz-hit-link", href: ROOT + h.path, lang: "zh-Hans", text: h.citation }),
          h.kind === "heading" ? el("span", { class: "dz-badge", text: t("heading") }) : null,
          zh ? null : el("span", { class: "dz-badge", text: t("inTranslation") })]),
      ]);
    }

    const baseTitle = document.title;
    const initial = fromUrl();
    show(initial.q, initial.mode);
    const asked = performance.now();
    engineReady().then(function (ready) {
      engine = ready;
      root.dataset.loadMs = (performance.now() - asked).toFixed(1);  // the manifest loaded, run, and read
      root.dataset.state = "ready";
      if (current && current.q !== null) show(current.q, current.mode);
    }).catch(function (err) {
      error.append(el("p", { text: t("loadFailed") + err.message }));
      error.hidden = false;
      root.dataset.state = "error";
    });
    if (initial.q === null) input.focus({ preventScroll: true });
  }

  function startAll() {
    headerBox();
    if (document.getElementById("dz-search")) start();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startAll);
  else startAll();
})();
