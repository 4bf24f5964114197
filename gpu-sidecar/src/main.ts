import { parseSettings } from "./config.js";
import { defaultParts } from "./core/parts.js";
import { runSidecar } from "./server.js";

runSidecar(parseSettings(process.env), defaultParts);
