/**
 * Which part of a search term a trigram index should be given: pure, no I/O (db/substring-search.ts
 * samples the column and builds the SQL).
 *
 * A GIN trigram index answers `LIKE '%term%'` by reading the posting list of every trigram of the
 * term and intersecting them. A trigram that most rows hold (`age`, `gen`, `ent` of every `agent…@`
 * address, `mai` of every `mail.ru`) costs a list as long as the table to rule out nothing: among
 * 2,000,000 mails, `%agent123457@%` read 1,700 index pages for 2 rows, `%123457@%` 51. PostgreSQL
 * does not know how common a trigram is; a sample of the column does. Any part of the term finds
 * every row the whole term would (and some more, which the whole term then drops), so the choice
 * changes only the time, never the answer.
 */

/** A trigram index's items per posting-list page, about (varbyte-compressed row pointers). */
const ITEMS_PER_INDEX_PAGE = 4000;
/**
 * A row the index finds, fetched and matched again, against an index page read: rows lie on pages of
 * their own, often not in memory (a part finding 600 of 2,000,000 mails read 237 pages of the table).
 */
const ROW_COST = 2;
/** Fewer sampled rows than this holding a part tell too little: the trigrams' shares, as if apart, do. */
const RESOLVED_ROWS = 3;

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** The trigrams a stored value has in a trigram index: every word padded, two spaces before, one after. */
export function valueTrigrams(value: string): Set<string> {
  const chars = [' ', ...value.toLowerCase(), ' '];
  return new Set(rangeTrigrams(chars, wordFlags(chars), 0, chars.length));
}

/**
 * The trigrams pg_trgm takes from `LIKE '%part%'`: a word is padded only where a separator of the
 * part bounds it (the `%` at either end leaves it open), so `agent1@` gives `age gen ent nt1 t1 `.
 */
export function likeTrigrams(part: string): Set<string> {
  const chars = [...part.toLowerCase()];
  return new Set(rangeTrigrams(chars, wordFlags(chars), 0, chars.length));
}

const wordFlags = (chars: string[]) => chars.map((c) => WORD_CHAR.test(c));

/**
 * The trigrams of `chars[start..end)` (word characters marked by `isWord`) as pg_trgm pads them: two
 * spaces before a word that a separator inside the range precedes, one after a word a separator follows.
 */
function rangeTrigrams(chars: string[], isWord: boolean[], start: number, end: number): string[] {
  const found = new Set<string>();
  let from = -1;
  for (let i = start; i <= end; i++) {
    const inWord = i < end && isWord[i]!;
    if (inWord && from < 0) from = i;
    if (!inWord && from >= 0) {
      const padded = [...(from > start ? [' ', ' '] : []), ...chars.slice(from, i), ...(i < end ? [' '] : [])];
      for (let k = 0; k + 3 <= padded.length; k++) found.add(padded[k]! + padded[k + 1]! + padded[k + 2]!);
      from = -1;
    }
  }
  return [...found];
}

/** What a sample of a column says about its trigrams. */
export interface TrigramSample {
  /** Rows in the table (the planner's estimate, at least the sample's size). */
  rows: number;
  /** Values sampled. */
  size: number;
  /** For each trigram, which sampled values hold it (a bit per value), and how many. */
  holders: Map<string, { bits: Uint32Array; count: number }>;
}

function popcount(bits: Uint32Array): number {
  let n = 0;
  for (let word of bits) {
    for (; word; n++) word &= word - 1;
  }
  return n;
}

/** Sampled values (lowercase) → their trigrams' holders. */
export function sampleTrigrams(values: string[], rows: number): TrigramSample {
  const holders = new Map<string, { bits: Uint32Array; count: number }>();
  const words32 = Math.ceil(values.length / 32);
  values.forEach((value, i) => {
    for (const trigram of valueTrigrams(value)) {
      let held = holders.get(trigram);
      if (!held) holders.set(trigram, (held = { bits: new Uint32Array(words32), count: 0 }));
      held.bits[i >>> 5]! |= 1 << (i & 31);
    }
  });
  for (const held of holders.values()) held.count = popcount(held.bits);
  return { rows: Math.max(rows, values.length), size: values.length, holders };
}

/** The sampled rows holding every one of `trigrams` (none if one of them is unseen). */
function holdersOfAll(trigrams: string[], sample: TrigramSample): number {
  const held = trigrams.map((trigram) => sample.holders.get(trigram));
  if (held.length === 0 || held.some((h) => !h)) return 0;
  let n = 0;
  for (let w = 0; w < held[0]!.bits.length; w++) {
    let word = held[0]!.bits[w]!;
    for (let t = 1; t < held.length && word; t++) word &= held[t]!.bits[w]!;
    for (; word; n++) word &= word - 1;
  }
  return n;
}

/** Whether enough sampled rows hold all of a term's trigrams to call it common. */
const sampleFinds = (trigrams: string[], sample: TrigramSample) => holdersOfAll(trigrams, sample) >= RESOLVED_ROWS;

/** The share of the rows holding a trigram; an unseen one, half a sampled row. */
const shareOf = (trigram: string, sample: TrigramSample) =>
  Math.max((sample.holders.get(trigram)?.count ?? 0) / sample.size, 0.5 / sample.size);

/**
 * The share of the rows `LIKE '%part%'` finds in the index (those holding all its trigrams): counted
 * in the sample when enough sampled rows hold them, else from the trigrams' shares as if apart.
 */
function candidateShare(trigrams: string[], sample: TrigramSample): number {
  const held = holdersOfAll(trigrams, sample);
  if (held >= RESOLVED_ROWS) return held / sample.size;
  const apart = trigrams.reduce((product, trigram) => product * shareOf(trigram, sample), 1);
  return Math.max(Math.min(apart, RESOLVED_ROWS / sample.size), held / sample.size, 1 / sample.rows);
}

/**
 * The estimated cost of giving the index `LIKE '%part%'`, in index pages: every trigram's list read as
 * far as the rarest one's rows reach into it (GIN skips ahead in the longer lists), and the rows found
 * fetched and matched again.
 */
export function partCost(part: string, sample: TrigramSample): number {
  return trigramsCost([...likeTrigrams(part)], sample);
}

function trigramsCost(trigrams: string[], sample: TrigramSample): number {
  if (trigrams.length === 0 || sample.size === 0) return Infinity; // no trigram: the index would be read whole
  const shares = trigrams.map((trigram) => shareOf(trigram, sample));
  const rarest = Math.min(...shares);
  const pages = shares.reduce((sum, share) => sum + Math.min((share * sample.rows) / ITEMS_PER_INDEX_PAGE, rarest * sample.rows), 0);
  return pages + ROW_COST * candidateShare(trigrams, sample) * sample.rows;
}

/** Parts longer than this are not weighed apart (a term's windows of up to this many characters are). */
const LONGEST_PART = 24;
/** Terms longer than this are given to the index whole: long terms are rare, and their parts many. */
const LONGEST_WEIGHED = 48;

/**
 * What the index is given of `term` (lowercase): `LIKE '%part%'` of the part it answers at the least
 * cost, the term itself unless a part is clearly cheaper (its common trigrams left out). Only a term the
 * sample does not find is weighed: one it finds is common enough for the planner's own statistics of the
 * column to weigh it (it reads the list in its order and stops at the page), and a part would make it
 * fetch every row the part finds instead.
 */
export function indexedPart(term: string, sample: TrigramSample): string {
  const chars = [...term];
  const isWord = wordFlags(chars);
  const whole = rangeTrigrams(chars, isWord, 0, chars.length);
  if (chars.length > LONGEST_WEIGHED || sampleFinds(whole, sample)) return term;
  const termCost = trigramsCost(whole, sample);
  let best = term;
  let bestCost = Infinity;
  for (let start = 0; start < chars.length; start++) {
    for (let end = Math.min(chars.length, start + LONGEST_PART); end - start >= 3; end--) {
      if (start === 0 && end === chars.length) continue;
      const cost = trigramsCost(rangeTrigrams(chars, isWord, start, end), sample);
      if (cost < bestCost) [best, bestCost] = [chars.slice(start, end).join(''), cost];
    }
  }
  return bestCost < termCost / 2 ? best : term;
}

/**
 * What the index is given of several terms that must all match (a name's words): the cheapest of
 * their parts (indexedPart of each), the other terms matched on the rows it finds. Given to the
 * index too, a common word would have GIN read its long lists to rule out next to nothing (`ольга`
 * beside `попова-12345`: 120 index pages against a few). Null when the sample finds every term, or
 * none has a trigram: then each is given whole, and the planner weighs the common words by its own
 * statistics, as it does a common term alone.
 */
export function indexedPartOfAll(terms: string[], sample: TrigramSample): string | null {
  if (terms.every((term) => sampleFinds([...likeTrigrams(term)], sample))) return null;
  let best: string | null = null;
  let bestCost = Infinity;
  for (const term of terms) {
    const part = indexedPart(term, sample);
    const cost = partCost(part, sample);
    if (cost < bestCost) [best, bestCost] = [part, cost];
  }
  return best;
}
