/**
 * Text exports from office software arrive in UTF-8 (often with a BOM) or in Windows-1251.
 * Decodes either: strict UTF-8 first, Windows-1251 when the bytes are not valid UTF-8.
 */
export function decodeTextFile(content: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(content);
  } catch {
    return new TextDecoder('windows-1251').decode(content);
  }
}

/** The delimiter of a CSV header line: semicolons (Russian Excel) or commas. */
export const detectDelimiter = (text: string): ';' | ',' => {
  const header = text.split(/\r?\n/, 1)[0];
  return (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : ',';
};
