/** Base64 of bytes, in chunks so an 8 MB capture never builds one huge argument list. */
export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) parts.push(String.fromCharCode(...bytes.subarray(i, i + step)));
  return btoa(parts.join(''));
}
