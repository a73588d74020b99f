/** Building SVG and the legend. Every label is set with textContent, never parsed as markup. */

const svgNamespace = 'http://www.w3.org/2000/svg';

export type Attributes = Record<string, string | number>;

export function el<Name extends keyof SVGElementTagNameMap>(name: Name, attributes: Attributes, parent?: Element): SVGElementTagNameMap[Name] {
  const node = document.createElementNS(svgNamespace, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (parent) parent.appendChild(node);
  return node;
}

export function label(parent: Element, x: number, y: number, content: string, anchor = 'middle', className?: string): SVGTextElement {
  const node = el('text', { x, y, 'text-anchor': anchor }, parent);
  if (className) node.setAttribute('class', className);
  node.textContent = content;
  return node;
}

/** A tooltip: the SVG title of a mark. */
export function tip(node: Element, content: string): void {
  el('title', {}, node).textContent = content;
}

/**
 * The drawing's width in user units: the figure's own width in CSS pixels, so that one unit is
 * one pixel and the 11 px labels stay 11 px whether the chart fills half the page or all of it
 * (a fixed 560-unit drawing scaled to a full-width figure doubled its text).
 */
export function widthOf(figure: HTMLElement): number {
  const style = getComputedStyle(figure);
  const inner = figure.clientWidth - parseFloat(style.paddingLeft || '0') - parseFloat(style.paddingRight || '0');
  return Math.max(320, Math.round(inner || 560));
}

/** Keeps a label inside [from, to]: anchored at its end or start when centring it would cross an edge. */
export function keepInside(node: SVGTextElement, from: number, to: number): void {
  const width = node.getComputedTextLength();
  const at = Number(node.getAttribute('x'));
  const anchor = node.getAttribute('text-anchor');
  const low = anchor === 'start' ? at : anchor === 'end' ? at - width : at - width / 2;
  if (low + width > to) {
    node.setAttribute('text-anchor', 'end');
    node.setAttribute('x', String(to));
  } else if (low < from) {
    node.setAttribute('text-anchor', 'start');
    node.setAttribute('x', String(from));
  }
}

export interface LegendItem {
  label: string;
  /** Palette slot. */
  color: number;
  dashed?: boolean | undefined;
  box?: boolean;
  dot?: boolean | undefined;
  /** A character shown as the key: ▲ a capacity, ◆ a knee, ┆ an event. */
  symbol?: string;
}

export function legend(figure: HTMLElement, items: readonly LegendItem[]): void {
  const list = document.createElement('ul');
  list.className = 'legend';
  for (const item of items) {
    const entry = document.createElement('li');
    const key = document.createElement('span');
    key.className =
      'key k' + (item.color % 8) + (item.dashed ? ' dashed' : '') + (item.box ? ' box' : '') + (item.dot ? ' dot' : '') + (item.symbol ? ' symbol' : '');
    if (item.symbol) key.textContent = item.symbol;
    entry.appendChild(key);
    entry.appendChild(document.createTextNode(item.label));
    list.appendChild(entry);
  }
  figure.appendChild(list);
}
