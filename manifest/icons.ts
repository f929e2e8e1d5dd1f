import { PNG } from 'pngjs';

/** A 5×7 pixel glyph for each letter the icon uses: "A" and "P". */
const GLYPHS: Record<string, string[]> = {
  A: ['01110', '10001', '10001', '11111', '10001', '10001', '10001'],
  P: ['11110', '10001', '10001', '11110', '10000', '10000', '10000'],
};

type Rgba = [number, number, number, number];

function draw(size: number, background: Rgba, ink: Rgba, scale: number): Buffer {
  const png = new PNG({ width: size, height: size });
  const set = (x: number, y: number, c: Rgba) => {
    const i = (size * y + x) << 2;
    png.data[i] = c[0];
    png.data[i + 1] = c[1];
    png.data[i + 2] = c[2];
    png.data[i + 3] = c[3];
  };
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) set(x, y, background);
  const letters = ['A', 'P'];
  const gap = scale;
  const width = letters.length * 5 * scale + gap;
  const x0 = Math.floor((size - width) / 2);
  const y0 = Math.floor((size - 7 * scale) / 2);
  letters.forEach((letter, li) => {
    GLYPHS[letter]!.forEach((row, gy) => {
      [...row].forEach((bit, gx) => {
        if (bit !== '1') return;
        for (let dy = 0; dy < scale; dy++)
          for (let dx = 0; dx < scale; dx++) set(x0 + li * (5 * scale + gap) + gx * scale + dx, y0 + gy * scale + dy, ink);
      });
    });
  });
  return PNG.sync.write(png);
}

/** Teams' full-colour icon: 192×192, opaque accent background, white letters. */
export function colorIcon(): Buffer {
  return draw(192, [0x1b, 0x5e, 0x7a, 255], [255, 255, 255, 255], 10);
}

/** Teams' outline icon: 32×32, white on a transparent background, nothing else. */
export function outlineIcon(): Buffer {
  return draw(32, [0, 0, 0, 0], [255, 255, 255, 255], 2);
}
