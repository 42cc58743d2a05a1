/**
 * Verdana advance widths of ASCII 32..126, in thousandths of an em: the metrics Graphviz (in
 * @viz-js/viz) sizes Verdana text with.
 */
const VERDANA = [
  351, 393, 459, 818, 636, 1076, 726, 268, 454, 454, 636, 818, 364, 454, 364, 454, 636, 636, 636, 636, 636,
  636, 636, 636, 636, 636, 454, 454, 818, 818, 818, 545, 1000, 684, 685, 698, 770, 632, 575, 775, 751, 421,
  455, 693, 557, 843, 748, 787, 603, 787, 695, 684, 616, 732, 684, 989, 685, 615, 685, 454, 454, 454, 818,
  636, 636, 601, 623, 521, 623, 596, 351, 623, 633, 274, 344, 592, 274, 973, 633, 607, 623, 623, 427, 521,
  394, 633, 592, 818, 592, 592, 525, 635, 454, 635, 818,
];
/** Any other character counts as the widest. */
const WIDEST = Math.max(...VERDANA);

/**
 * The width of a line of text in Verdana, in points.
 *
 * @internal
 */
export function verdanaWidth(text: string, fontSize: number): number {
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    units += code >= 32 && code <= 126 ? VERDANA[code - 32] : WIDEST;
  }
  return (units / 1000) * fontSize;
}
