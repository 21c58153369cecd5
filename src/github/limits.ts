// GitHub's size limits for the texts the bot writes: check run output (65,535 bytes for `summary` and
// `text`; GitHub counts characters, bytes are the safe reading) and issue/PR bodies and comments (65,536
// characters). Over-long text is cut at a character boundary and ends with a note saying so, instead of
// GitHub refusing the whole write with 422.

export const CHECK_OUTPUT_MAX_BYTES = 65_535;
export const BODY_MAX_CHARS = 65_536;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const byteNote = (omitted: number) =>
  `\n\n_(truncated: ${omitted} more bytes did not fit in GitHub's check run limit)_`;
const charNote = (omitted: number) =>
  `\n\n_(truncated: ${omitted} more characters did not fit in GitHub's comment limit)_`;

/** `text` unchanged when its UTF-8 encoding fits in `maxBytes`, else cut at a character boundary plus a note. */
export function truncateBytes(text: string, maxBytes = CHECK_OUTPUT_MAX_BYTES): string {
  const bytes = encoder.encode(text);
  if (bytes.length <= maxBytes) return text;
  // The note's own length depends on the omitted count; sizing it for the whole text is an upper bound.
  const room = maxBytes - encoder.encode(byteNote(bytes.length)).length;
  let cut = Math.max(0, room);
  // Back off continuation bytes (10xxxxxx) so a multi-byte character is never split.
  while (cut > 0 && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut -= 1;
  return `${decoder.decode(bytes.subarray(0, cut))}${byteNote(bytes.length - cut)}`;
}

/**
 * `text` unchanged when it has at most `maxChars` UTF-16 code units (never fewer than GitHub's characters),
 * else cut without splitting a surrogate pair, plus a note.
 */
export function truncateChars(text: string, maxChars = BODY_MAX_CHARS): string {
  if (text.length <= maxChars) return text;
  let cut = Math.max(0, maxChars - charNote(text.length).length);
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}${charNote(text.length - cut)}`;
}
