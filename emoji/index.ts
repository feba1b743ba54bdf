/** emoji/: carrier pictograms and charsets at the edge (see transcoder.ts, convert.ts, tables.ts). */
export { transcoderFor, type Transcoder } from './transcoder.js';
export { MalformedInputError } from './sjis.js';
export { toReceiver, pictogramName, GETA, type OutputKind } from './convert.js';
export { toInternal } from './input.js';
export { encodeMailText, decodeMailText, sjisToJis, type MailText } from './mail.js';
export { converterFor, type Converter } from './direct.js';
