import type { ComponentPropsWithoutRef, ReactNode } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import rehypeKatex from "rehype-katex";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import { headingAnchor } from "@/lib/documents/anchors";
import { foreignImagesAsLinks } from "./foreign-images";

function textOf(node: ReactNode): string {
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join("");
  if (node && typeof node === "object" && "props" in node) return textOf((node.props as { children?: ReactNode }).children);
  return "";
}

/** react-markdown passes its syntax-tree node along; DOM elements must not receive it. */
function domProps<T extends { node?: unknown }>(props: T): Omit<T, "node"> {
  const rest = { ...props };
  delete rest.node;
  return rest;
}

// Headings get the ids citations link to (see lib/documents/anchors.ts).
function heading(Tag: "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
  return function Heading(props: ComponentPropsWithoutRef<typeof Tag> & { node?: unknown }) {
    return (
      <Tag id={headingAnchor(textOf(props.children))} className="scroll-mt-4" {...domProps(props)}>
        {props.children}
      </Tag>
    );
  };
}

const components: Components = {
  h1: heading("h1"),
  h2: heading("h2"),
  h3: heading("h3"),
  h4: heading("h4"),
  h5: heading("h5"),
  h6: heading("h6"),
  a: (props) => <a {...domProps(props)} target="_blank" rel="noopener noreferrer" />,
  table: (props) => (
    <div className="overflow-x-auto">
      <table {...domProps(props)} />
    </div>
  ),
};

/**
 * Markdown with GitHub tables, task lists and TeX math; raw HTML in the text is not rendered, and
 * images from other sites are links, not images (see foreign-images.ts).
 */
export function Markdown({ children }: { children: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={[remarkGfm, remarkMath]} rehypePlugins={[rehypeKatex, foreignImagesAsLinks]} components={components}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
