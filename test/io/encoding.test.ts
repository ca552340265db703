import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectEncoding, HEAD_BYTES } from '../../src/io/encoding.js';

const SAMPLE = '序号,姓名,证件号码\r\n1,李𠀾,522623198304084405\r\n2,王䶮,52262319830408440X\r\n';

describe('detectEncoding', () => {
  it('UTF-8 BOM wins', () => {
    expect(detectEncoding(Buffer.from('\uFEFF' + SAMPLE))).toEqual({ name: 'utf8', reason: 'bom' });
  });

  it('valid UTF-8 (and plain ASCII) is UTF-8', () => {
    expect(detectEncoding(Buffer.from(SAMPLE))).toEqual({ name: 'utf8', reason: 'utf8-valid' });
    expect(detectEncoding(Buffer.from('a,b\n1,2\n'))).toEqual({ name: 'utf8', reason: 'utf8-valid' });
    expect(detectEncoding(new Uint8Array())).toEqual({ name: 'utf8', reason: 'utf8-valid' });
  });

  it('a window cut in the middle of a character is still UTF-8', () => {
    const bytes = Buffer.from(SAMPLE);
    const cut = bytes.subarray(0, bytes.indexOf(Buffer.from('李')) + 1);
    expect(detectEncoding(cut).name).toBe('utf8');
  });

  it('GBK/GB18030 bytes fall back to gb18030', () => {
    expect(detectEncoding(iconv.encode(SAMPLE, 'gb18030'))).toEqual({ name: 'gb18030', reason: 'fallback' });
    const asciiHeavy = Buffer.concat([Buffer.from('x'.repeat(HEAD_BYTES - 10)), iconv.encode('张三', 'gbk')]);
    expect(detectEncoding(asciiHeavy).name).toBe('gb18030');
  });
});
