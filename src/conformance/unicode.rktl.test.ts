// Racket's pkgs/racket-test-core/tests/racket/unicode.rktl, translated: its UTF-8 decoding
// table (Markus Kuhn's boundary cases, unicode.rktl:9-588), read through ports. Each test names
// the line of its table entry. Racket's entry gives the code points a byte sequence decodes to,
// `#f` (here `null`) for each position that decodes as U+FFFD; unicode.rktl:819-880 reads the
// bytes with read-string, read-char and peek-char, from a string port and from a pipe holding
// ten copies. (Its converter, `bytes-utf-8-…`, port-location and UTF-16 cases test functions
// racket-net does not have: see docs/conformance.md.)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  closeOutputPort,
  eof,
  makePipe,
  peekChar,
  readChar,
  readString,
  writeBytes,
  type InputPort,
} from '../index.js';
import { inputOf, missing } from './support.js';

/** [line, code points (null: U+FFFD), bytes] */
const TABLE: [number, (number | null)[], number[]][] = [
  [10, [954, 8057, 963, 956, 949], [206, 186, 225, 189, 185, 207, 131, 206, 188, 206, 181]],
  [12, [0], [0]],
  [14, [128], [194, 128]],
  [16, [2048], [224, 160, 128]],
  [18, [65536], [240, 144, 128, 128]],
  [20, [1114111], [244, 143, 191, 191]],
  [22, [null, null, null, null], [244, 144, 128, 128]],
  [24, [null, null, null, null, null], [248, 136, 128, 128, 128]],
  [26, [null, null, null, null, null, null], [252, 132, 128, 128, 128, 128]],
  [28, [127], [127]],
  [30, [2047], [223, 191]],
  [32, [null, null, null, null], [247, 191, 191, 191]],
  [34, [null, null, null, null, null], [251, 191, 191, 191, 191]],
  [36, [null, null, null, null, null, null], [253, 191, 191, 191, 191, 191]],
  [38, [55295], [237, 159, 191]],
  [40, [57344], [238, 128, 128]],
  [42, [65533], [239, 191, 189]],
  [44, [1114111], [244, 143, 191, 191]],
  [47, [null], [128]],
  [49, [null], [191]],
  [51, [null, null], [128, 191]],
  [53, [null, null, null], [128, 191, 128]],
  [55, [null, null, null, null], [128, 191, 128, 191]],
  [57, [null, null, null, null, null], [128, 191, 128, 191, 128]],
  [59, [null, null, null, null, null, null], [128, 191, 128, 191, 128, 191]],
  [61, [null, null, null, null, null, null, null], [128, 191, 128, 191, 128, 191, 128]],
  [63, [null], [128]],
  [65, [null], [129]],
  [67, [null], [130]],
  [69, [null], [131]],
  [71, [null], [132]],
  [73, [null], [133]],
  [75, [null], [134]],
  [77, [null], [135]],
  [79, [null], [136]],
  [81, [null], [137]],
  [83, [null], [138]],
  [85, [null], [139]],
  [87, [null], [140]],
  [89, [null], [141]],
  [91, [null], [142]],
  [93, [null], [143]],
  [95, [null], [144]],
  [97, [null], [145]],
  [99, [null], [146]],
  [101, [null], [147]],
  [103, [null], [148]],
  [105, [null], [149]],
  [107, [null], [150]],
  [109, [null], [151]],
  [111, [null], [152]],
  [113, [null], [153]],
  [115, [null], [154]],
  [117, [null], [155]],
  [119, [null], [156]],
  [121, [null], [157]],
  [123, [null], [158]],
  [125, [null], [159]],
  [127, [null], [160]],
  [129, [null], [161]],
  [131, [null], [162]],
  [133, [null], [163]],
  [135, [null], [164]],
  [137, [null], [165]],
  [139, [null], [166]],
  [141, [null], [167]],
  [143, [null], [168]],
  [145, [null], [169]],
  [147, [null], [170]],
  [149, [null], [171]],
  [151, [null], [172]],
  [153, [null], [173]],
  [155, [null], [174]],
  [157, [null], [175]],
  [159, [null], [176]],
  [161, [null], [177]],
  [163, [null], [178]],
  [165, [null], [179]],
  [167, [null], [180]],
  [169, [null], [181]],
  [171, [null], [182]],
  [173, [null], [183]],
  [175, [null], [184]],
  [177, [null], [185]],
  [179, [null], [186]],
  [181, [null], [187]],
  [183, [null], [188]],
  [185, [null], [189]],
  [187, [null], [190]],
  [189, [null], [191]],
  [192, [null, 32], [192, 32]],
  [194, [null, 32], [193, 32]],
  [196, [null, 32], [194, 32]],
  [198, [null, 32], [195, 32]],
  [200, [null, 32], [196, 32]],
  [202, [null, 32], [197, 32]],
  [204, [null, 32], [198, 32]],
  [206, [null, 32], [199, 32]],
  [208, [null, 32], [200, 32]],
  [210, [null, 32], [201, 32]],
  [212, [null, 32], [202, 32]],
  [214, [null, 32], [203, 32]],
  [216, [null, 32], [204, 32]],
  [218, [null, 32], [205, 32]],
  [220, [null, 32], [206, 32]],
  [222, [null, 32], [207, 32]],
  [224, [null, 32], [208, 32]],
  [226, [null, 32], [209, 32]],
  [228, [null, 32], [210, 32]],
  [230, [null, 32], [211, 32]],
  [232, [null, 32], [212, 32]],
  [234, [null, 32], [213, 32]],
  [236, [null, 32], [214, 32]],
  [238, [null, 32], [215, 32]],
  [240, [null, 32], [216, 32]],
  [242, [null, 32], [217, 32]],
  [244, [null, 32], [218, 32]],
  [246, [null, 32], [219, 32]],
  [248, [null, 32], [220, 32]],
  [250, [null, 32], [221, 32]],
  [252, [null, 32], [222, 32]],
  [254, [null, 32], [223, 32]],
  [257, [null, 32], [224, 32]],
  [259, [null, 32], [225, 32]],
  [261, [null, 32], [226, 32]],
  [263, [null, 32], [227, 32]],
  [265, [null, 32], [228, 32]],
  [267, [null, 32], [229, 32]],
  [269, [null, 32], [230, 32]],
  [271, [null, 32], [231, 32]],
  [273, [null, 32], [232, 32]],
  [275, [null, 32], [233, 32]],
  [277, [null, 32], [234, 32]],
  [279, [null, 32], [235, 32]],
  [281, [null, 32], [236, 32]],
  [283, [null, 32], [237, 32]],
  [285, [null, 32], [238, 32]],
  [287, [null, 32], [239, 32]],
  [290, [null, null, 32], [224, 131, 32]],
  [292, [null, null, 32], [225, 131, 32]],
  [294, [null, null, 32], [226, 131, 32]],
  [296, [null, null, 32], [227, 131, 32]],
  [298, [null, null, 32], [228, 131, 32]],
  [300, [null, null, 32], [229, 131, 32]],
  [302, [null, null, 32], [230, 131, 32]],
  [304, [null, null, 32], [231, 131, 32]],
  [306, [null, null, 32], [232, 131, 32]],
  [308, [null, null, 32], [233, 131, 32]],
  [310, [null, null, 32], [234, 131, 32]],
  [312, [null, null, 32], [235, 131, 32]],
  [314, [null, null, 32], [236, 131, 32]],
  [316, [null, null, 32], [237, 131, 32]],
  [318, [null, null, 32], [238, 131, 32]],
  [320, [null, null, 32], [239, 131, 32]],
  [323, [null, 32], [240, 32]],
  [325, [null, 32], [241, 32]],
  [327, [null, 32], [242, 32]],
  [329, [null, 32], [243, 32]],
  [331, [null, 32], [244, 32]],
  [333, [null, 32], [245, 32]],
  [335, [null, 32], [246, 32]],
  [337, [null, 32], [247, 32]],
  [340, [null, null, 32], [240, 131, 32]],
  [342, [null, null, 32], [241, 131, 32]],
  [344, [null, null, 32], [242, 131, 32]],
  [346, [null, null, 32], [243, 131, 32]],
  [348, [null, null, 32], [244, 131, 32]],
  [350, [null, null, 32], [245, 131, 32]],
  [352, [null, null, 32], [246, 131, 32]],
  [354, [null, null, 32], [247, 131, 32]],
  [357, [null, null, null, 32], [240, 131, 131, 32]],
  [359, [null, null, null, 32], [241, 131, 131, 32]],
  [361, [null, null, null, 32], [242, 131, 131, 32]],
  [363, [null, null, null, 32], [243, 131, 131, 32]],
  [365, [null, null, null, 32], [244, 131, 131, 32]],
  [367, [null, null, null, 32], [245, 131, 131, 32]],
  [369, [null, null, null, 32], [246, 131, 131, 32]],
  [371, [null, null, null, 32], [247, 131, 131, 32]],
  [374, [null, 32], [248, 32]],
  [376, [null, 32], [249, 32]],
  [378, [null, 32], [250, 32]],
  [380, [null, 32], [251, 32]],
  [383, [null, null, 32], [248, 131, 32]],
  [385, [null, null, 32], [249, 131, 32]],
  [387, [null, null, 32], [250, 131, 32]],
  [389, [null, null, 32], [251, 131, 32]],
  [392, [null, null, null, 32], [248, 131, 131, 32]],
  [394, [null, null, null, 32], [249, 131, 131, 32]],
  [396, [null, null, null, 32], [250, 131, 131, 32]],
  [398, [null, null, null, 32], [251, 131, 131, 32]],
  [401, [null, null, null, null, 32], [248, 131, 131, 131, 32]],
  [403, [null, null, null, null, 32], [249, 131, 131, 131, 32]],
  [405, [null, null, null, null, 32], [250, 131, 131, 131, 32]],
  [407, [null, null, null, null, 32], [251, 131, 131, 131, 32]],
  [410, [null, 32], [252, 32]],
  [412, [null, 32], [253, 32]],
  [415, [null, null, 32], [252, 131, 32]],
  [417, [null, null, 32], [253, 131, 32]],
  [420, [null, null, null, 32], [252, 131, 131, 32]],
  [422, [null, null, null, 32], [253, 131, 131, 32]],
  [425, [null, null, null, null, 32], [252, 131, 131, 131, 32]],
  [427, [null, null, null, null, 32], [253, 131, 131, 131, 32]],
  [430, [null, null, null, null, null, 32], [252, 131, 131, 131, 131, 32]],
  [432, [null, null, null, null, null, 32], [253, 131, 131, 131, 131, 32]],
  [435, [null], [192]],
  [437, [null], [200]],
  [439, [null, null], [224, 128]],
  [441, [null, null], [232, 128]],
  [443, [null, null], [224, 160]],
  [445, [null], [224]],
  [447, [null, null, null], [240, 128, 128]],
  [449, [null, null, null], [241, 128, 128]],
  [451, [null, null], [240, 128]],
  [453, [null, null], [241, 128]],
  [455, [null], [240]],
  [457, [null], [241]],
  [459, [null, null, null, null], [248, 128, 128, 128]],
  [461, [null, null, null, null], [249, 128, 128, 128]],
  [463, [null], [248]],
  [465, [null], [249]],
  [467, [null, null], [248, 128]],
  [469, [null, null], [249, 128]],
  [471, [null, null, null], [248, 128, 128]],
  [473, [null, null, null], [249, 128, 128]],
  [475, [null, null, null, null, null], [252, 128, 128, 128, 128]],
  [477, [null, null, null, null, null], [253, 128, 128, 128, 128]],
  [479, [null], [252]],
  [481, [null], [253]],
  [483, [null, null], [252, 128]],
  [485, [null, null], [253, 128]],
  [487, [null, null, null], [252, 128, 128]],
  [489, [null, null, null], [253, 128, 128]],
  [491, [null, null, null, null], [252, 128, 128, 128]],
  [493, [null, null, null, null], [253, 128, 128, 128]],
  [495, [null], [223]],
  [497, [null, null], [239, 191]],
  [499, [null, null, null], [244, 191, 191]],
  [501, [null, null, null], [245, 191, 191]],
  [503, [null, null, null], [246, 191, 191]],
  [505, [null, null, null], [247, 191, 191]],
  [507, [null, null, null, null], [251, 191, 191, 191]],
  [509, [null, null, null, null, null], [253, 191, 191, 191, 191]],
  [
    512,
    [null, null, null, null, null, null, null, null, null],
    [192, 224, 128, 240, 128, 128, 241, 128, 128],
  ],
  [516, [null], [254]],
  [518, [null], [255]],
  [520, [null, null, null, null], [254, 254, 255, 255]],
  [523, [null, null], [192, 175]],
  [525, [null, null, null], [224, 128, 175]],
  [527, [null, null, null, null], [240, 128, 128, 175]],
  [529, [null, null, null, null, null], [248, 128, 128, 128, 175]],
  [531, [null, null, null, null, null, null], [252, 128, 128, 128, 128, 175]],
  [533, [null, null], [193, 191]],
  [535, [null, null, null], [224, 159, 191]],
  [537, [null, null, null, null], [240, 143, 191, 191]],
  [539, [null, null, null, null, null], [248, 135, 191, 191, 191]],
  [541, [null, null, null, null, null, null], [252, 131, 191, 191, 191, 191]],
  [543, [null, null], [192, 128]],
  [545, [null, null, null], [224, 128, 128]],
  [547, [null, null, null, null], [240, 128, 128, 128]],
  [549, [null, null, null, null, null], [248, 128, 128, 128, 128]],
  [551, [null, null, null, null, null, null], [252, 128, 128, 128, 128, 128]],
  [554, [null, null, null], [237, 160, 128]],
  [556, [null, null, null], [237, 173, 191]],
  [558, [null, null, null], [237, 174, 128]],
  [560, [null, null, null], [237, 175, 191]],
  [562, [null, null, null], [237, 176, 128]],
  [564, [null, null, null], [237, 190, 128]],
  [566, [null, null, null], [237, 191, 191]],
  [568, [null, null, null, null, null, null], [237, 160, 128, 237, 176, 128]],
  [570, [null, null, null, null, null, null], [237, 160, 128, 237, 191, 191]],
  [572, [null, null, null, null, null, null], [237, 173, 191, 237, 176, 128]],
  [574, [null, null, null, null, null, null], [237, 173, 191, 237, 191, 191]],
  [576, [null, null, null, null, null, null], [237, 174, 128, 237, 176, 128]],
  [578, [null, null, null, null, null, null], [237, 174, 128, 237, 191, 191]],
  [580, [null, null, null, null, null, null], [237, 175, 191, 237, 176, 128]],
  [582, [null, null, null, null, null, null], [237, 175, 191, 237, 191, 191]],
  [585, [65534], [239, 191, 190]],
  [587, [65535], [239, 191, 191]],
];

/** unicode.rktl:828 `go`: a pipe holding ten copies of `s`, read back `us` at a time. */
async function tenCopies(
  s: Uint8Array,
  us: string,
  read: (n: number, p: InputPort) => Promise<unknown>,
): Promise<void> {
  const [inp, out] = makePipe();
  for (let i = 0; i < 10; i++) await writeBytes(s, out);
  await closeOutputPort(out);
  const n = [...us].length;
  for (let i = 0; i < 10; i++) assert.equal(await read(n, inp), us, `copy ${i} of 10`);
  assert.equal(await read(1, inp), eof);
}

/** Reads `n` characters one at a time with `readChar` (`list->string/eof` of the test). */
async function readChars(n: number, p: InputPort): Promise<unknown> {
  let s = '';
  for (let i = 0; i < n; i++) {
    const c = await readChar(p);
    if (c === eof) return i === 0 ? eof : s;
    s += c;
  }
  return s;
}

/** Like {@link readChars}, checking that `peekChar` agrees with each `readChar`. */
async function peekReadChars(n: number, p: InputPort): Promise<unknown> {
  let s = '';
  for (let i = 0; i < n; i++) {
    const a = await peekChar(p);
    const b = await readChar(p);
    assert.equal(a, b);
    if (b === eof) return i === 0 ? eof : s;
    s += b;
  }
  return s;
}

/** unicode.rktl:868 `read-n`: reads `n` characters with `readString`, `d` at a time. */
const readN =
  (d: number) =>
  async (n: number, p: InputPort): Promise<unknown> => {
    let a = '';
    let read = 0;
    while (read < n) {
      const s = await readString(Math.min(d, n - read), p);
      if (s === eof) return read === 0 ? eof : a;
      a += s;
      read += Math.min(d, n - read);
    }
    return a;
  };

describe('unicode.rktl: UTF-8 decoding through ports', () => {
  for (const [line, codePoints, byteList] of TABLE) {
    const s = Uint8Array.from(byteList);
    const us = String.fromCodePoint(...codePoints.map((c) => c ?? 0xfffd));
    const hex = byteList.map((b) => b.toString(16).padStart(2, '0')).join(' ');
    it(`unicode.rktl:${line} ${hex} decodes as ${codePoints.length} characters`, async () => {
      const n = codePoints.length;
      assert.equal(await readString(n, await inputOf(s)), us);
      assert.equal(await readString(100 * n, await inputOf(s)), us);
      assert.equal(await readString(1, await inputOf(s)), [...us][0]);
      await tenCopies(s, us, readString);
      await tenCopies(s, us, readChars);
      await tenCopies(s, us, peekReadChars);
      await tenCopies(s, us, readN(1));
      await tenCopies(s, us, readN(2));
    });
  }

  it('unicode.rktl:846 peek-string agrees with read-string on every table entry', async () => {
    const peekString = missing('peekString');
    for (const [, codePoints, byteList] of TABLE) {
      const us = String.fromCodePoint(...codePoints.map((c) => c ?? 0xfffd));
      await tenCopies(Uint8Array.from(byteList), us, async (n, p) => {
        const a = await peekString(n, 0, p);
        const b = await readString(n, p);
        assert.equal(a, b);
        return b;
      });
    }
  });
});
