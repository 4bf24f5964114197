-- AlterTable
ALTER TABLE "Course" ADD COLUMN     "dailyTokenBudget" INTEGER,
ADD COLUMN     "publishedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "RateLimitWindow" (
    "key" TEXT NOT NULL,
    "window" BIGINT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateLimitWindow_pkey" PRIMARY KEY ("key","window")
);

-- CreateTable
CREATE TABLE "TokenUsage" (
    "scope" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "tokens" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "TokenUsage_pkey" PRIMARY KEY ("scope","day")
);

-- CreateIndex
CREATE INDEX "RateLimitWindow_expiresAt_idx" ON "RateLimitWindow"("expiresAt");


-- Every course students could reach before drafts existed stays reachable.
UPDATE "Course" SET "publishedAt" = "createdAt" WHERE "archivedAt" IS NULL;

-- One rate-limit decision over several keys, atomic across app instances (lib/rate-limit).
-- Each key's sliding window is estimated from two fixed windows: the previous one weighted by the
-- part of it the sliding window still covers. Rows are locked in key order, so callers that share
-- keys never deadlock. When one more event of p_cost fits under every limit, it is counted against
-- every key and 0 is returned; otherwise nothing is counted and the milliseconds until it would
-- fit are returned. p_cost 0 only asks whether one more event would fit.
CREATE FUNCTION rate_limit_take(p_keys TEXT[], p_limits INTEGER[], p_windows_ms BIGINT[], p_cost INTEGER, p_now_ms BIGINT)
RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
  i INTEGER;
  w BIGINT;
  cur BIGINT;
  elapsed BIGINT;
  cur_count INTEGER;
  prev_count INTEGER;
  room BIGINT;
  wait_ms BIGINT;
  longest BIGINT := 0;
  need INTEGER := greatest(p_cost, 1);
BEGIN
  FOR i IN SELECT k.ord FROM unnest(p_keys) WITH ORDINALITY AS k(key, ord) ORDER BY k.key LOOP
    w := p_windows_ms[i];
    cur := p_now_ms / w;
    elapsed := p_now_ms - cur * w;
    INSERT INTO "RateLimitWindow" ("key", "window", "count", "expiresAt")
      VALUES (p_keys[i], cur, 0, to_timestamp((cur + 2) * w / 1000.0))
      ON CONFLICT DO NOTHING;
    SELECT "count" INTO cur_count FROM "RateLimitWindow" WHERE "key" = p_keys[i] AND "window" = cur FOR UPDATE;
    SELECT coalesce(max("count"), 0) INTO prev_count FROM "RateLimitWindow" WHERE "key" = p_keys[i] AND "window" = cur - 1;
    -- It fits while prev * (w - elapsed) / w + cur + need <= limit.
    room := p_limits[i] - cur_count - need;
    IF room < 0 THEN
      -- Not before the next window, where this window's count is the one that fades out.
      wait_ms := CASE WHEN need > p_limits[i] OR cur_count = 0 THEN w
        ELSE (w - elapsed) + ceil(w * (1 - (p_limits[i] - need)::float8 / cur_count))::bigint END;
    ELSIF prev_count::bigint * (w - elapsed) > room * w THEN
      wait_ms := ceil(w * (1 - room::float8 / prev_count))::bigint - elapsed;
    ELSE
      wait_ms := 0;
    END IF;
    longest := greatest(longest, wait_ms);
  END LOOP;
  IF longest > 0 OR p_cost = 0 THEN
    RETURN longest;
  END IF;
  UPDATE "RateLimitWindow" SET "count" = "count" + p_cost
    WHERE ("key", "window") IN (SELECT t.key, p_now_ms / p_windows_ms[t.ord] FROM unnest(p_keys) WITH ORDINALITY AS t(key, ord));
  -- Windows two lengths old are no longer read; any caller sweeps them now and then.
  IF random() < 0.002 THEN
    DELETE FROM "RateLimitWindow" WHERE "expiresAt" < now();
  END IF;
  RETURN 0;
END $$;

-- Reserves p_tokens in every scope for p_day when each stays within its budget (a null budget has
-- no bound); otherwise reserves nothing. Returns the scopes without room: empty when reserved.
CREATE FUNCTION token_budget_reserve(p_scopes TEXT[], p_budgets BIGINT[], p_day DATE, p_tokens BIGINT)
RETURNS TEXT[] LANGUAGE plpgsql AS $$
DECLARE
  i INTEGER;
  used BIGINT;
  spent TEXT[] := '{}';
BEGIN
  FOR i IN SELECT s.ord FROM unnest(p_scopes) WITH ORDINALITY AS s(scope, ord) ORDER BY s.scope LOOP
    INSERT INTO "TokenUsage" ("scope", "day", "tokens") VALUES (p_scopes[i], p_day, 0) ON CONFLICT DO NOTHING;
    SELECT "tokens" INTO used FROM "TokenUsage" WHERE "scope" = p_scopes[i] AND "day" = p_day FOR UPDATE;
    IF p_budgets[i] IS NOT NULL AND used + p_tokens > p_budgets[i] THEN
      spent := spent || p_scopes[i];
    END IF;
  END LOOP;
  IF cardinality(spent) = 0 THEN
    UPDATE "TokenUsage" SET "tokens" = "tokens" + p_tokens WHERE "scope" = ANY (p_scopes) AND "day" = p_day;
  END IF;
  RETURN spent;
END $$;
