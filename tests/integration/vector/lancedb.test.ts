import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { LanceDbStore } from "@/lib/vector/lancedb";
import { vectorStoreContract } from "./contract";

vectorStoreContract("lancedb", async () => {
  const directory = await mkdtemp(path.join(tmpdir(), "lancedb-"));
  return [await LanceDbStore.open(directory), await LanceDbStore.open(directory)];
});
