import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { CredentialsConfig } from "next-auth/providers/credentials";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LoginThrottle } from "@/lib/auth/login-throttle";
import { upsertStaffUser } from "@/lib/auth/staff-users";
import { handleChatRequest } from "@/lib/chat/handle-chat";
import { createChatDeps, type ChatDeps } from "@/lib/chat/services";
import { parseConfig } from "@/lib/config/load";
import { createPrismaClient } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrations";
import { createEmbedder } from "@/lib/embeddings";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { PEER_HEADER, peerStamp } from "@/lib/http/client-address";
import type { IngestDeps } from "@/lib/rag/ingest/ingest-document";
import { parseDocument } from "@/lib/rag/parse";
import { retrieve } from "@/lib/rag/retrieve";
import { ragServicesOf } from "@/lib/rag/services";
import { SharedLimiter, sweepExpiredLimits } from "@/lib/rate-limit/shared-limiter";
import { LanceDbStore } from "@/lib/vector/lancedb";
import { dropDatabase, recreateDatabase } from "../../support/databases";
import { indexedDemoCourse } from "../../support/demo-course";
import { startRetrievalSidecar } from "../../support/embedding-sidecar";
import { startLlmStandIn, type LlmStandIn } from "../../support/llm-stand-in";
import { readUiChunks } from "../../support/ui-stream";

// Two "app instances" are two PrismaClients (two connection pools) on one database, each with its
// own limiter and chat services, as two servers behind a load balancer would have. The database
// is this file's own, so the day's token usage is what this file spends.
const DATABASE = "course_assistant_shared_limits";
let instances: [PrismaClient, PrismaClient];
let url: string;

beforeAll(async () => {
  url = await recreateDatabase(DATABASE);
  await applyMigrations(url);
  instances = [createPrismaClient(url), createPrismaClient(url)];
});

afterAll(async () => {
  await Promise.all(instances?.map((db) => db.$disconnect()) ?? []);
  await dropDatabase(DATABASE);
});

const unique = () => `t${Math.random().toString(36).slice(2)}`;

describe("SharedLimiter", () => {
  it("lets exactly the limit through when two instances take concurrently", async () => {
    const key = unique();
    const limiters = instances.map((db) => new SharedLimiter(db));
    const decisions = await Promise.all(Array.from({ length: 60 }, (_, i) => limiters[i % 2].take([{ key, limit: 25, windowMs: 60_000 }])));
    expect(decisions.filter((d) => d.ok)).toHaveLength(25);
    expect(decisions.find((d) => !d.ok)).toMatchObject({ ok: false, retryAfterS: expect.any(Number) });
  });

  it("slides: the last window's count fades out over the current one, and says how long to wait", async () => {
    const windowMs = 60_000;
    let now = (Math.floor(Date.now() / windowMs) - 3) * windowMs;
    const limiter = new SharedLimiter(instances[0], () => now);
    const limit = [{ key: unique(), limit: 4, windowMs }];
    for (let i = 0; i < 4; i++) expect((await limiter.take(limit)).ok).toBe(true);
    // Next window, the old count must fade to 3 before a fifth fits: a quarter into it, 75 s from now.
    expect(await limiter.take(limit)).toEqual({ ok: false, retryAfterS: 75 });
    now += windowMs;
    expect(await limiter.take(limit)).toEqual({ ok: false, retryAfterS: 15 });
    now += windowMs / 4;
    expect((await limiter.take(limit)).ok).toBe(true);
  });

  it("sweeps windows no limit reads any more, and only those", async () => {
    const [stale, live] = [unique(), unique()];
    await instances[0].rateLimitWindow.createMany({
      data: [
        { key: stale, window: 1n, count: 5, expiresAt: new Date(Date.now() - 1000) },
        { key: live, window: 2n, count: 5, expiresAt: new Date(Date.now() + 60_000) },
      ],
    });
    expect(await sweepExpiredLimits(instances[1])).toBeGreaterThanOrEqual(1);
    expect((await instances[0].rateLimitWindow.findMany({ where: { key: { in: [stale, live] } } })).map((row) => row.key)).toEqual([live]);
  });

  it("counts all keys or none, and a check or a refusal counts nothing", async () => {
    const limiter = new SharedLimiter(instances[1]);
    const tight = { key: unique(), limit: 1, windowMs: 60_000 };
    const roomy = { key: unique(), limit: 3, windowMs: 60_000 };
    expect((await limiter.take([tight, roomy])).ok).toBe(true);
    expect((await limiter.take([tight, roomy])).ok).toBe(false);
    expect((await limiter.check([roomy])).ok).toBe(true);
    expect((await limiter.take([roomy])).ok).toBe(true);
    expect((await limiter.take([roomy])).ok).toBe(true);
    expect((await limiter.take([roomy])).ok).toBe(false);
    expect((await limiter.take([tight], 0)).ok).toBe(false);
  });
});

describe("sign-in throttle", () => {
  const PASSWORD = "correct horse battery";
  let authorize: CredentialsConfig["authorize"];
  const signIn = (email: string, password: string, address: string) =>
    authorize({ email, password }, { headers: { [PEER_HEADER]: peerStamp(address) }, body: {}, query: {}, method: "POST" }) as Promise<{ id: string } | null>;
  const refused = (attempt: Promise<unknown>) => attempt.then(() => "allowed", (error: Error) => (error.message.startsWith("RATE_LIMITED:") ? "refused" : error.message));

  beforeAll(async () => {
    Object.assign(process.env, { DATABASE_URL: url, DATA_DIR: await mkdtemp(path.join(tmpdir(), "shared-limits-")), AUTH_SECRET: "shared-limits-secret-0123456789abcdef", LOGIN_MAX_ATTEMPTS: "3" });
    const { authOptions } = await import("@/lib/auth/options");
    authorize = (authOptions().providers[0] as unknown as { options: Pick<CredentialsConfig, "authorize"> }).options.authorize;
  });

  it("a guesser at one address locks only that address out of the account; its owner elsewhere signs in", async () => {
    const { email } = await upsertStaffUser(instances[0], { email: `${unique()}@uni.ru`, password: PASSWORD });
    for (let i = 0; i < 3; i++) expect(await signIn(email!, `wrong-${i}`, "198.51.100.66")).toBeNull();
    expect(await refused(signIn(email!, PASSWORD, "198.51.100.66")), "even the right password from the guesser's address").toBe("refused");
    expect(await signIn(email!, PASSWORD, "203.0.113.10"), "the owner from another address").toMatchObject({ id: expect.any(String) });
    expect(await signIn(email!.toUpperCase(), "wrong", "198.51.100.66").catch((e: Error) => e.message)).toMatch(/^RATE_LIMITED:/);
  });

  it("an address trying many accounts is stopped, however it spells them; other addresses are not", async () => {
    const address = "198.51.100.77";
    const outcomes = [];
    for (let i = 0; i < 16; i++) outcomes.push(await refused(signIn(`${unique()}@uni.ru`, "guess", address)));
    expect(outcomes.slice(0, 15)).toEqual(Array(15).fill("allowed"));
    expect(outcomes[15]).toBe("refused");
    expect(await refused(signIn(`${unique()}@uni.ru`, "guess", "198.51.100.78"))).toBe("allowed");
  });

  it("without a known address (no peer stamp) never shuts every sign-in out: only the account's own limit applies", async () => {
    const unstamped = (email: string) =>
      refused(authorize({ email, password: "guess" }, { headers: { "x-forwarded-for": "203.0.113.200" }, body: {}, query: {}, method: "POST" }) as Promise<unknown>);
    const outcomes = [];
    for (let i = 0; i < 20; i++) outcomes.push(await unstamped(`${unique()}@uni.ru`));
    expect(outcomes).toEqual(Array(20).fill("allowed"));
  });

  it("locks out for longer each time: after the first lockout's window, the next one comes sooner and lasts longer", async () => {
    const windowMs = 60_000;
    let now = Math.floor(Date.now() / (16 * windowMs)) * 16 * windowMs;
    const throttle = new LoginThrottle(new SharedLimiter(instances[1], () => now), 2, windowMs);
    const email = `${unique()}@uni.ru`;
    const address = "192.0.2.5";
    expect((await throttle.attempt(email, address)).ok).toBe(true);
    expect((await throttle.attempt(email, address)).ok).toBe(true);
    const first = await throttle.attempt(email, address);
    expect(first).toMatchObject({ ok: false });
    now += 2 * windowMs;
    // The base window is past, but the wider backoff window (4 attempts in 4 minutes) still counts both.
    expect((await throttle.attempt(email, address)).ok).toBe(true);
    expect((await throttle.attempt(email, address)).ok).toBe(true);
    const second = await throttle.attempt(email, address);
    expect(second).toMatchObject({ ok: false });
    expect(second.ok === false && first.ok === false && second.retryAfterS > first.retryAfterS).toBe(true);
    // Signing in successfully starts the account afresh from that address.
    await throttle.succeeded(email, address);
    expect((await throttle.attempt(email, address)).ok).toBe(true);
  });
});

describe("chat limits and token budgets across two instances", () => {
  let sidecar: Awaited<ReturnType<typeof startRetrievalSidecar>>;
  let llm: LlmStandIn;
  let rag: IngestDeps;
  const slug = "shared-limits-course";
  const BUDGET = 6000;

  beforeAll(async () => {
    sidecar = await startRetrievalSidecar();
    llm = await startLlmStandIn();
    const config = parseConfig({ DATA_DIR: await mkdtemp(path.join(tmpdir(), "shared-limits-chat-")), EMBEDDINGS_URL: sidecar.url });
    rag = { ...ragServicesOf(config, instances[0], await LanceDbStore.open(config.paths.lancedb), createEmbedder(config).embed), parse: parseDocument };
    await indexedDemoCourse(rag, slug);
    await instances[0].course.update({ where: { slug }, data: { publishedAt: new Date() } });
  }, 120_000);

  afterAll(async () => {
    await llm?.close();
    await rag?.store.close();
    await sidecar?.close();
  });

  function instance(db: PrismaClient): ChatDeps {
    const config = parseConfig({
      DATA_DIR: rag.config.paths.data,
      EMBEDDINGS_URL: sidecar.url,
      LLM_PROVIDER: "vllm",
      LLM_BASE_URL: `${llm.url}/v1`,
      LLM_MODEL: "Qwen/Qwen2.5-7B-Instruct",
      LLM_MAX_TOKENS: "200",
      LLM_DAILY_TOKENS: String(BUDGET),
      CHAT_RATE_LIMIT_PER_MINUTE: "4",
      VISITORS_PER_ADDRESS_PER_HOUR: "30",
    });
    return createChatDeps(config, db, (options) => retrieve({ ...rag, db }, options));
  }

  it("tells a student who asks too fast (rate_limited) from one who used up the day (daily_quota)", async () => {
    const askAs = async (env: Record<string, string>, address: string, cookie?: string) => {
      const config = parseConfig({ DATA_DIR: rag.config.paths.data, EMBEDDINGS_URL: sidecar.url, ...env });
      const response = await handleChatRequest(
        createChatDeps(config, instances[1], (options) => retrieve({ ...rag, db: instances[1] }, options)),
        new Request("http://app.test/api/chat", {
          method: "POST",
          headers: { "content-type": "application/json", [PEER_HEADER]: peerStamp(address), ...(cookie ? { cookie } : {}) },
          body: JSON.stringify({ courseSlug: slug, message: "Какие типы данных есть в Python?" }),
        }),
      );
      if (response.status === 200) await readUiChunks(response);
      const code = response.status === 200 ? "answered" : ((await response.json()) as { error: { code: string } }).error.code;
      return { code, cookie: cookie ?? /ca_visitor=[^;]+/.exec(response.headers.get("set-cookie") ?? "")?.[0] };
    };
    // One a minute: the first fills the window, so the wait is over a minute, yet it is not the day's quota.
    const fast = { CHAT_RATE_LIMIT_PER_MINUTE: "1" };
    const first = await askAs(fast, "192.0.2.71");
    expect(first.code).toBe("answered");
    expect((await askAs(fast, "192.0.2.71", first.cookie)).code).toBe("rate_limited");

    const daily = { CHAT_DAILY_QUESTIONS_PER_STUDENT: "2" };
    const opener = await askAs(daily, "192.0.2.72");
    expect((await askAs(daily, "192.0.2.72", opener.cookie)).code).toBe("answered");
    expect((await askAs(daily, "192.0.2.72", opener.cookie)).code).toBe("daily_quota");
  });

  it("hundreds of cookieless questions with made-up X-Forwarded-For from one address get the address's share, and the budget holds", async () => {
    const servers = instances.map(instance);
    const visitorsBefore = await instances[0].visitor.count();
    const floodStarted = new Date();
    const ask = async (i: number) => {
      const response = await handleChatRequest(
        servers[i % 2],
        new Request("http://app.test/api/chat", {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": `10.${i % 250}.${i % 7}.${i % 13}`, [PEER_HEADER]: peerStamp("198.51.100.9") },
          body: JSON.stringify({ courseSlug: slug, message: "Какие типы данных есть в Python?" }),
        }),
      );
      if (response.status !== 200) return { status: response.status, code: ((await response.json()) as { error: { code: string } }).error.code };
      const chunks = await readUiChunks(response);
      const finish = chunks.at(-1) as { messageMetadata?: { answerMode?: string } };
      return { status: 200, code: finish.messageMetadata?.answerMode ?? "?" };
    };
    const outcomes: { status: number; code: string }[] = [];
    for (let batch = 0; batch < 20; batch++) outcomes.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => ask(batch * 10 + i)))));

    const answered = outcomes.filter((o) => o.status === 200);
    // 4 questions a minute per student, five students' worth per address: 20, whichever server asked.
    expect(answered).toHaveLength(20);
    expect(outcomes.filter((o) => o.status === 429).map((o) => o.code).sort()).toEqual([
      ...Array(10).fill("rate_limited"),
      ...Array(170).fill("too_many_visitors"),
    ]);
    expect((await instances[0].visitor.count()) - visitorsBefore, "new visitors from one address").toBe(30);

    // The global budget answered some with the model, the rest with quotes, and was never overshot.
    const llmAnswers = answered.filter((o) => o.code === "LLM").length;
    expect(llmAnswers).toBeGreaterThan(0);
    expect(llmAnswers).toBeLessThan(20);
    expect(llm.requests).toHaveLength(llmAnswers);
    const stored = await instances[1].message.findMany({ where: { role: "ASSISTANT", chat: { course: { slug } }, createdAt: { gte: floodStarted } }, select: { answerMode: true, text: true } });
    expect(stored, "every answered question has its stored answer").toHaveLength(20);
    expect(stored.filter((m) => m.answerMode === "RETRIEVAL_ONLY").every((m) => m.text.startsWith("**Дневной лимит"))).toBe(true);
    const usage = await instances[0].tokenUsage.findUniqueOrThrow({ where: { scope_day: { scope: "global", day: (await instances[0].tokenUsage.findFirstOrThrow()).day } } });
    expect(Number(usage.tokens)).toBeGreaterThan(0);
    expect(Number(usage.tokens)).toBeLessThanOrEqual(BUDGET);
  }, 180_000);
});
