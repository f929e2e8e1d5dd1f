import { Resvg } from '@resvg/resvg-js';

/**
 * The app's mark, a signpost (alternative provision points a pupil another way), as SVG on a
 * 32-unit grid. Shapes only, no text, so it renders the same with no fonts installed and stays
 * recognisable at 32 px.
 */
const SIGNPOST = `
  <rect x="14.5" y="5" width="3" height="24" rx="1"/>
  <path d="M5 7h16l4.5 4-4.5 4H5z"/>
  <path d="M27 17H11l-4.5 4 4.5 4h16z"/>`;

function render(svg: string, size: number): Buffer {
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng());
}

/** Teams' full-colour icon: 192×192, the accent colour edge to edge, the signpost in white. */
export function colorIcon(): Buffer {
  return render(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#1b5e7a"/><g fill="#ffffff" transform="translate(4 4) scale(0.75)">${SIGNPOST}</g></svg>`,
    192,
  );
}

/** Teams' outline icon: 32×32, white on a transparent background, nothing else. */
export function outlineIcon(): Buffer {
  return render(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><g fill="#ffffff">${SIGNPOST}</g></svg>`, 32);
}
