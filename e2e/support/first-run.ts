import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { chatPresets, DEFAULT_CHAT_PRESET, DEFAULT_PRESET, presets } from "../../gpu-sidecar/src/download/index.js";
import { writeCourseChatModel } from "../../tests/support/course-chat-model";
import { startModelHubStandIn, type ModelHubStandIn } from "../../tests/support/model-hub-stand-in";

/**
 * `npm run demo` as a user runs it, for the first-run end-to-end test (e2e/first-run.spec.ts):
 * a child process whose output is kept line by line, in its own process group so nothing it
 * started outlives the test.
 */
export class DemoProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private readonly waiters = new Set<() => void>();

  constructor(env: Record<string, string | undefined>) {
    // As package.json's "demo" script runs it: node with tsx's loader, no tsx CLI in between (the CLI
    // SIGKILLs a child that does not acknowledge a relayed signal within 30 ms, so a busy demo died
    // with 130 instead of stopping what it started).
    this.child = spawn(process.execPath, ["--import", "tsx", "scripts/demo.ts"], { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      createInterface({ input: stream }).on("line", (line) => {
        this.lines.push(line);
        this.waiters.forEach((wake) => wake());
      });
    }
    this.exited = new Promise((resolve) =>
      this.child.once("exit", (code, signal) => {
        if (signal) this.lines.push(`(the demo was ended by ${signal})`);
        this.waiters.forEach((wake) => wake());
        resolve(code);
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.lines.join("\n");
  }

  /** Lines matching `pattern`. */
  matching(pattern: RegExp): string[] {
    return this.lines.filter((line) => pattern.test(line));
  }

  /** The first line that matches, waiting for it; fails when the demo exits first or time runs out. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const line = this.lines.find((candidate) => pattern.test(candidate));
        if (line !== undefined) return done(() => resolve(line));
        if (!this.running) done(() => reject(new Error(`the demo exited (code ${this.child.exitCode}) before printing a line matching ${pattern}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs / 1000} s`))), timeoutMs);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Ctrl-C in the terminal: SIGINT to every process of the demo's group. */
  interruptGroup(): void {
    process.kill(-this.pid, "SIGINT");
  }

  /** SIGINT to the demo process alone: it has to stop what it started by itself. */
  interrupt(): void {
    this.child.kill("SIGINT");
  }

  /** Whether any process of the demo's group (the server, the worker, the sidecar, postgres) is still there. */
  groupAlive(): boolean {
    try {
      process.kill(-this.pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /** For clean-up after a failure: whatever is left of the group goes at once. */
  killGroup(): void {
    try {
      process.kill(-this.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

export const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

const FIXTURE = path.resolve("tests/fixtures/static-xlmr-anisotropic");
const XLMR_TOKENIZER = path.resolve("../shared/models/tokenizers/xlm-roberta/tokenizer.json");

/** The default preset's repository and the name of its folder in the model cache. */
export const DEFAULT_MODEL = { preset: DEFAULT_PRESET, repo: presets[DEFAULT_PRESET].repo, id: presets[DEFAULT_PRESET].manifest.id };

/** The default chat preset and the demo's file for it in the model cache. */
export const DEFAULT_CHAT_MODEL = { preset: DEFAULT_CHAT_PRESET, ...chatPresets[DEFAULT_CHAT_PRESET] };

/**
 * A Hugging Face hub stand-in that serves the 384-d anisotropic fixture model (the size of
 * multilingual-e5-small) and the real XLM-RoBERTa tokenizer as the default preset's files, and the
 * tiny random-weight chat model as the default chat preset's GGUF file, so the demo downloads them
 * as it would the real models.
 */
export async function startFixtureHub(): Promise<{ hub: ModelHubStandIn; files: Record<string, Buffer> }> {
  const fixture = JSON.parse(await readFile(path.join(FIXTURE, "sidecar.json"), "utf8")) as { dimension: number };
  if (fixture.dimension !== presets[DEFAULT_PRESET].manifest.dimension) {
    throw new Error(`the fixture makes ${fixture.dimension}-d vectors, the default preset's manifest says ${presets[DEFAULT_PRESET].manifest.dimension}`);
  }
  const files: Record<string, Buffer> = { "onnx/model.onnx": await readFile(path.join(FIXTURE, "model.onnx")), "tokenizer.json": await readFile(XLMR_TOKENIZER) };
  const missing = Object.keys(presets[DEFAULT_PRESET].files).filter((file) => !(file in files));
  if (missing.length > 0) throw new Error(`the stand-in lacks the preset's files ${missing.join(", ")}`);
  const chatModel = await readFile(await writeCourseChatModel(path.join(await mkdtemp(path.join(tmpdir(), "fixture-hub-")), "model.gguf")));
  const hub = await startModelHubStandIn(DEFAULT_MODEL.repo, files, { [DEFAULT_CHAT_MODEL.repo]: { [DEFAULT_CHAT_MODEL.file]: chatModel } });
  return { hub, files: { ...files, [DEFAULT_CHAT_MODEL.file]: chatModel } };
}
