// The app's two icons, read with pngjs: color.png 192×192, and outline.png 32×32 of only white and
// transparency (Teams' own validation refuses anything else on upload).
import { PNG } from 'pngjs';
import { LIMITS } from './manifest-checks.ts';

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: boolean;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG decoded to 8-bit RGBA, whatever its colour type, bit depth or interlacing. */
function decode(png: Buffer): { info: PngInfo; rgba: Buffer } {
  // pngjs reports a file that is not a PNG at all by how its parser stumbled ("unrecognised content
  // at end of stream"); the eight signature bytes say it plainly.
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG file');
  const image = PNG.sync.read(png);
  const { width, height, depth, colorType, interlace } = image;
  return { info: { width, height, bitDepth: depth, colorType, interlace }, rgba: image.data };
}

/** Width, height and format of a PNG; throws on anything that is not a PNG. */
export function readPngInfo(png: Buffer): PngInfo {
  return decode(png).info;
}

/** Checks both icons: sizes, and an outline of only white and transparency. */
export function checkIcons(icons: { color: Buffer; outline: Buffer }): string[] {
  const errors: string[] = [];
  const read = (file: string, png: Buffer, want: number) => {
    try {
      const image = decode(png);
      const { width, height } = image.info;
      if (width !== want || height !== want)
        errors.push(`${file}: must be ${want}×${want} pixels, is ${width}×${height}`);
      return image;
    } catch (e) {
      errors.push(`${file}: ${(e as Error).message}`);
      return null;
    }
  };
  read('color.png', icons.color, LIMITS.colorIcon);
  const outline = read('outline.png', icons.outline, LIMITS.outlineIcon);
  if (!outline) return errors;
  const { rgba } = outline;
  let opaque = 0;
  let coloured = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i + 3] === 0) continue;
    opaque++;
    if (rgba[i] !== 255 || rgba[i + 1] !== 255 || rgba[i + 2] !== 255) coloured++;
  }
  if (coloured)
    errors.push(`outline.png: must be white on transparent; ${coloured} visible pixels are not white`);
  if (!opaque) errors.push('outline.png: is fully transparent');
  if (opaque === rgba.length / 4) errors.push('outline.png: has no transparent background');
  return errors;
}
