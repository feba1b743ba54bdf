import { describe, expect, it } from 'vitest';
import { parse } from 'hono/utils/cookie';
import { parseCookies } from '../gateway/headers.js';

/** Hono's answer as a Map, for comparison (its object has no prototype). */
const hono = (header: string) => new Map(Object.entries(parse(header)));

describe('parseCookies reads a Cookie header as Hono does (gateway/headers.ts)', () => {
  it('agrees on crafted headers: repeats, quotes, escapes, spaces, tabs, bad names and values', () => {
    const headers = [
      'ashiato_sid=abcDEF_-0123456789abcdef',
      'a=1; b=2; a=3',
      ' a = 1 ;\tb\t=\t2\t',
      'a="quoted"; b="; c=""; d="half',
      'a=%E3%81%82; b=%ZZ; c=%E3%81; d=%41%zz%42',
      'bad name=1; good=2; =3; x',
      'a=1;;;b=2;',
      'a=va lue; b=va;lue; c=val,ue; d=val\\ue; e=ü',
      'a; b=; c==; d=1=2',
      '__proto__=x; constructor=y; toString=z',
      'a=1; A=2',
      ';',
      '=',
    ];
    for (const h of headers) expect(parseCookies(h), h).toEqual(hono(h));
  });

  it('agrees on 5,000 random headers over the characters that matter', () => {
    const alphabet = ['a', 'b', 'Z', '0', '_', '-', ';', '=', ' ', '\t', '"', '%', '4', '1', 'E', '3', ',', '\\', 'ü', '(', '}', '~'];
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 5000; i++) {
      let h = '';
      const len = 1 + rand(40);
      for (let j = 0; j < len; j++) h += alphabet[rand(alphabet.length)];
      expect(parseCookies(h), JSON.stringify(h)).toEqual(hono(h));
    }
  });
});
