/**
 * The upper halves (bytes 0x80-0xFF) of the DOS/OEM code pages a Windows console writes in
 * Western Europe and the US: 437 and 850. Node's TextDecoder knows CP866 and CP1252 but not
 * these two, and a redirected `netstat -ano > file.txt` is written in the console's OEM page.
 * The lower half is ASCII in both. Checked byte for byte against glibc iconv (see the test).
 */

/** CP437 characters for bytes 0x80-0xFF. */
export const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

/** CP850 characters for bytes 0x80-0xFF. */
export const CP850_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0';

/**
 * CP1252 characters for bytes 0x80-0xFF (the five bytes Windows leaves undefined map to the C1
 * control of the same number, as Windows' own conversion does). Node's TextDecoder reads the
 * 'windows-1252' label as Latin-1 on this platform, which would turn ™ back into U+0099.
 */
export const CP1252_HIGH =
  '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ' +
  Array.from({ length: 96 }, (_, i) => String.fromCharCode(0xa0 + i)).join('');

/** Decodes bytes with a table for the upper half (ASCII below 0x80). */
export function decodeWithTable(bytes: Uint8Array, high: string): string {
  const chars = Array.from(high);
  let out = '';
  const chunk: string[] = [];
  for (const b of bytes) {
    chunk.push(b < 0x80 ? String.fromCharCode(b) : (chars[b - 0x80] ?? '\ufffd'));
    if (chunk.length === 8192) {
      out += chunk.join('');
      chunk.length = 0;
    }
  }
  return out + chunk.join('');
}
