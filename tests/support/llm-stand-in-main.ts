import { startLlmStandIn, type StandInScript } from "./llm-stand-in";

// The LLM stand-in as a process of its own (for benchmarks: the model never shares the app's CPU
// time slice in a real deployment either). STAND_IN_SCRIPT is a JSON StandInScript; prints its URL.
const script = JSON.parse(process.env.STAND_IN_SCRIPT ?? "{}") as Partial<StandInScript>;
const standIn = await startLlmStandIn(script);
console.log(JSON.stringify({ url: standIn.url }));
process.once("SIGTERM", () => void standIn.close().then(() => process.exit(0)));
