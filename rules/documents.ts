/**
 * Accepted upload types, recognised by their first bytes rather than by what the client claims.
 */
export const DOCUMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

const SIGNATURES: [DocumentType, number[]][] = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
];

export function detectDocumentType(content: Uint8Array): DocumentType | null {
  const match = SIGNATURES.find(([, sig]) => sig.every((byte, i) => content[i] === byte));
  return match ? match[0] : null;
}
