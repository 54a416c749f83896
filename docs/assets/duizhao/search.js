/* duizhao exact search: the answers `duizhao search` gives, in the browser, from a static host or from disk.
 *
 * The data is a <script> (assets/duizhao/data/search.js, written by the MkDocs hook from
 * build_scripts/search/site_data.py), never fetch()ed, so the page works opened from file:// too. Every query is a
 * linear scan of the blocks with the CLI's rules, ported one function at a time from build_scripts/search/:
 *
 *   parse.py      the query grammar and its messages           → checkQuery, tokenize, Parser, mergeLatin
 *   text.py       what "occurs" means (fold, Latin boundaries)  → fold, occurrences, normaliseQueryText
 *   syllables.py  typed pinyin → every split into syllables     → queryReadings
 *   records.py    English → glossary key (Porter stems)         → englishKey, porterStem (whoosh.lang.porter)
 *   query.py      the readings of a leaf, AND/OR/NOT, the hits  → readingsFor, evaluate, mergeSpans, makeHit
 *   suggest.py    near matches when nothing is found            → suggestions
 *   output.py     the totals and "searched:" lines              → totalsLine, readingsParts
 *
 * Offsets are Unicode code points, as in Python. The engine (createEngine) has no DOM: node can load this file
 * (module.exports) to measure it on a large synthetic archive; in a browser it is window.DZ.searchEngine.
 */
(function () {
  "use strict";

  /* ==== the engine ============================================================================== */

  const MAX_QUERY_CHARS = 1000;
  const MAX_TERMS = 32;
  const MAX_READINGS = 256;
  const MAX_SUGGESTIONS = 5;
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
  function runs(tokens, stems) {  // the stems in a row: [[start, end]] in code points
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

  /* ---- the engine over one archive's data ---- */
  function createEngine(data) {
    const valid = new Set(data.syllables);
    const t2s = data.t2s || {};  // traditional forms of the glossary's terms (suggestions leave them out)
    const script = data.script || {};  // variants.py: character → the character writing its class
    const english = new Map();  // key → entries, in the glossary's order
    data.english.forEach(function (e) {
      if (!english.has(e.key)) english.set(e.key, []);
      english.get(e.key).push(e);
    });
    const blocks = data.blocks.map(function (b, index) {
      return { index: index, data: b, text: b.text, trad: b.trad, astral: ASTRAL_RE.test(b.text) };
    });
    const all = blocks.map(function (b) { return b.index; });

    function folded(block, field) {
      const key = field === "trad" ? "_ftrad" : "_ftext";
      if (block[key] === undefined) {
        const s = block.data[field];
        block[key] = fold(s);
      }
      return block[key];
    }
    function pinyinLine(block) {  // " san da gong …": the toneless syllables, "_" for none, to look in first
      if (block._pyLine === undefined) block._pyLine = (" " + block.data.pinyin + " ").replace(/[1-5](?= )/g, "");
      return block._pyLine;
    }
    function syllables(block) {  // [base, tone] or null per character
      if (!block._py) {
        block._py = block.data.pinyin.split(" ").map(function (item) {
          return item === "_" ? null : [item.slice(0, -1), Number(item.slice(-1))];
        });
      }
      return block._py;
    }
    function translationTokens(block) {
      if (block._en === undefined) block._en = block.data.en ? analyse(block.data.en) : null;
      return block._en;
    }
    /* The search key (backends.search_key): case, width and script folded, same length (社會主義 → 社会主义). */
    function keyOf(text) {
      let out = "";
      for (const ch of fold(text)) out += script[ch] || ch;
      return out;
    }
    function blockKey(block) {
      if (block._key === undefined) block._key = keyOf(block.text);
      return block._key;
    }

    /* -- the readings of a leaf (query.py SearchIndex.readings) -- */
    function reading(kind, detail, spans) { return { kind: kind, detail: detail, spans: spans }; }

    /* Every occurrence in either script (query.py _text_spans): where the printed characters are not the
       typed ones the span is read as "traditional" and keeps the query as typed. */
    function textSpans(text, kind) {
      const key = keyOf(text), typed = fold(text), size = cpLength(text);
      return function (block) {
        return occurrences(block.text, key, blockKey(block)).map(function (i) {
          const asTyped = fold(cpSlice(block.text, i, i + size)) === typed;
          return { field: "text", start: i, end: i + size, as: asTyped ? kind : "traditional", term: null,
                   reading: asTyped ? null : text };
        });
      };
    }
    function chineseReadings(text) {
      const key = keyOf(text);
      return [reading("chinese", key !== text ? text + " / " + key : text, textSpans(text, "chinese"))];
    }
    function latinTextReadings(text) {
      return hasToken(text) ? [reading("text", text, textSpans(text, "text"))] : [];
    }
    function pinyinReadings(text) {
      return queryReadings(text, valid).map(function (syl) {
        const shown = syl.map(function (s) { return s[1] ? s[0] + s[1] : s[0]; }).join(" ");
        const line = " " + syl.map(function (s) { return s[0]; }).join(" ") + " ";
        const size = syl.length;
        return reading("pinyin", shown, function (block) {
          if (pinyinLine(block).indexOf(line) === -1) return [];
          const chars = syllables(block);
          const found = [];
          for (let i = 0; i + size <= chars.length; i++) {
            let j = 0;
            for (; j < size; j++) {
              const have = chars[i + j];
              if (have === null || have[0] !== syl[j][0] || (syl[j][1] !== null && have[1] !== syl[j][1])) break;
            }
            if (j === size) found.push({ field: "text", start: i, end: i + size, as: "pinyin", term: null });
          }
          return found;
        });
      });
    }
    function englishGlossaryReadings(text) {
      return (english.get(englishKey(text)) || []).map(function (entry) {
        const term = data.terms[entry.term];
        const forms = entry.zh != null ? [entry.zh] : term.forms;
        const needles = [];
        forms.forEach(function (f) { const n = normaliseQueryText(f); if (needles.indexOf(n) === -1) needles.push(n); });
        const detail = needles.slice(0, 2).join(" / ") + " (" + term.id + (entry.zh != null ? ", component" : "") + ")";
        const sizes = needles.map(cpLength);
        return reading("english-glossary", detail, function (block) {
          const found = [];
          needles.forEach(function (n, k) {
            occurrences(block.text, keyOf(n), blockKey(block)).forEach(function (i) {
              found.push({ field: "text", start: i, end: i + sizes[k], as: "english-glossary", term: term.id });
            });
          });
          return found;
        });
      });
    }
    function englishReadings(text) {
      const stems = analyse(text).stems;
      if (!stems.length) return [];
      const termHas = new Map();  // term index → whether one of its renderings has the stems in a row
      function termMatches(t) {
        if (!termHas.has(t)) {
          termHas.set(t, data.terms[t].en.some(function (rendering) { return runs(analyse(rendering), stems).length > 0; }));
        }
        return termHas.get(t);
      }
      return [reading("english", stems.join(" "), function (block) {
        const found = [];
        block.data.terms.forEach(function (occ) {
          if (termMatches(occ[2])) found.push({ field: "text", start: occ[0], end: occ[1], as: "english", term: data.terms[occ[2]].id });
        });
        const tokens = translationTokens(block);
        if (tokens) {
          runs(tokens, stems).forEach(function (r) {
            found.push({ field: "translation", start: r[0], end: r[1], as: "english", term: null });
          });
        }
        return found;
      })];
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
    function leafMatches(readings) {  // block index → spans
      const found = new Map();
      readings.forEach(function (r) {
        blocks.forEach(function (block) {
          const spans = r.spans(block);
          if (spans.length) {
            if (!found.has(block.index)) found.set(block.index, []);
            Array.prototype.push.apply(found.get(block.index), spans);
            r.found = r.found || new Map();
            r.found.set(block.index, spans);
          }
        });
      });
      return found;
    }
    function evaluate(tree, matches) {  // → Set of block indexes
      if (tree.leaf) return new Set(matches.get(tree).keys());
      if (tree.op === "NOT") {
        const inner = evaluate(tree.children[0], matches);
        return new Set(all.filter(function (i) { return !inner.has(i); }));
      }
      const sets = tree.children.map(function (c) { return evaluate(c, matches); });
      if (tree.op === "AND") {
        return new Set(Array.from(sets[0]).filter(function (i) { return sets.every(function (s) { return s.has(i); }); }));
      }
      const union = new Set();
      sets.forEach(function (s) { s.forEach(function (i) { union.add(i); }); });
      return union;
    }

    function run(query, options) {
      options = options || {};
      const mode = options.mode || "auto";
      const context = options.context == null ? DEFAULT_CONTEXT : options.context;
      if (MODES.indexOf(mode) === -1) throw new UserError("unknown search mode '" + mode + "' (one of: " + MODES.join(", ") + ")");
      const tree = parse(query);
      const leaves = iterLeaves(tree);
      const readings = new Map(), matches = new Map();
      leaves.forEach(function (leaf) { readings.set(leaf, readingsFor(leaf, mode)); });
      leaves.forEach(function (leaf) { matches.set(leaf, leafMatches(readings.get(leaf))); });
      const found = Array.from(evaluate(tree, matches)).sort(function (a, b) { return a - b; });
      const hits = [];
      found.forEach(function (index) {
        let spans = [];
        leaves.forEach(function (leaf) {
          if (!leaf.negated) spans = spans.concat(matches.get(leaf).get(index) || []);
        });
        mergeSpans(spans).sort(function (a, b) {
          return ((a.field !== "text") - (b.field !== "text")) || (a.start - b.start) || (a.end - b.end);
        }).forEach(function (span) {
          hits.push(options.countOnly ? span : makeHit(blocks[index], span, context));
        });
      });
      if (options.countOnly) return { hits: hits };
      const shown = [];
      leaves.forEach(function (leaf) {
        if (leaf.negated) return;
        readings.get(leaf).forEach(function (r) {
          const matched = [];
          let count = 0;
          found.forEach(function (index) {
            ((r.found && r.found.get(index)) || []).forEach(function (span) {
              count += 1;
              const source = span.field === "text" ? blocks[index].text : blocks[index].data.en;
              const m = cpSlice(source, span.start, span.end);
              if (span.field === "text" && matched.indexOf(m) === -1) matched.push(m);
            });
          });
          shown.push({ term: leaf.text, as: r.kind, searched: r.detail, found: count, matched: matched });
        });
      });
      const result = { query: query, mode: mode, hits: hits, readings: shown, suggestions: [] };
      result.totals = totals(hits);
      if (options.suggest !== false && !hits.length) {
        result.suggestions = suggestions(leaves.filter(function (l) { return !l.negated; }), mode);
      }
      return result;
    }

    function makeHit(block, span, context) {
      const b = block.data, doc = data.documents[b.doc], inText = span.field === "text";
      const source = inText ? b.text : (b.en || "");
      if (!inText && block.enAstral === undefined) block.enAstral = ASTRAL_RE.test(source);
      const chars = (inText ? block.astral : block.enAstral) ? Array.from(source) : null;
      const slice = chars ? function (a, z) { return chars.slice(a, z).join(""); } : function (a, z) { return source.slice(a, z); };
      const flat = function (s) { return s.replace(/[\n\t\r]/g, " "); };
      const section = b.section == null ? "" : data.sections[b.section];
      return {
        doc_id: doc.id, anchor: b.anchor, kind: b.kind === "h" ? "heading" : "paragraph", field: span.field,
        matched_as: span.as, start: span.start, end: span.end,
        left: flat(slice(Math.max(0, span.start - context), span.start)),
        match: flat(slice(span.start, span.end)),
        right: flat(slice(span.end, span.end + context)),
        truncatedLeft: span.start > context, truncatedRight: span.end + context < (chars ? chars.length : source.length),
        section: section, section_path: section ? section.split(PATH_SEPARATOR) : [],
        path: doc.url_path + "#" + b.anchor, citation: doc.citation + ", §" + b.anchor, term_id: span.term,
        reading: span.reading || null,
      };
    }

    function count(query, mode) {
      try {
        return run(query, { mode: mode, context: 0, suggest: false, countOnly: true }).hits.length;
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
    /* The glossary's pinyin of a term; for data without it, the archive's reading of the term where it is printed
       (tone-marked, one word): a suggestion offers the term only where it is printed, so that reading exists. */
    function termPinyin(term) {
      if (term.pinyin) return term.pinyin;
      if (term._pinyin === undefined) {
        term._pinyin = "";
        for (let k = 0; k < blocks.length; k++) {
          const at = blocks[k].text.indexOf(term.term);
          if (at === -1) continue;
          const from = cpIndex(blocks[k].text, at), printed = Array.from(term.term);
          const read = syllables(blocks[k]).slice(from, from + printed.length);
          term._pinyin = printed.map(function (ch, i) { return read[i] ? toneMarked(read[i][0], read[i][1]) : ch; }).join("");
          break;
        }
      }
      return term._pinyin;
    }
    function toneMarked(base, tone) {  // gong, 1 → gōng
      const mark = ["", "\u0304", "\u0301", "\u030c", "\u0300", ""][tone] || "";
      const at = /a|e/.test(base) ? base.search(/a|e/) : base.indexOf("ou") !== -1 ? base.indexOf("o")
        : Math.max(base.lastIndexOf("i"), base.lastIndexOf("o"), base.lastIndexOf("u"), base.lastIndexOf("ü"));
      return at < 0 || !mark ? base : (base.slice(0, at + 1) + mark + base.slice(at + 1)).normalize("NFC");
    }
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

    function suggestions(leaves, mode) {
      const found = [], seen = new Set();
      function offer(query, why, whyKey, vars) {
        if (seen.has(query) || found.length >= MAX_SUGGESTIONS) return;
        seen.add(query);
        const hits = count(query, mode);
        if (hits) found.push({ query: query, hits: hits, why: why, whyKey: whyKey, vars: vars || {} });
      }
      leaves.forEach(function (leaf) {
        if (count(quoted(leaf.text), mode)) return;  // this term occurs: the combination is what finds nothing
        if (hasHan(leaf.text)) suggestChinese(leaf.text, offer);
        else suggestLatin(leaf.text, offer);
      });
      return found;
    }
    function suggestChinese(text, offer) {
      const forms = [];
      data.terms.forEach(function (t) {
        termVariants(t).forEach(function (f) { f = stripQuotes(f); if (forms.indexOf(f) === -1) forms.push(f); });
      });
      const cap = limit(text);
      forms.map(function (f) { return [editDistance(text, f, cap), f]; })
        .sort(function (a, b) { return (a[0] - b[0]) || cpCompare(a[1], b[1]); })
        .forEach(function (pair) {
          if (pair[0] > 0 && pair[0] <= cap) {
            offer(pair[1], "glossary term, " + pair[0] + " character" + (pair[0] > 1 ? "s" : "") + " different",
              "nearTerm", { n: pair[0] });
          }
        });
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
          if (count(quoted(parts[k]), "auto")) hits.push(parts[k]);
        }
        hits.slice(0, 3).forEach(function (part) { offer(part, "the longest part of the query that occurs", "part"); });
        if (hits.length) return;
      }
    }
    function suggestLatin(text, offer) {
      const readings = queryReadings(text, valid);
      if (readings.length && readings.some(function (r) { return r.some(function (s) { return s[1] !== null; }); })) {
        offer(readings[0].map(function (s) { return s[0]; }).join(" "), "the same syllables, any tone", "anyTone");
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
      candidates.sort(function (a, b) { return (a[0] - b[0]) || cpCompare(a[1], b[1]) || cpCompare(a[2], b[2]); })
        .forEach(function (c) { if (c[0] || c[2] !== "glossary English") offer(c[1], c[2], c[3], c[4]); });
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
        if (fixed.join(" ") !== words.join(" ")) offer(fixed.join(" "), "spelling, from the glossary's English", "spelling");
      }
    }

    /* The per-block work a first query of each kind would do (folded text, pinyin line, English tokens), done
       ahead in slices while the reader types: warm(msBudget) → true once every block is ready. */
    let warmed = 0;
    function warm(budget) {
      const until = Date.now() + (budget || 10);
      while (warmed < blocks.length) {
        const block = blocks[warmed++];
        blockKey(block); pinyinLine(block); translationTokens(block);
        if (Date.now() >= until) break;
      }
      return warmed >= blocks.length;
    }

    return {
      search: run, count: count, warm: warm, parse: parse, blocks: blocks.length, documents: data.documents.length,
      englishKey: englishKey, stem: porterStem, queryReadings: function (t) { return queryReadings(t, valid); },
    };
  }

  /* Overlapping spans of one field become one (its reading: the first in PRIORITY). */
  function mergeSpans(spans) {
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

  function totals(hits) {
    const blocks = new Map();
    hits.forEach(function (h) { blocks.set(h.doc_id + "#" + h.anchor, h); });
    const list = Array.from(blocks.values());
    return {
      hits: hits.length, blocks: list.length,
      paragraphs: list.filter(function (h) { return h.kind === "paragraph"; }).length,
      headings: list.filter(function (h) { return h.kind === "heading"; }).length,
      documents: new Set(list.map(function (h) { return h.doc_id; })).size,
    };
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
  const DATA = ROOT + "assets/duizhao/data/search.js";
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
  const KIND_ZH = { chinese: "中文", traditional: "繁体", text: "字面", pinyin: "拼音", "english-glossary": "英文（术语表）",
    english: "英文" };
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

  let loading;
  function loadData() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        if (window.DZ.search && window.DZ.search.archive) return resolve(window.DZ.search.archive);
        const s = document.createElement("script");
        s.src = DATA;
        s.onload = function () {
          const data = window.DZ.search && window.DZ.search.archive;
          if (data) resolve(data); else reject(new Error("no data in " + DATA));
        };
        s.onerror = function () { reject(new Error("cannot load " + DATA)); };
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  function localTotals(total) {
    if (EN) return totalsLine(total);
    const kinds = [];
    if (total.paragraphs) kinds.push(t("paragraphs", { n: total.paragraphs }));
    if (total.headings) kinds.push(t("headings", { n: total.headings }));
    return t("totals", { hits: total.hits, kinds: kinds.join("、") || t("paragraphs", { n: 0 }), documents: total.documents });
  }
  /* A bad query, as the page and the header box show it: the interface's language, and the CLI's words. */
  function errorParts(message) {
    const local = localError(message);
    const english = el("span", { class: "dz-error-message", lang: "en", text: message });  // the CLI's words
    return local ? [el("span", { class: "dz-error-local", lang: "zh-Hans", text: local }), " (", english, ")"] : [english];
  }

  let sharedEngine;
  function engineReady() {
    if (!sharedEngine) sharedEngine = loadData().then(function (data) { return createEngine(data); });
    return sharedEngine;
  }

  /* ==== the header box, on every page ============================================================
     One exact search box in the header: the same engine and data as search.html (and the CLI's rules). The data
     script is loaded only when the reader first uses the box, never with the page; a <script>, not fetch(), so
     it works from file:// too. The dropdown shows the first hits in context and links to the full results. */
  const HEAD_HITS = 5;
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
      engineReady().then(function (engine) {
        if (mine !== asked) return;  // the reader typed on: only the last query is shown
        let result;
        try {
          result = engine.search(q, {});
        } catch (err) {
          if (!(err instanceof UserError)) throw err;
          panel.replaceChildren(el("p", { class: "dz-head-error", role: "alert" },
            [el("strong", { text: t("badQuery") })].concat(errorParts(err.message))));
          form.dataset.state = "error";
          open();
          return;
        }
        const items = result.hits.slice(0, HEAD_HITS).map(function (h) {
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

    let engine = null, current = null, drawing = 0;

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
      if (results.firstChild) {  // a new list: emptying a long one node by node is slower
        const fresh = results.cloneNode(false);
        results.replaceWith(fresh);
        results = fresh;
      }
    }

    function show(q, mode) {
      input.value = q === null ? "" : q;
      select.value = mode;
      current = { q: q, mode: mode };
      clear();
      if (q === null) {  // the page opened without a query: the form alone
        root.dataset.state = engine ? "ready" : root.dataset.state;
        return;
      }
      if (!engine) {  // shown once the data is in
        status.textContent = t("loading");
        return;
      }
      root.dataset.state = "searching";
      let result, took;
      try {
        const t0 = performance.now();
        result = engine.search(q, { mode: mode });
        took = performance.now() - t0;
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        error.append(el("p", {}, [el("strong", { text: t("badQuery") })].concat(errorParts(err.message))));
        error.hidden = false;
        root.dataset.query = q;
        root.dataset.state = "done";
        return;
      }
      document.title = q + " · " + baseTitle;
      render(result, took);  // sets data-state "done" once every hit is drawn
    }

    function kindName(kind) { return EN ? kind : (KIND_ZH[kind] || kind); }

    function render(result, took) {
      const readings = el("ul", { class: "dz-readings" });
      const seen = new Set();
      result.readings.forEach(function (r) {
        const key = r.term + "\u0000" + r.as + "\u0000" + r.searched;
        if (seen.has(key)) return;
        seen.add(key);
        const parts = [el("span", { class: "dz-reading-term", text: r.term })];
        if (r.term !== r.searched) parts.push(" → ", el("span", { class: "dz-reading-as", text: kindName(r.as) + ": " }),
          el("span", { class: "dz-reading-searched", text: r.searched }));
        else parts.push(" ", el("span", { class: "dz-reading-as", text: "(" + kindName(r.as) + ")" }));
        if (r.found) {
          parts.push(el("span", { class: "dz-reading-found" }, [" → ",
            r.matched.length ? el("span", { lang: "zh-Hans", text: r.matched.slice(0, 5).join("、") + (r.matched.length > 5 ? "…" : "") }) : null,
            " (" + hitsText(r.found) + ")"]));
        }
        readings.append(el("li", { "data-term": r.term, "data-as": r.as, "data-searched": r.searched,
          "data-found": r.found, class: r.found ? "dz-reading dz-reading-hit" : "dz-reading" }, parts));
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
      // Every hit is drawn: the first ones at once, the rest in slices between frames, so a word found thousands of
      // times does not freeze the page. data-state is "done" once the last one is in.
      const generation = ++drawing;
      let next = 0;
      (function slice() {
        if (generation !== drawing) return;  // a newer search took over
        const fragment = document.createDocumentFragment();
        const until = next + (next ? 400 : 100);
        for (; next < result.hits.length && next < until; next++) fragment.append(hitItem(result.hits[next], next + 1));
        results.append(fragment);
        if (next < result.hits.length) {
          setTimeout(slice, 0);
        } else {
          root.dataset.query = result.query;
          root.dataset.state = "done";
        }
      })();
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
    loadData().then(function (data) {
      engine = createEngine(data);
      root.dataset.loadMs = (performance.now() - asked).toFixed(1);  // the data script loaded, run, and read
      root.dataset.state = "ready";
      if (current && current.q !== null) show(current.q, current.mode);
      const idle = window.requestIdleCallback || function (f) { return setTimeout(f, 50); };
      (function warmUp() { if (!engine.warm(8)) idle(warmUp); })();
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
