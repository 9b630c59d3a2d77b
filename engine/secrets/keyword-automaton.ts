/**
 * The scanner's prefilter: an Aho-Corasick automaton over all rules' keywords, ASCII case folded,
 * compiled to a full transition table so the text is read once, one table lookup per character.
 * Only the lines where a keyword occurs are handed to the rules' regular expressions. (A V8 regular
 * expression alternating 150 literals reads source code at about 100 MB/s; this at about 300.)
 *
 * The table has 256 columns indexed by the low byte of each UTF-16 code unit, with upper-case ASCII
 * folded in. A non-ASCII character can thus step like some other byte would; that only ever adds a
 * hit (which the rule's pattern then rejects), never loses one, since every keyword is ASCII and
 * the automaton finds every keyword occurrence in whatever sequence it reads. States with a
 * keyword ending there are stored negated, so the common case costs one lookup and one sign test.
 */
const COLUMNS = 256;

export class KeywordAutomaton {
  readonly keywords: readonly string[];
  private readonly delta: Int32Array;
  /** For each state, the indexes of the keywords that end there (through failure links too). */
  private readonly outputs: readonly (readonly number[])[];

  constructor(keywords: readonly string[]) {
    this.keywords = keywords;
    const trie: Map<number, number>[] = [new Map()];
    const ends: number[][] = [[]];
    keywords.forEach((keyword, index) => {
      if (!/^[\x20-\x7e]+$/.test(keyword)) throw new Error(`keyword ${JSON.stringify(keyword)} must be printable ASCII`);
      let state = 0;
      for (const char of keyword.toLowerCase()) {
        const code = char.charCodeAt(0);
        let next = trie[state]?.get(code);
        if (next === undefined) {
          next = trie.length;
          trie.push(new Map());
          ends.push([]);
          trie[state]?.set(code, next);
        }
        state = next;
      }
      ends[state]?.push(index);
    });

    // Breadth first: a state's failure is the longest proper suffix that is also a prefix; a missing
    // transition takes the failure state's, which turns the trie into a DFA.
    const states = trie.length;
    const delta = new Int32Array(states * COLUMNS);
    const failure = new Int32Array(states);
    const order: number[] = [];
    for (let column = 0; column < COLUMNS; column++) {
      const next = trie[0]?.get(fold(column));
      delta[column] = next ?? 0;
      if (next !== undefined && column === fold(column)) order.push(next);
    }
    for (let head = 0; head < order.length; head++) {
      const state = order[head] as number;
      ends[state] = [...(ends[state] ?? []), ...(ends[failure[state] as number] ?? [])];
      for (let column = 0; column < COLUMNS; column++) {
        const code = fold(column);
        const next = trie[state]?.get(code);
        const fallback = delta[(failure[state] as number) * COLUMNS + code] as number;
        if (next === undefined) delta[state * COLUMNS + column] = fallback;
        else {
          delta[state * COLUMNS + column] = next;
          if (column === code) {
            failure[next] = fallback;
            order.push(next);
          }
        }
      }
    }
    for (let slot = 0; slot < delta.length; slot++) {
      const target = delta[slot] as number;
      if ((ends[target]?.length ?? 0) > 0) delta[slot] = ~target;
    }
    this.delta = delta;
    this.outputs = ends;
  }

  /** Calls `found(keywordIndex, endOffset)` for every occurrence, `endOffset` just past its last character. */
  search(text: string, found: (keyword: number, end: number) => void): void {
    const { delta, outputs } = this;
    const length = text.length;
    let state = 0;
    for (let i = 0; i < length; i++) {
      state = delta[(state << 8) | (text.charCodeAt(i) & 0xff)] as number;
      if (state < 0) {
        state = ~state;
        for (const keyword of outputs[state] as readonly number[]) found(keyword, i + 1);
      }
    }
  }
}

/** Upper-case ASCII to lower case; everything else as it is. */
function fold(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}
