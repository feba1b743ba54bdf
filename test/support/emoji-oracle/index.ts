/**
 * The reference oracle for test/emoji-direct.test.ts: a frozen copy of emoji/sjis.ts,
 * convert.ts, input.ts and transcoder.ts as of commit 6eabb7b, before the direct byte
 * converters (emoji/direct.ts) existed. Its output is the definition of correct for every
 * input: do not edit or "fix" these files; a change of behaviour belongs in emoji/ and in a
 * deliberate update of this copy, reviewed as such.
 */
export { transcoderFor } from './transcoder.js';
export { MalformedInputError } from './sjis.js';
