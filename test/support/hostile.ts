/**
 * The pieces of the hostile-input suite (test/integration/hostile-input.test.ts): a seeded random
 * source, catalogues of hostile values (strings, numbers, ids, CSV files), bodies in wrong content
 * types and encodings, multipart bodies built byte by byte (so a file name can hold a NUL), valid
 * samples of an OpenAPI schema to mutate one field at a time, and a raw HTTP client that sends
 * exactly those bytes (fetch would refuse or repair some of them).
 */
import http from 'node:http';
import { brotliCompressSync, gzipSync } from 'node:zlib';

// ---- a seeded random source ------------------------------------------------------------------

export interface Rng {
  next(): number;
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  /** up to `n` items, in a random order, without repeats */
  sample<T>(items: readonly T[], n: number): T[];
}

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seeded(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: (items) => items[int(items.length)],
    sample: (items, n) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy.slice(0, n);
    },
  };
}

// ---- hostile values ----------------------------------------------------------------------------

/** Strings no field may take: control characters, unpaired surrogates, bidi overrides, over-long text. */
export const BAD_STRINGS: readonly string[] = [
  '\u0000',
  'a\u0000b',
  'Анна\u0000',
  '\u0000'.repeat(50),
  '\uD800',
  'a\uDFFFb',
  '\uDBFF\uDBFF',
  'end\uD83D',
  '\u0001\u0002\u0003',
  '\u0007bell',
  '\u001B[31mred\u001B[0m',
  '\u007F',
  '\u0085next line',
  '\u009B31m',
  '\u202Eevil\u202C',
  '\u2066isolate\u2069',
  'line\u2028separator',
  'line\nbreak',
  'carriage\rreturn',
  'tab\there',
  '',
  ' ',
  '  \t  ',
  'x'.repeat(255),
  'x'.repeat(2001),
  'x'.repeat(5001),
  'ж'.repeat(20_000),
  '😀'.repeat(1500),
];

/**
 * Well-formed text a person could type or paste: each must be taken, or refused with a 4xx, and
 * never break what stores it.
 */
export const ODD_STRINGS: readonly string[] = [
  'e\u0301\u0301\u0301',
  'Z\u0351\u0344\u0308a\u0352l\u036Bg\u0346o',
  'مرحبا بالعالم',
  'שלום',
  'zero\u200Bwidth\u200Djoin',
  '\uFEFFbom',
  'ＡＢＣ１２３',
  'İıŞşĞğ',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '👩‍👩‍👧‍👦',
  '\uFFFD',
  '\uFFFF',
  '\uFDD0',
  '﷽',
  'ǅ',
  "O'Brien'); DROP TABLE participants; --",
  '%00',
  '%s%n%x',
  '../../../etc/passwd',
  '<script>alert(1)</script>',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  'null',
  'NaN',
  'Анна-Мария Смирнова-Петрова',
];

/** JSON values of the wrong type for a string field. */
export const WRONG_TYPES: readonly unknown[] = [123, -1, true, null, [], {}, ['a'], { $gt: '' }, 1e308];

/** Numbers (and not-numbers) for a number field: negative, huge, fractional, the wrong type. */
export const BAD_NUMBERS: readonly unknown[] = [
  -1,
  0,
  -0.0001,
  0.5,
  1.5,
  2147483647,
  2147483648,
  -2147483649,
  9007199254740992,
  1e21,
  1e308,
  -1e308,
  5e-324,
  '5',
  '1e3',
  'NaN',
  'Infinity',
  null,
  true,
  [],
  {},
  [1],
];

/** Number literals spliced into the JSON text as they are: not JSON (NaN), or beyond a double (1e999). */
export const RAW_NUMBER_LITERALS: readonly string[] = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-1e999',
  '0x10',
  '01',
  '.5',
  '+1',
  '1_000',
];

/** Values for a field that holds an id. */
export const BAD_BODY_IDS: readonly unknown[] = [
  'not-a-uuid',
  '',
  '00000000-0000-0000-0000-000000000000',
  '\u0000',
  '0b9e8f0e-7c4c-4b1e-9f0e-2f6c1d8a9b7c\u0000',
  'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ',
  "1' OR '1'='1",
  'x'.repeat(1000),
  123,
  null,
];

/** Path segments where an id belongs (already percent-encoded where they need to be on the wire). */
export const BAD_PATH_IDS: readonly string[] = [
  'abc',
  '0',
  '-1',
  '1.5',
  '99999999999999999999',
  '9223372036854775807',
  'null',
  'undefined',
  '%00',
  'a%00b',
  '%E0%A4%A',
  '%',
  '%zz',
  '%C0%AE%C0%AE',
  '..%2F..%2Fetc%2Fpasswd',
  '..',
  '%2e%2e',
  '00000000-0000-0000-0000-000000000000',
  'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ',
  "1'%20OR%20'1'='1",
  'x'.repeat(3000),
  '%F0%9F%98%80',
  '%ED%A0%80',
  '0b9e8f0e-7c4c-4b1e-9f0e-2f6c1d8a9b7c%00',
  '%20',
];

/** Query values for the console's list protocol (ra-data-simple-rest). */
export const BAD_LIST_QUERIES: readonly string[] = [
  'sort=["__proto__","ASC"]',
  'sort=["constructor","ASC"]',
  'sort=["toString","DESC"]',
  'sort=["id\u0000","ASC"]',
  'sort=[1,2]',
  'sort=["id","SIDEWAYS"]',
  'sort=%E0%A4%A',
  'sort=[',
  'sort={}',
  'sort=["id"]',
  'sort=a&sort=b',
  'range=[0,1e300]',
  'range=[-1,5]',
  'range=[0.5,3]',
  'range=[5,1]',
  'range=[0,2147483648]',
  'range=[2147483000,2147483647]',
  'range=[0,100000]',
  'range=["0","9"]',
  'range=[null,null]',
  'range=%00',
  'filter={"q":"\u0000"}',
  'filter={"q":"\uD800"}',
  'filter={"status":"\u0000"}',
  'filter={"status":["\u0000"]}',
  'filter={"participant_id":"not-a-uuid"}',
  'filter={"event_id":"\u0000"}',
  'filter={"q":{"$ne":1}}',
  'filter={"__proto__":{"q":"x"}}',
  'filter=null',
  'filter=[]',
  'filter="q"',
  'filter={"q":"%"}',
  'filter={"q":"_"}',
  `filter={"q":"${'x'.repeat(5000)}"}`,
  `filter={"id":[${Array.from({ length: 1200 }, (_, i) => i).join(',')}]}`,
  'filter={"name":"\u202Eevil","agency":"\u0007"}',
  'filter={"active":"\u0000","credited":1e999}',
  'filter={"\u0000":1}',
  'filter={"q":"Анна"}&sort=["registered_at","DESC"]&range=[0,9]',
];

// ---- bodies ------------------------------------------------------------------------------------

export interface Body {
  label: string;
  headers: Record<string, string>;
  bytes: Buffer;
}

export const jsonBody = (value: unknown, label = 'json'): Body => ({
  label,
  headers: { 'content-type': 'application/json' },
  bytes: Buffer.from(JSON.stringify(value) ?? 'null', 'utf8'),
});

/** JSON whose value at `path` is a raw literal (NaN, 1e999…) rather than JSON. */
export function rawLiteralBody(base: unknown, path: Path, literal: string): Body {
  const marker = '__raw_literal_marker__';
  const text = JSON.stringify(setAt(base, path, marker)).replace(`"${marker}"`, literal);
  return { label: `raw ${literal}`, headers: { 'content-type': 'application/json' }, bytes: Buffer.from(text) };
}

/** One JSON body (valid or not for its route) sent in every wrong way we could think of. */
export function wrongEncodings(base: unknown): Body[] {
  const text = JSON.stringify(base) ?? '{}';
  const bytes = Buffer.from(text, 'utf8');
  const json = 'application/json';
  // A UTF-16 body may carry an unpaired surrogate that UTF-8 cannot.
  const surrogate = text.replace(/"([^"\\]*)"(?=[,}\]])/, '"$1\uD800"');
  return [
    { label: 'text/plain', headers: { 'content-type': 'text/plain' }, bytes },
    { label: 'no content-type', headers: {}, bytes },
    {
      label: 'urlencoded',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      bytes: Buffer.from('a=b&c[d]=e&__proto__[x]=1&name=%00'),
    },
    { label: 'xml', headers: { 'content-type': 'application/xml' }, bytes: Buffer.from('<?xml version="1.0"?><a>&lol;</a>') },
    { label: 'charset latin1', headers: { 'content-type': `${json}; charset=latin1` }, bytes },
    { label: 'charset koi8-r', headers: { 'content-type': `${json}; charset=koi8-r` }, bytes },
    { label: 'charset bogus', headers: { 'content-type': `${json}; charset=x-bogus-8` }, bytes },
    {
      label: 'charset utf-16le, unpaired surrogate',
      headers: { 'content-type': `${json}; charset=utf-16le` },
      bytes: Buffer.from(surrogate, 'utf16le'),
    },
    { label: 'charset utf-16be', headers: { 'content-type': `${json}; charset=utf-16be` }, bytes: Buffer.from(text, 'utf16le').swap16() },
    { label: 'charset utf-7', headers: { 'content-type': `${json}; charset=utf-7` }, bytes: Buffer.from('{"a":"+2D3cAA-"}') },
    { label: 'gzip', headers: { 'content-type': json, 'content-encoding': 'gzip' }, bytes: gzipSync(bytes) },
    { label: 'gzip garbage', headers: { 'content-type': json, 'content-encoding': 'gzip' }, bytes: Buffer.from('definitely not gzip') },
    { label: 'gzip truncated', headers: { 'content-type': json, 'content-encoding': 'gzip' }, bytes: gzipSync(bytes).subarray(0, 12) },
    { label: 'br', headers: { 'content-type': json, 'content-encoding': 'br' }, bytes: brotliCompressSync(bytes) },
    { label: 'br garbage', headers: { 'content-type': json, 'content-encoding': 'br' }, bytes: Buffer.from([0xff, 0xff, 0xff, 0x00]) },
    { label: 'deflate garbage', headers: { 'content-type': json, 'content-encoding': 'deflate' }, bytes: Buffer.from('xyz') },
    { label: 'encoding compress', headers: { 'content-type': json, 'content-encoding': 'compress' }, bytes },
    { label: 'encoding stacked', headers: { 'content-type': json, 'content-encoding': 'gzip, identity' }, bytes },
    {
      label: 'invalid utf-8',
      headers: { 'content-type': json },
      bytes: Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80]), Buffer.from('"}')]),
    },
    {
      label: 'utf-8 of a surrogate',
      headers: { 'content-type': json },
      bytes: Buffer.concat([
        bytes.subarray(0, 1),
        Buffer.from('"x":"'),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from('",'),
        bytes.subarray(1),
      ]),
    },
    { label: 'truncated json', headers: { 'content-type': json }, bytes: bytes.subarray(0, Math.max(1, bytes.length >> 1)) },
    { label: 'bom', headers: { 'content-type': json }, bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) },
    { label: 'NUL escape key', headers: { 'content-type': json }, bytes: Buffer.from(`{"\\u0000":1,${text.slice(1)}`) },
    { label: 'raw NUL byte', headers: { 'content-type': json }, bytes: Buffer.concat([bytes, Buffer.from([0])]) },
    { label: 'top-level string', headers: { 'content-type': json }, bytes: Buffer.from('"x"') },
    { label: 'top-level null', headers: { 'content-type': json }, bytes: Buffer.from('null') },
    { label: 'top-level array', headers: { 'content-type': json }, bytes: Buffer.from(`[${text}]`) },
    { label: 'deep array', headers: { 'content-type': json }, bytes: Buffer.from('['.repeat(100_000) + ']'.repeat(100_000)) },
    { label: 'deep object', headers: { 'content-type': json }, bytes: Buffer.from('{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)) },
    { label: 'over 1 MB', headers: { 'content-type': json }, bytes: Buffer.from(JSON.stringify({ pad: 'x'.repeat(1_100_000) })) },
    {
      label: 'duplicate keys',
      headers: { 'content-type': json },
      bytes: Buffer.from(`${text.slice(0, -1)}${text.length > 2 ? ',' : ''}${text.slice(1)}`),
    },
    {
      label: 'proto keys',
      headers: { 'content-type': json },
      bytes: Buffer.from('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'),
    },
    ...malformedMultiparts(),
  ];
}

// ---- multipart ---------------------------------------------------------------------------------

export interface Part {
  name: string;
  /** a text field's value */
  value?: string;
  /** a file: its name as it goes in the header (raw: may hold any byte), its type and content */
  filename?: string;
  /** `filename*=` (RFC 5987), percent-encoded by the caller */
  filenameStar?: string;
  type?: string;
  content?: Buffer;
}

/** A multipart/form-data body, header bytes written as given (latin1 is byte for byte). */
export function multipart(parts: Part[], label = 'multipart'): Body {
  const boundary = '----hostile-boundary-7MA4YWxkTrZu0gW';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let disposition = `form-data; name="${part.name}"`;
    if (part.filename !== undefined) disposition += `; filename="${part.filename}"`;
    if (part.filenameStar !== undefined) disposition += `; filename*=${part.filenameStar}`;
    let head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n`;
    if (part.filename !== undefined || part.filenameStar !== undefined)
      head += `Content-Type: ${part.type ?? 'application/octet-stream'}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`, 'utf8'), part.content ?? Buffer.from(part.value ?? '', 'utf8'), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { label, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, bytes: Buffer.concat(chunks) };
}

/** Multipart bodies busboy cannot read. */
export function malformedMultiparts(): Body[] {
  const ok = multipart([
    { name: 'a', value: 'b' },
    { name: 'file', filename: 'a.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.4') },
  ]);
  const type = ok.headers['content-type'];
  return [
    { label: 'multipart without boundary', headers: { 'content-type': 'multipart/form-data' }, bytes: ok.bytes },
    { label: 'multipart truncated', headers: { 'content-type': type }, bytes: ok.bytes.subarray(0, ok.bytes.length - 20) },
    { label: 'multipart cut in a header', headers: { 'content-type': type }, bytes: ok.bytes.subarray(0, 60) },
    {
      label: 'multipart malformed part header',
      headers: { 'content-type': type },
      bytes: Buffer.from(`--${type.split('=')[1]}\r\nContent-Disposition form-data name=a\r\n\r\nb\r\n--${type.split('=')[1]}--\r\n`),
    },
    { label: 'multipart wrong boundary', headers: { 'content-type': 'multipart/form-data; boundary=nope' }, bytes: ok.bytes },
    { label: 'multipart empty', headers: { 'content-type': type }, bytes: Buffer.alloc(0) },
    { label: 'multipart mixed', headers: { 'content-type': type.replace('form-data', 'mixed') }, bytes: ok.bytes },
    {
      label: 'multipart nested field names',
      headers: { 'content-type': type },
      bytes: multipart([
        { name: 'a[b][c][d][e][f]', value: 'x' },
        { name: 'rows[99999999]', value: 'y' },
        { name: '__proto__[admin]', value: 'z' },
      ]).bytes,
    },
  ];
}

/** File names a client could send, each in the header form that carries it. */
export const HOSTILE_FILE_NAMES: ReadonlyArray<Pick<Part, 'filename' | 'filenameStar'> & { label: string }> = [
  { label: 'NUL in filename*', filenameStar: "utf-8''letter%00.pdf" },
  { label: 'surrogate in filename*', filenameStar: "utf-8''%ED%A0%80.pdf" },
  { label: 'control in filename*', filenameStar: "utf-8''%07%1B%7F.pdf" },
  { label: 'C1 in filename*', filenameStar: "utf-8''%C2%85%C2%9B.pdf" },
  { label: 'bidi in filename*', filenameStar: "utf-8''invoice%E2%80%AEfdp.exe" },
  { label: 'newline in filename', filename: 'a%0Ab.pdf' },
  { label: 'traversal', filename: '../../../etc/passwd' },
  { label: 'windows traversal', filename: '..\\..\\boot.ini' },
  { label: 'long name', filename: `${'x'.repeat(400)}.pdf` },
  { label: 'cyrillic', filenameStar: "utf-8''%D0%BF%D0%B8%D1%81%D1%8C%D0%BC%D0%BE.pdf" },
  { label: 'emoji', filenameStar: "utf-8''%F0%9F%98%80.pdf" },
  { label: 'latin1 bytes', filename: 'caf\u00e9.pdf' },
  { label: 'bad charset', filenameStar: "x-bogus''abc.pdf" },
  { label: 'bad escape', filenameStar: "utf-8''%E0%A4%A.pdf" },
];

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

// ---- CSV files ---------------------------------------------------------------------------------

const cp1251 = (bytes: number[]) => Buffer.from(bytes);

/** Exports a staff member could upload: cells with NULs and surrogates, numbers beyond any column, broken CSV. */
export function hostileCsvFiles(email: string): Array<{ label: string; content: Buffer }> {
  const utf8 = (text: string) => Buffer.from(text, 'utf8');
  return [
    { label: 'minutes beyond int4', content: utf8(`email;minutes\n${email};99999999999\n`) },
    { label: 'minutes huge decimal', content: utf8(`email;minutes\n${email};${'9'.repeat(400)}.5\n`) },
    { label: 'minutes exponent', content: utf8(`email;minutes\n${email};1e5\n`) },
    { label: 'minutes negative', content: utf8(`email;minutes\n${email};-5\n`) },
    { label: 'a year-long segment', content: utf8(`email;join_time;leave_time\n${email};2026-01-01T00:00:00Z;9999-12-31T23:59:59Z\n`) },
    {
      label: 'zoom, huge duration',
      content: utf8(
        `User Email,Join Time,Leave Time,Duration (Minutes)\n${email},11/21/2026 10:00:00 AM,11/21/2026 11:00:00 AM,4294967296\n`,
      ),
    },
    { label: 'NUL in email', content: utf8(`email;minutes\nhost\u0000ile@agency.example;30\n${email};70\n`) },
    { label: 'NUL in a quoted cell', content: utf8(`email;minutes\n"${email}\u0000";30\n${email};70\n`) },
    { label: 'NUL in minutes', content: utf8(`email;minutes\n${email};3\u00000\n`) },
    { label: 'NUL bytes only', content: Buffer.alloc(64) },
    { label: 'bidi in email', content: utf8(`email;minutes\n\u202E${email};30\n`) },
    {
      label: 'C1 from windows-1251',
      content: cp1251([...Buffer.from('email;minutes\n'), 0x98, 0xe0, ...Buffer.from(`;30\n${email};70\n`)]),
    },
    {
      label: 'invalid utf-8',
      content: Buffer.concat([utf8('email;minutes\n'), Buffer.from([0xed, 0xa0, 0x80, 0xff]), utf8(`;30\n${email};70\n`)]),
    },
    { label: 'score beyond numeric(5,2)', content: utf8(`email,score\n${email},1000000\n${email},100.0000001\n`) },
    { label: 'score NaN', content: utf8(`email,score\n${email},NaN\n${email},Infinity\n`) },
    {
      label: 'dates out of range',
      content: utf8(`email,completed_at\n${email},0000-01-01T00:00:00Z\n${email},9999-12-31T23:59:59Z\n${email},31.02.2026 10:00\n`),
    },
    { label: 'unterminated quote', content: utf8(`email;minutes\n"${email};30\n`) },
    { label: 'bom only', content: Buffer.from([0xef, 0xbb, 0xbf]) },
    { label: 'header only', content: utf8('email;minutes\n') },
    { label: 'long cell', content: utf8(`email;minutes\n${'a'.repeat(100_000)}@agency.example;30\n${email};70\n`) },
    { label: 'unknown header with NUL', content: utf8(`email;minutes;no\u0000te\n${email};30;x\n`) },
    { label: 'CR line endings', content: utf8(`email;minutes\r${email};30\r`) },
    { label: 'many columns', content: utf8(`email;minutes;${Array.from({ length: 2000 }, (_, i) => `c${i}`).join(';')}\n${email};30\n`) },
  ];
}

/** Registry exports: the first row is always refused (a bogus contract type), so no import ever replaces the registry. */
export function hostileRegistryFiles(): Array<{ label: string; content: Buffer }> {
  const head = 'contract_number;contract_type;inn;legal_name;status\nPOISON-1;bogus;;Poison;active\n';
  const rows = [
    ['NUL in name', 'A-1;agent;;ООО\u0000Ромашка;active'],
    ['surrogate-free but long name', `A-2;agent;;${'Я'.repeat(3000)};active`],
    ['long number', `${'9'.repeat(5000)};agent;;ООО;active`],
    ['bidi', 'A-3;agent;;\u202EООО;active'],
    ['control in status', 'A-4;agent;;ООО;act\u0007ive'],
    ['inn with NUL', 'A-5;agent;77070\u000083893;ООО;active'],
  ];
  return [
    ...rows.map(([label, row]) => ({ label, content: Buffer.from(`${head}${row}\n`, 'utf8') })),
    {
      label: 'unknown header with NUL',
      content: Buffer.from('contract_number;contract_type;inn;legal_name;status;x\u0000\nPOISON;bogus;;P;active\n'),
    },
    { label: 'NUL bytes', content: Buffer.concat([Buffer.from(head), Buffer.alloc(32)]) },
  ];
}

// ---- samples of an OpenAPI schema, and one field changed ---------------------------------------

export type Path = Array<string | number>;
type Schema = Record<string, any>;

export function resolveSchema(doc: Schema, schema: Schema | undefined): Schema {
  let s = schema ?? {};
  while (s.$ref) s = doc.components.schemas[s.$ref.replace('#/components/schemas/', '')];
  return s;
}

/** A valid-looking value of `schema`: its example if it has one, else one built from its type; `named` fills fields by name. */
export function sample(doc: Schema, schema: Schema | undefined, named: (name: string) => unknown, name = ''): unknown {
  const s = resolveSchema(doc, schema);
  const fill = named(name);
  if (fill !== undefined) return fill;
  if (s.example !== undefined) return structuredClone(s.example);
  if (s.enum) return s.enum[0];
  if (s.anyOf || s.oneOf) return sample(doc, (s.anyOf ?? s.oneOf).find((x: Schema) => x.type !== 'null') ?? {}, named, name);
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const key of s.required ?? []) value[key] = sample(doc, s.properties?.[key], named, key);
      return value;
    }
    case 'array':
      return [sample(doc, s.items, named, name)];
    case 'integer':
    case 'number':
      return Math.max(s.minimum ?? 1, 1);
    case 'boolean':
      return false;
    case 'string':
      if (s.format === 'date-time') return '2027-01-15T10:00:00Z';
      if (s.format === 'uuid') return '0b9e8f0e-7c4c-4b1e-9f0e-2f6c1d8a9b7c';
      return 'Тест'.slice(0, Math.max(s.minLength ?? 1, Math.min(4, s.maxLength ?? 4)));
    default:
      return 'x';
  }
}

/** Every leaf of a JSON value with its path (arrays: their first item only). */
export function leaves(value: unknown, path: Path = []): Array<{ path: Path; value: unknown }> {
  if (Array.isArray(value)) return value.length ? leaves(value[0], [...path, 0]) : [{ path, value }];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [{ path, value }];
}

/** A copy of `base` with `value` at `path` (undefined: the field left out). */
export function setAt(base: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: any = Array.isArray(base) ? [...base] : { ...(base as object) };
  const [head, ...rest] = path;
  if (rest.length === 0 && value === undefined) delete copy[head];
  else copy[head] = setAt(copy[head], rest, value);
  return copy;
}

// ---- the wire ----------------------------------------------------------------------------------

export interface Probe {
  label: string;
  method: string;
  /** as it goes on the request line: characters outside printable ASCII are percent-encoded here */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface Answer {
  status: number;
  text: string;
}

/** Printable ASCII stays as it is (a malformed `%E0%A4%A` included); anything else is UTF-8 percent-encoded. */
export const wirePath = (path: string): string =>
  Array.from(path)
    .map((ch) =>
      /^[\x21-\x7e]$/.test(ch) ? ch : [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
    )
    .join('');

/** Sends a probe's exact bytes on a fresh connection; rejects when no HTTP answer comes within `timeoutMs`. */
export function send(baseUrl: string, probe: Probe, timeoutMs = 30_000): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...probe.headers };
    if (probe.body) headers['content-length'] = String(probe.body.length);
    const req = http.request(
      { host: url.hostname, port: url.port, method: probe.method, path: wirePath(probe.path), headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    // The server may answer (413, 400) and close before the whole body is written: the answer still counts.
    req.on('error', (err) => reject(err));
    req.end(probe.body);
  });
}
