/**
 * Payload sizes as people read them, one wording for every place a size limit is enforced or
 * checked ahead: "Input is 7.0 MB; the limit is 6 MB". Browser-safe (no Buffer): the console's
 * Start dialog checks an input before sending it with the same words the server would answer.
 */

const KB = 1024;
const MB = 1024 * KB;

/** UTF-8 length of `text` in bytes (a lone surrogate counts 3, as Buffer.byteLength does). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function unitOf(limit: number): { size: number; name: string } {
  if (limit >= MB) return { size: MB, name: "MB" };
  if (limit >= KB) return { size: KB, name: "KB" };
  return { size: 1, name: "bytes" };
}

const grouped = (n: number) => n.toLocaleString("en-US");

/**
 * "Input is 7.0 MB; the limit is 6 MB" (MB = 1024 x 1024 bytes, the unit the limit is set in).
 * When one decimal would not show the size above the limit (6.0 MB against 6 MB), both are given
 * in bytes as well, so the message never reads as if the text fitted.
 */
export function payloadTooLargeMessage(what: string, bytes: number, limit: number): string {
  const unit = unitOf(limit);
  const limitText = `${Number.isInteger(limit / unit.size) ? limit / unit.size : (limit / unit.size).toFixed(1)} ${unit.name}`;
  const subject = what.charAt(0).toUpperCase() + what.slice(1);
  const shown = (bytes / unit.size).toFixed(1);
  if (unit.size === 1) return `${subject} is ${grouped(bytes)} bytes; the limit is ${grouped(limit)} bytes`;
  if (Number(shown) > limit / unit.size) return `${subject} is ${shown} ${unit.name}; the limit is ${limitText}`;
  return `${subject} is ${grouped(bytes)} bytes; the limit is ${limitText} (${grouped(limit)} bytes)`;
}
