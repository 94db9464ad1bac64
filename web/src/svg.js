// Minimal helpers for building SVG and HTML elements.
const SVG_NS = 'http://www.w3.org/2000/svg';

/// Creates an SVG element with attributes and optional children.
export function svg(tag, attrs = {}, children = []) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
}

/// Creates an HTML element with attributes (class, text, dataset via data-*) and children.
export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = v;
    else if (k === 'class') node.className = v;
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/// Adds a <title> tooltip to an SVG element.
export function tooltip(node, text) {
  node.append(svg('title', {}, [text]));
  return node;
}

/// Formats a count with thousands separators.
export function fmt(n) {
  return Number(n || 0).toLocaleString('en-US');
}
