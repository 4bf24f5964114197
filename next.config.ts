import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Native and Node-only packages stay outside the server bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@lancedb/lancedb", "pdfjs-dist", "onnxruntime-node", "prom-client"],
};

export default nextConfig;
