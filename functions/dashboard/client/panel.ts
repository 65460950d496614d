/** What the dashboard's own cards (cases, experiment) are built from: plain DOM, text through textContent only. */

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The card `id` appended to the grid once (header, then an empty body); its body, to fill again on each render. */
export function panelCard(grid: Element, id: string, title: string, subtitle: string): HTMLElement {
  let article = document.getElementById(id);
  if (!article) {
    article = el('article', 'card wide');
    article.id = id;
    const header = el('header');
    header.append(el('h2', '', title), el('p', '', subtitle));
    article.append(header, el('div', `${id}-body`));
    grid.append(article);
  }
  return article.querySelector<HTMLElement>(`.${id}-body`)!;
}
