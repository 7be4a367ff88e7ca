/** Bytes as upper-case hex pairs separated by spaces, the notation protocols.md uses. */
export function toHex(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => (b & 0xff).toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

/** Parses "FF 68 03" (spaces optional) into bytes; throws on odd length or non-hex characters. */
export function fromHex(text: string): Buffer {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) throw new Error(`not a hex byte string: "${text}"`);
  return Buffer.from(clean, 'hex');
}

export function hexByte(b: number): string {
  return (b & 0xff).toString(16).toUpperCase().padStart(2, '0');
}
