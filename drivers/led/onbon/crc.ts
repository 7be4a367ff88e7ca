/** CRC-16/ARC: poly 0x8005 reflected (0xA001), init 0, no final XOR; check("123456789") = 0xBB3D. */
export function crc16Arc(bytes: Uint8Array, crc = 0): number {
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc & 0xffff;
}
